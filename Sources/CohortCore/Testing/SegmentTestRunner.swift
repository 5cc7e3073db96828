/// Runs one test file against a workspace's definitions, in memory: reads it, checks the names it
/// uses, ingests its records, evaluates every segment at its `asOf` (`ProfileEvaluation`) and
/// compares each expectation.
public enum SegmentTestRunner {
    /// Runs `file` against `workspace`, whose destinations in `blocked` a data-usage policy blocks.
    public static func run(_ file: SourceFile, workspace: Workspace, blocked: Set<String> = []) -> SegmentTestOutcome {
        let sink = DiagnosticSink()
        guard let test = SegmentTestReader.read(file, sink: sink) else {
            return SegmentTestOutcome(file: file.path, name: file.stem, diagnostics: sink.sorted, results: [])
        }
        let resolved = check(test, workspace: workspace, blocked: blocked, sink: sink)
        let records = SegmentTestRecords.stored(test, workspace: workspace, sink: sink)
        guard !sink.hasErrors else {
            return SegmentTestOutcome(file: file.path, name: test.name, diagnostics: sink.sorted, results: [])
        }
        let evaluation = ProfileEvaluation(records: records, workspace: workspace, now: test.asOf.value)
        let results = zip(test.expectations, resolved).map { expectation, identities in
            SegmentTestOutcome.Result(name: expectation.name, location: expectation.location,
                                      failures: failures(of: expectation, identities: identities, in: evaluation))
        }
        return SegmentTestOutcome(file: file.path, name: test.name, diagnostics: sink.sorted, results: results)
    }

    // MARK: Names

    /// Checks that every segment, destination, identity and column an expectation names exists;
    /// returns each expectation's identities as the store holds them, by the text written.
    private static func check(_ test: SegmentTest, workspace: Workspace, blocked: Set<String>,
                              sink: DiagnosticSink) -> [[String: Identity]] {
        test.expectations.map { expectation in
            let subject = expectation.subject
            if case .rows(let rows) = expectation.check {
                checkDestination(subject, rows: rows, workspace: workspace, blocked: blocked, sink: sink)
                return [:]
            }
            if workspace.segment(subject.value) == nil {
                sink.error(subject.location, unknown("segment", subject.value, among: workspace.segments.map(\.id.value)))
            }
            var identities: [String: Identity] = [:]
            for name in expectation.check.identityNames {
                switch IdentityArgument.resolve(name.value, in: workspace) {
                case .success(let identity): identities[name.value] = identity
                case .failure(let problem): sink.error(name.location, problem.description)
                }
            }
            return identities
        }
    }

    private static func checkDestination(_ subject: Located<String>, rows: [SegmentTest.Row], workspace: Workspace,
                                         blocked: Set<String>, sink: DiagnosticSink) {
        guard let destination = workspace.destinations.first(where: { $0.id.value == subject.value }) else {
            sink.error(subject.location, unknown("destination", subject.value, among: workspace.destinations.map(\.id.value)))
            return
        }
        guard destination.type == .file else {
            sink.error(subject.location,
                       "\"\(subject.value)\" is a stream destination; rows can be expected of file destinations only")
            return
        }
        if blocked.contains(subject.value) {
            sink.error(subject.location, "\"\(subject.value)\" is blocked by a data-usage policy, so it exports nothing; "
                + "run cohort validate to see why")
        }
        let names = FileExportPlanner(destination: destination, workspace: workspace).layout.names
        for row in rows {
            for cell in row.cells where !names.contains(cell.column.value) {
                sink.error(cell.column.location, "\"\(subject.value)\" has no column \"\(cell.column.value)\""
                    + "\(Suggestion.hint(for: cell.column.value, in: names)); its columns: \(names.joined(separator: ", "))")
            }
        }
    }

    /// `unknown segment "golden"; did you mean `gold`?; segments: buyers, gold`.
    static func unknown(_ kind: String, _ id: String, among ids: [String]) -> String {
        "unknown \(kind) \"\(id)\"\(Suggestion.hint(for: id, in: ids)); \(kind)s: \(ids.joined(separator: ", "))"
    }

    // MARK: Comparing

    private static func failures(of expectation: SegmentTest.Expectation, identities: [String: Identity],
                                 in evaluation: ProfileEvaluation) -> [SegmentTestOutcome.Failure] {
        switch expectation.check {
        case .members(let names):
            guard let segment = evaluation.workspace.segment(expectation.subject.value) else { return [] }
            var failures = names.compactMap { expect($0, identities[$0.value], in: true, segment: segment, evaluation) }
            let named = Set(names.compactMap { identities[$0.value] })
            for member in evaluation.members(of: segment) where !member.profile.identities.contains(where: named.contains) {
                let key = member.profile.identities.first?.description ?? ""
                failures.append(SegmentTestOutcome.Failure(
                    location: expectation.location, explanation: explanation(of: segment, for: member, named: key, evaluation),
                    message: "\(segment.id.value): \(key) is a member, but `members` names none of its identities"))
            }
            return failures
        case .inOut(let inNames, let outNames):
            guard let segment = evaluation.workspace.segment(expectation.subject.value) else { return [] }
            return inNames.compactMap { expect($0, identities[$0.value], in: true, segment: segment, evaluation) }
                + outNames.compactMap { expect($0, identities[$0.value], in: false, segment: segment, evaluation) }
        case .rows(let rows):
            return SegmentTestRows.failures(of: rows, destination: expectation.subject, at: expectation.location,
                                            in: evaluation)
        }
    }

    /// A failure when the profile holding `identity` is not `in` (or not out of) the segment, or no profile holds it.
    private static func expect(_ name: Located<String>, _ identity: Identity?, in wanted: Bool, segment: Segment,
                               _ evaluation: ProfileEvaluation) -> SegmentTestOutcome.Failure? {
        guard let identity else { return nil }
        let expected = "\(segment.id.value): expected \(name.value) \(wanted ? "in" : "out")"
        guard let entry = evaluation.profiles(of: segment).entry(for: identity) else {
            return SegmentTestOutcome.Failure(
                location: name.location, explanation: [],
                message: "\(expected), but no profile has that identity (no record of the test holds it)")
        }
        guard isMember(entry, segment, evaluation) != wanted else { return nil }
        return SegmentTestOutcome.Failure(
            location: name.location, explanation: explanation(of: segment, for: entry, named: name.value, evaluation),
            message: "\(expected), but it is \(wanted ? "out" : "in")")
    }

    private static func isMember(_ entry: UnifiedProfiles.Entry, _ segment: Segment, _ evaluation: ProfileEvaluation) -> Bool {
        entry.key.map { evaluation.memberships.isMember(segment.id.value, key: $0) } ?? false
    }

    /// What `cohort explain` shows for the profile: the verdict, then each clause with its value.
    private static func explanation(of segment: Segment, for entry: UnifiedProfiles.Entry, named name: String,
                                    _ evaluation: ProfileEvaluation) -> [String] {
        guard let explained = try? SegmentExplanation(segment: segment, entry: entry, workspace: evaluation.workspace,
                                                      now: evaluation.now) else { return [] }
        return ["\(segment.id.value) for \(name): \(explained.verdict)"] + explained.renderedLines()
    }
}
