import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort explain SEGMENT NAMESPACE:VALUE`: why a profile is in or out of a segment, clause by clause.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show why a profile is in or out of a segment, clause by clause.",
        discussion: "Each clause of the segment's expression is shown with its value for the profile (true, false, missing, or the values compared)."
    )

    @OptionGroup var workspace: WorkspaceOption

    @Argument(help: ArgumentHelp("The segment id.", valueName: "segment"), completion: .definitionIDs(.segment))
    var segment: String

    @Argument(help: ArgumentHelp("The profile's identity, e.g. lumaLoyaltyId:5625458.", valueName: "namespace:value"))
    var identity: String

    @OptionGroup var asOf: AsOfOption

    func validate() throws {
        try checkIdentitySyntax(identity)
    }

    func run() throws {
        // The profile as the segment's merge policy makes it.
        let (builder, profiles) = try loadBuiltProfiles(workspace, segment: segment, holding: identity)
        guard let definition = builder.workspace.segment(segment) else {
            printError("error: unknown segment \"\(segment)\"\(Suggestion.hint(for: segment, in: builder.workspace.segments.map(\.id.value)))")
            throw ExitCode(1)
        }
        guard let entry = profiles.entry(for: try resolvedIdentity(identity, in: builder.workspace)) else {
            printError("error: no profile has the identity \(identity)")
            throw ExitCode(1)
        }
        guard case .success(let node) = PQLParser.parse(definition.expression.text) else {
            printError("error: segment \"\(segment)\" does not parse; run cohort validate")
            throw ExitCode(1)
        }
        let now = asOf.millisecondsOrNow
        let profile = entry.profile(under: builder.workspace.mergePolicy(of: definition).id.value)
        var context = PQLContext(attributes: entry.profile.packedAttributes, events: entry.events, now: now,
                                 timeZone: builder.workspace.settings.timezone.value)
        context.identities = entry.profile.identities
        let segments = SegmentSet(workspace: builder.workspace)
        context.memberships = segments.memberships(context, others: entry.otherAttributes)
        context.attributes = profile.packedAttributes
        let lines = PQLExplainer.explain(node, source: definition.expression.text, context: context)
        let optedOut = definition.excludeOptOut && OptOut.isOptedOut(profile.packedAttributes)
        let verdict = context.memberships.contains(segment) ? "IN" : "OUT"
        print("\(segment) for \(identity): \(verdict)\(optedOut ? " (the profile opted out and the segment excludes opt-outs)" : "")")
        for line in lines {
            print(String(repeating: "  ", count: line.depth + 1) + "\(line.text)  →  \(line.value)")
        }
    }
}
