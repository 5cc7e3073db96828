import CohortCore
import CohortEngine
import Foundation

/// How `build` and `plan` describe exports: a line per destination that changed, and JSON for `plan`.
enum ExportSummary {
    /// `exports/email-sftp: gold-members +3 −1 ~0; wrote email-sftp_gold-members.csv, manifest.json`
    static func lines(_ outcomes: [Activation.Outcome], verb: (written: String, deleted: String)) -> [String] {
        var lines: [String] = []
        for outcome in outcomes where changesFiles([outcome]) {
            var parts: [String] = []
            if outcome.reshaped {
                let backfill = outcome.manifest.backfill.map { "export \($0) is a backfill of every member" }
                parts.append("new format or columns: " + (backfill ?? "every file rewritten"))
            }
            let segments = outcome.changes.keys.sorted().compactMap { segment -> String? in
                guard let change = outcome.changes[segment], !change.isEmpty else { return nil }
                return "\(segment) +\(change.entered) −\(change.exited) ~\(change.changed)"
            }
            if !segments.isEmpty { parts.append(segments.joined(separator: ", ")) }
            let written = (outcome.created + outcome.rewritten).sorted()
            let isLookup = outcome.manifest.lookup != nil
            if !written.isEmpty { parts.append("\(verb.written) " + named(written, shards: isLookup)) }
            if !outcome.deleted.isEmpty { parts.append("\(verb.deleted) " + named(outcome.deleted, shards: isLookup)) }
            lines.append("exports/\(outcome.destination): " + parts.joined(separator: "; "))
        }
        if lines.isEmpty && !outcomes.isEmpty { lines.append("exports: unchanged") }
        return lines
    }

    /// The files' names; a lookup destination's shards (there may be thousands) as their number.
    private static func named(_ files: [String], shards: Bool) -> String {
        guard shards else { return files.joined(separator: ", ") }
        let count = files.filter { $0 != ExportManifest.fileName }.count
        let shardText = count == 0 ? [] : [count == 1 ? "1 shard" : "\(count) shards"]
        return (shardText + files.filter { $0 == ExportManifest.fileName }).joined(separator: ", ")
    }

    /// True when any destination's files would be created, rewritten or deleted.
    static func changesFiles(_ outcomes: [Activation.Outcome]) -> Bool {
        outcomes.contains { !$0.created.isEmpty || !$0.rewritten.isEmpty || !$0.deleted.isEmpty }
    }

    /// `{"destinations":[{"id","segments":{"<id>":{"entered","exited","changed"}},"created","changed","deleted",
    /// "reshaped","backfill"?}],"blocked":[…]}`
    static func json(_ report: Builder.Report) -> String {
        let destinations = report.exports.map { outcome -> Value in
            let segments = outcome.changes.mapValues { change -> Value in
                .object(["entered": .integer(Int64(change.entered)), "exited": .integer(Int64(change.exited)),
                         "changed": .integer(Int64(change.changed))])
            }
            var members: [String: Value] = [
                "id": .string(outcome.destination),
                "segments": .object(segments),
                "created": .array(outcome.created.map(Value.string)),
                "changed": .array(outcome.rewritten.map(Value.string)),
                "deleted": .array(outcome.deleted.map(Value.string)),
                "reshaped": .bool(outcome.reshaped),
            ]
            if outcome.reshaped, let backfill = outcome.manifest.backfill {
                members["backfill"] = .integer(Int64(backfill))
            }
            return .object(members)
        }
        let blocked = report.policyViolations.map { diagnostic -> Value in
            .object(["file": .string(diagnostic.location.file), "line": .integer(Int64(diagnostic.location.line)),
                     "column": .integer(Int64(diagnostic.location.column)), "message": .string(diagnostic.message)])
        }
        return JSONWriter.pretty(.object(["destinations": .array(destinations), "blocked": .array(blocked)]))
    }
}
