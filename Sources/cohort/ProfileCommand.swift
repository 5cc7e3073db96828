import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort profile NAMESPACE:VALUE`: one unified profile, and why its identities are one person.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show the merged profile of an identity: attributes with their sources, identity links, events.",
        discussion: "Reads the store as the last `cohort build` left it; it ingests nothing."
    )

    @OptionGroup var workspace: WorkspaceOption

    @Argument(help: ArgumentHelp("The identity, e.g. Email:ann@example.com or lumaCrmId:112ca06e…", valueName: "namespace:value"))
    var identity: String

    @Flag(help: "Print {\"identities\":[…],\"attributes\":{…},\"events\":N,\"sources\":{…},\"links\":[…]}.")
    var json = false

    func run() throws {
        guard let wanted = Identity(parsing: identity) else {
            throw ValidationError("\"\(identity)\" is not NAMESPACE:VALUE, e.g. Email:ann@example.com")
        }
        let (_, profiles) = try loadBuiltProfiles(workspace)
        guard let entry = profiles.entry(for: wanted) else {
            printError("error: no profile has the identity \(wanted)")
            throw ExitCode(1)
        }
        let links = profiles.graph.links.filter { entry.profile.identities.contains($0.from) }
        print(json ? ProfileReport.json(entry, links: links) : ProfileReport.text(entry, links: links))
    }
}
