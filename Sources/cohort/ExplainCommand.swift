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

    @Flag(help: """
        Print {"segment","identity","member","optedOut","asOf","clauses":[{"clause","value","children":[…]}]}.
        """)
    var json = false

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
        let now = asOf.millisecondsOrNow
        let explained: SegmentExplanation?
        do {
            explained = try SegmentExplanation(segment: definition, entry: entry, workspace: builder.workspace, now: now)
        } catch {
            printError(error.diagnostic(in: definition.expression).description)
            throw ExitCode(1)
        }
        guard let explanation = explained else {
            printError("error: segment \"\(segment)\" does not parse; run cohort validate")
            throw ExitCode(1)
        }
        if json {
            print(JSONWriter.string(.object([
                "segment": .string(segment), "identity": .string(identity), "asOf": .string(Timestamp.rfc3339(now)),
                "member": .bool(explanation.isMember), "optedOut": .bool(explanation.excludedAsOptedOut),
                "clauses": .array(PQLExplainer.tree(explanation.lines)),
            ])))
            return
        }
        print("\(segment) for \(identity): \(explanation.verdict)")
        for line in explanation.renderedLines() { print(line) }
    }
}
