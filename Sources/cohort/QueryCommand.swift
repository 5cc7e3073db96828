import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort query 'PQL'`: how many profiles match a condition, and a sample of them; or, for a value
/// expression, how its values are spread over the profiles.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Count the profiles that match a PQL condition and show a sample, or show how a PQL value is spread.",
        discussion: """
            Evaluates over the profiles of the last `cohort build`, as of now or --as-of. A value \
            expression (`xEvent.count()`, `homeAddress.city`) prints how many profiles have a value, \
            the minimum, maximum and mean of numbers, and the most common values with their counts.
            """
    )

    @OptionGroup var workspace: WorkspaceOption

    @Argument(help: ArgumentHelp("The expression, e.g. 'loyalty.tier in [\"gold\", \"platinum\"]'.", valueName: "pql"))
    var expression: String

    @OptionGroup var asOf: AsOfOption

    @Option(help: "How many matching profiles (or most common values) to show.")
    var limit = 10

    @Option(help: ArgumentHelp("Show these profile attributes of each matching profile, as columns after its identities.",
                               valueName: "path,path…"))
    var show: String?

    @Flag(help: """
        Print {"count":N,"sample":[{"identities":[{"namespace","id"}],"attributes"?:{"<path>":value}}]}, or for a value \
        {"profiles":N,"withValue":N,"numbers":{"count","min","max","mean"},"values":[{"value","count"}]}.
        """)
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
        let check = PQLChecker.check(node, in: PQLEnvironment(workspace: builder.workspace), allowingValues: true)
        guard check.errors.isEmpty else {
            check.errors.forEach { printError($0.diagnostic(in: source).description) }
            throw ExitCode(1)
        }
        let shown = try show.map { try Self.shownPaths($0, workspace: builder.workspace) } ?? []
        let program: PQLProgram
        do {
            program = try PQLProgram(node)
        } catch {
            printError(error.diagnostic(in: source).description)
            throw ExitCode(1)
        }
        let segments = check.segments.isEmpty ? nil : SegmentSet(workspace: builder.workspace)
        if ValueDistribution.isValue(node, of: check.type) {
            let distribution = try distribution(of: program, builder: builder, segments: segments)
            print(json ? JSONWriter.string(distribution.json(limit: limit))
                       : distribution.lines(expression: expression, limit: limit).joined(separator: "\n"))
            return
        }
        // Profiles are read a batch of components at a time: the count, and the first matches in identity order.
        var (total, matches, sample) = (0, 0, [Sampled]())
        try forEachProfile(builder: builder, segments: segments) { entry, context in
            total += 1
            guard program.matches(context) else { return }
            matches += 1
            let attributes = shown.isEmpty ? [] : Self.values(of: shown, in: entry.profile)
            sample.append(Sampled(identities: entry.profile.identities, attributes: attributes))
            if sample.count > 4 * max(limit, 256) { sample = Self.first(limit, of: sample) }
        }
        sample = Self.first(limit, of: sample)
        let known = Dictionary(uniqueKeysWithValues: (segments ?? SegmentSet(workspace: builder.workspace)).segments.map { ($0.id, $0.eligibility) })
        let eligibility = StreamingEligibility.of(node, dependencies: check, modes: known)
        let evaluation = eligibility.isStreaming ? "streaming" : "batch"
        if json {
            print(JSONWriter.string(.object([
                "count": .integer(Int64(matches)),
                "evaluation": .object(["mode": .string(evaluation), "reason": .string(eligibility.reason)]),
                "sample": .array(sample.map { sampled in
                    var members: [String: Value] = [
                        "identities": .array(sampled.identities.map {
                            .object(["namespace": .string($0.namespace), "id": .string($0.id)])
                        }),
                    ]
                    if !shown.isEmpty {
                        // A path given twice is one key.
                        let pairs = zip(shown.map { $0.joined(separator: ".") }, sampled.attributes)
                        members["attributes"] = .object(Dictionary(pairs, uniquingKeysWith: { first, _ in first }))
                    }
                    return .object(members)
                }),
            ])))
        } else {
            print("\(matches) of \(total) profiles match (\(evaluation)-eligible: \(eligibility.reason))")
            // With --show, tab-separated columns under a header: identities, then each attribute (JSON, or
            // empty when missing).
            if !shown.isEmpty {
                print("  " + (["identities"] + shown.map { $0.joined(separator: ".") }).joined(separator: "\t"))
            }
            for sampled in sample {
                let columns = sampled.attributes.map { $0 == .null ? "" : JSONWriter.string($0) }
                print("  " + ([sampled.identities.map(\.description).joined(separator: " ")] + columns).joined(separator: "\t"))
            }
        }
    }

    /// A matching profile shown in the sample: its identities and the `--show` attributes' values.
    struct Sampled {
        var identities: [Identity]
        var attributes: [Value]
    }

    /// The `--show` paths, split at commas; each must be a profile attribute of the workspace's schemas,
    /// else it is a usage error at its column (`(--show):1:14: error: unknown field …; did you mean …?`).
    static func shownPaths(_ list: String, workspace: Workspace) throws -> [[String]] {
        let environment = PQLEnvironment(workspace: workspace)
        var paths: [[String]] = []
        var diagnostics: [Diagnostic] = []
        var column = 1
        for piece in list.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            defer { column += piece.count + 1 }
            let leading = piece.prefix { $0 == " " }.count
            let text = piece.trimmingCharacters(in: .whitespaces)
            let location = SourceLocation(file: "(--show)", line: 1, column: column + leading)
            let notAPath = Diagnostic.error(at: location, "`\(text)` is not a profile attribute path; give paths such as loyalty.tier,homeAddress.city")
            guard case .success(let node) = PQLParser.parse(text), case .path(let path) = node.kind, path.first != "xEvent" else {
                diagnostics.append(notAPath)
                continue
            }
            let check = PQLChecker.check(node, in: environment, allowingValues: true)
            diagnostics += check.errors.map { $0.diagnostic(in: LocatedText(text, at: location)) }
            if check.errors.isEmpty { paths.append(path) }
        }
        guard diagnostics.isEmpty else {
            diagnostics.forEach { printError($0.description) }
            throw ExitCode(2)
        }
        return paths
    }

    /// The values of `paths` in a profile (null where it has none).
    static func values(of paths: [[String]], in profile: Profile) -> [Value] {
        let attributes = Value.object(profile.attributes)
        return paths.map { attributes[path: $0[...]] ?? .null }
    }

    /// Every profile of the last build with the context an expression reads, a batch of components at a time.
    private func forEachProfile(builder: Builder, segments: SegmentSet?,
                                _ body: (UnifiedProfiles.Entry, PQLContext) throws -> Void) throws {
        var context = PQLContext(attributes: [:], events: [], now: asOf.millisecondsOrNow, timeZone: builder.workspace.settings.timezone.value)
        try reportingBuildErrors {
            try builder.forEachProfileBatch { profiles in
                for entry in profiles.entries {
                    context.attributes = entry.profile.packedAttributes
                    context.events = entry.eventAttributes
                    context.identities = entry.profile.identities
                    context.memberships = []
                    context.memberships = segments.map { $0.memberships(context) } ?? []
                    try body(entry, context)
                }
            }
        }
    }

    private func distribution(of program: PQLProgram, builder: Builder, segments: SegmentSet?) throws -> ValueDistribution {
        var distribution = ValueDistribution()
        try forEachProfile(builder: builder, segments: segments) { _, context in distribution.add(program.value(context)) }
        return distribution
    }

    /// The first `limit` sampled profiles in identity order.
    private static func first(_ limit: Int, of sample: [Sampled]) -> [Sampled] {
        Array(sample.sorted { $0.identities.lexicographicallyPrecedes($1.identities) }.prefix(limit))
    }
}
