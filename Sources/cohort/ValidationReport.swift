import CohortCore

/// How `validate` presents a load result, as text or as JSON.
enum ValidationReport {
    /// e.g. `4 schemas, 2 namespaces, 5 datasets, … (2 warnings)` or `… 3 errors, 1 warning`.
    static func summaryLine(_ result: WorkspaceLoader.Result) -> String {
        let counts = result.workspace.counts.map { "\($0.count) \(plural($0.kind.displayName, $0.count))" }.joined(separator: ", ")
        let errors = result.errors.count
        let warnings = result.warnings.count
        let verdict = errors == 0 ? "ok" : "\(errors) \(plural("error", errors))"
        return "\(verdict): \(counts); \(warnings) \(plural("warning", warnings))"
    }

    /// The result as one indented JSON document (two spaces, keys sorted) ending in a line break: the
    /// diagnostics as `Diagnostic.jsonFields` gives them, the counts, and, when there are no errors,
    /// how each segment is evaluated.
    static func json(_ result: WorkspaceLoader.Result) -> String {
        var summary: [String: Value] = ["errors": .integer(Int64(result.errors.count)),
                                        "warnings": .integer(Int64(result.warnings.count))]
        for (kind, count) in result.workspace.counts {
            summary[jsonKey(kind)] = .integer(Int64(count))
        }
        var object: [String: Value] = ["errors": .array(result.diagnostics.map { .object($0.jsonFields) }),
                                       "summary": .object(summary)]
        if !result.hasErrors {
            let segments = SegmentSet(workspace: result.workspace).segments.sorted { $0.id < $1.id }
            object["segments"] = .array(segments.map { segment in
                .object(["id": .string(segment.id),
                         "evaluation": .string(segment.eligibility.isStreaming ? "streaming" : "batch"),
                         "reason": .string(segment.eligibility.reason)])
            })
        }
        return JSONWriter.pretty(.object(object))
    }

    private static func jsonKey(_ kind: DefinitionKind) -> String {
        switch kind {
        case .mergePolicy: return "mergePolicies"
        case .policy: return "policies"
        default: return kind.rawValue + "s"
        }
    }

    private static func plural(_ word: String, _ count: Int) -> String {
        guard count != 1 else { return word }
        return word.hasSuffix("y") ? String(word.dropLast()) + "ies" : word + "s"
    }
}
