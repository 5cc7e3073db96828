import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort query 'PQL'`: how many profiles match an expression, and a sample of them.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Count the profiles that match a PQL expression and show a sample.",
        discussion: "Evaluates over the profiles of the last `cohort build`, as of now or --as-of."
    )

    @OptionGroup var workspace: WorkspaceOption

    @Argument(help: ArgumentHelp("The expression, e.g. 'loyalty.tier in [\"gold\", \"platinum\"]'.", valueName: "pql"))
    var expression: String

    @OptionGroup var asOf: AsOfOption

    @Option(help: "How many matching profiles to show.")
    var limit = 10

    @Flag(help: "Print {\"count\":N,\"sample\":[{\"identities\":[{\"namespace\",\"id\"}]}]}.")
    var json = false

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let builder = try loadBuilder(workspace)
        let source = LocatedText(expression, at: SourceLocation(file: "(query)", line: 1, column: 1))
        let node: PQLNode
        switch PQLParser.parse(expression) {
        case .failure(let error):
            printError(error.diagnostic(in: source).description)
            throw ExitCode(1)
        case .success(let parsed): node = parsed
        }
        let check = PQLChecker.check(node, in: PQLEnvironment(workspace: builder.workspace))
        guard check.errors.isEmpty else {
            check.errors.forEach { printError($0.diagnostic(in: source).description) }
            throw ExitCode(1)
        }
        let now = asOf.millisecondsOrNow
        let program = PQLProgram(node)
        let segments = check.segments.isEmpty ? nil : SegmentSet(workspace: builder.workspace)
        var context = PQLContext(attributes: [:], events: [], now: now, timeZone: builder.workspace.settings.timezone.value)
        // Profiles are read a batch of components at a time: the count, and the first matches in identity order.
        var (total, matches, sample) = (0, 0, [[Identity]]())
        try reportingBuildErrors {
            try builder.forEachProfileBatch { profiles in
                total += profiles.entries.count
                for entry in profiles.entries {
                    context.attributes = entry.profile.packedAttributes
                    context.events = entry.eventAttributes
                    context.memberships = []
                    context.memberships = segments.map { $0.memberships(context) } ?? []
                    guard program.matches(context) else { continue }
                    matches += 1
                    sample.append(entry.profile.identities)
                }
                sample.sort { $0.lexicographicallyPrecedes($1) }
                sample = Array(sample.prefix(limit))
            }
        }
        let known = Dictionary(uniqueKeysWithValues: (segments ?? SegmentSet(workspace: builder.workspace)).segments.map { ($0.id, $0.eligibility) })
        let eligibility = StreamingEligibility.of(node, dependencies: check, modes: known)
        let evaluation = eligibility.isStreaming ? "streaming" : "batch"
        if json {
            print(JSONWriter.string(.object([
                "count": .integer(Int64(matches)),
                "evaluation": .object(["mode": .string(evaluation), "reason": .string(eligibility.reason)]),
                "sample": .array(sample.map { identities in
                    .object(["identities": .array(identities.map { .object(["namespace": .string($0.namespace), "id": .string($0.id)]) })])
                }),
            ])))
        } else {
            print("\(matches) of \(total) profiles match (\(evaluation)-eligible: \(eligibility.reason))")
            for identities in sample { print("  " + identities.map(\.description).joined(separator: " ")) }
        }
    }
}
