/// Parses and checks every segment's PQL against the workspace's schemas, and rejects `inSegment`
/// cycles, reporting each problem at its line and column inside the segment file.
enum SegmentChecker {
    /// An unknown field that no known field is close to is reported as depending on a broken schema or
    /// dataset when there is one (it may be where the field is defined).
    static func check(_ workspace: Workspace, sink: DiagnosticSink, dependencies: BrokenDependencyReport) {
        let environment = PQLEnvironment(workspace: workspace)
        var references: [String: [String: Int]] = [:]
        for segment in workspace.segments where !segment.expression.text.allSatisfy(\.isWhitespace) {
            switch PQLParser.parse(segment.expression.text) {
            case .failure(let error):
                sink.append(error.diagnostic(in: segment.expression).with(code: .pqlSyntax))
            case .success(let node):
                let result = PQLChecker.check(node, in: environment)
                for error in result.errors {
                    let diagnostic = error.diagnostic(in: segment.expression)
                    if diagnostic.code == .unknownField && diagnostic.hint == nil && dependencies.unknownField(at: diagnostic.location) {
                        continue
                    }
                    sink.append(diagnostic)
                }
                references[segment.id.value] = result.segments
            }
        }
        reportCycles(references, workspace: workspace, sink: sink)
    }

    /// Each `inSegment` call that closes a cycle is an error at that call.
    private static func reportCycles(_ references: [String: [String: Int]], workspace: Workspace, sink: DiagnosticSink) {
        var state: [String: Bool] = [:]  // false: on the current path, true: done
        var path: [String] = []
        func visit(_ id: String) {
            state[id] = false
            path.append(id)
            for (target, offset) in (references[id] ?? [:]).sorted(by: { $0.key < $1.key }) {
                if state[target] == false, let segment = workspace.segment(id) {
                    let cycle = path[(path.firstIndex(of: target) ?? 0)...] + [target]
                    sink.error(segment.expression.location(atUTF8Offset: offset),
                               "inSegment(\"\(target)\") makes a cycle: \(cycle.joined(separator: " → ")); a segment cannot depend on itself")
                } else if state[target] == nil {
                    visit(target)
                }
            }
            path.removeLast()
            state[id] = true
        }
        for id in references.keys.sorted() where state[id] == nil { visit(id) }
    }
}
