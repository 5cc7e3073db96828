import CohortCore
import Foundation

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

    static func json(_ result: WorkspaceLoader.Result) -> String {
        let errors: [[String: Any]] = result.diagnostics.map(diagnostic)
        var summary: [String: Any] = ["errors": result.errors.count, "warnings": result.warnings.count]
        for (kind, count) in result.workspace.counts {
            summary[jsonKey(kind)] = count
        }
        var object: [String: Any] = ["errors": errors, "summary": summary]
        if !result.hasErrors {
            object["segments"] = SegmentSet(workspace: result.workspace).segments.sorted { $0.id < $1.id }.map { segment -> [String: Any] in
                ["id": segment.id, "evaluation": segment.eligibility.isStreaming ? "streaming" : "batch", "reason": segment.eligibility.reason]
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// One diagnostic as `Diagnostic.jsonFields` gives it, for `JSONSerialization`: its values are
    /// text and integers only.
    static func diagnostic(_ diagnostic: Diagnostic) -> [String: Any] {
        diagnostic.jsonFields.mapValues { value -> Any in
            if case .integer(let number) = value { return number }
            if case .string(let text) = value { return text }
            preconditionFailure("a diagnostic's JSON holds text and integers only")
        }
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
