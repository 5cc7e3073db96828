import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort profile NAMESPACE:VALUE`: one unified profile, and why its identities are one person.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show the merged profile of an identity: attributes with their sources and the values that lost, "
            + "identity links, events, segments.",
        discussion: "Reads the store as the last `cohort build` left it; it ingests nothing. The value is normalized "
            + "as ingest normalizes its namespace (emails lowercased, phones in E.164). Under each attribute are the "
            + "values other records had and why the merge policy did not take them (older, or a dataset later in its "
            + "order or not in it)."
    )

    @OptionGroup var workspace: WorkspaceOption

    @Argument(help: ArgumentHelp("The identity, e.g. Email:ann@example.com or lumaCrmId:112ca06e…", valueName: "namespace:value"))
    var identity: String

    @Flag(help: ArgumentHelp(
        "Print {\"identities\":[…],\"attributes\":{…},\"events\":N,\"segments\":{…},\"sources\":{…},\"losing\":{…},\"links\":[…]}."))
    var json = false

    func validate() throws { try checkIdentitySyntax(identity) }

    func run() throws {
        let (builder, profiles) = try loadBuiltProfiles(workspace, holding: identity)
        let wanted = try resolvedIdentity(identity, in: builder.workspace)
        guard let entry = profiles.entry(for: wanted) else {
            printError("error: no profile has the identity \(wanted)")
            throw ExitCode(1)
        }
        let links = profiles.graph.links.filter { entry.profile.identities.contains($0.from) }
        let key = entry.profile.identities.first?.description ?? ""
        let segments = try builder.memberships().compactMapValues { $0[key] }
        print(json ? ProfileReport.json(entry, links: links, segments: segments)
                   : ProfileReport.text(entry, links: links, segments: segments))
    }
}
