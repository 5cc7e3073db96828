import CohortCore
import Foundation

/// `history/builds.ndjson`: one `BuildRecord` line per build and per step of `cohort watch`, kept
/// with `exports/` in version control so that `git log -p history/` reads as an audit trail. It is
/// appended after a build's exports are written (a build cut short before that leaves no line) and
/// never rewritten: `--rebuild` reproduces the store and the exports, not the history.
public struct BuildHistory {
    public static let path = "history/builds.ndjson"

    let lines: AppendOnlyLines

    public init(root: URL) {
        lines = AppendOnlyLines(root: root, path: Self.path, durable: false)
    }

    func append(_ record: BuildRecord) throws {
        try lines.append(record.line)
    }

    /// Every record, oldest first, and a warning per line that is not one.
    public func read() throws -> (records: [BuildRecord], diagnostics: [Diagnostic]) {
        BuildRecord.parseHistory(try lines.read(), file: Self.path)
    }
}

extension Builder.Report {
    /// This build as a history line. `violations`: the workspace's blocked destinations.
    package func record(trigger: String, violations: [Governance.Violation]) -> BuildRecord {
        var record = BuildRecord(trigger: trigger, asOf: evaluatedAt)
        record.files = ingestedFiles.map {
            BuildRecord.File(dataset: $0.dataset, archive: $0.archivePath, read: $0.recordsRead, kept: $0.recordsKept,
                             rejected: $0.recordsRejected, duplicates: $0.duplicateEvents)
        }
        record.failedFiles = failedFiles.count
        record.duplicateEvents = duplicateEvents
        record.profiles = profileCount
        for (segment, members) in memberCounts {
            let change = segmentChanges[segment] ?? (0, 0)
            record.segments[segment] = BuildRecord.SegmentCounts(members: members, entered: change.entered, exited: change.exited)
        }
        for outcome in exports {
            var files: [String: Int] = [:]
            for file in outcome.manifest.files { files[file.name] = file.rows }
            record.destinations[outcome.destination] = BuildRecord.DestinationCounts(
                files: files, written: (outcome.created + outcome.rewritten).sorted(), segments: outcome.manifest.segments)
        }
        for violation in violations {
            record.destinations[violation.destination, default: BuildRecord.DestinationCounts()].blockedBy[violation.policy] = violation.uses
        }
        record.identity = BuildRecord.IdentityCounts(graph: graphStats, droppedValues: droppedIdentityValues)
        return record
    }
}
