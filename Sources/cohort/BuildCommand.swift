import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort build`: ingest the inbox, stitch identities, merge profiles, evaluate segments, write exports.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Ingest inbox/, update profiles and segments, write exports/, and print a summary.",
        discussion: """
            Each file in inbox/<dataset-id>/ is validated record by record: good records are kept, bad ones go to \
            rejected/<dataset-id>/ with their line and reasons, and the file moves to archive/ once committed. \
            Then segments are evaluated and each destination's files in exports/<destination-id>/ are rewritten where \
            their content changed (destinations a data-usage policy blocks are left as they were). \
            --rebuild deletes .cohort/ and replays archive/ in ledger order.
            """
    )

    @OptionGroup var workspace: WorkspaceOption

    @Flag(help: "Delete the derived state in .cohort/ and replay archive/ in ledger order.")
    var rebuild = false

    @OptionGroup var asOf: AsOfOption


    func run() throws {
        do {
            var builder = try Builder(root: workspace.url)
            if isatty(STDERR_FILENO) == 1 { builder.progress = ProgressBar.show }
            let report = try builder.build(rebuild: rebuild, asOf: asOf.milliseconds)
            ProgressBar.clear()
            for line in report.strays + report.duplicates { printError("warning: \(line)") }
            for line in report.fileLines { print(line) }
            print(BuildSummary.line(report))
            if let segments = BuildSummary.segments(report) { print(segments) }
            for outcome in report.exports { outcome.warnings.forEach { printError("warning: \($0)") } }
            for line in ExportSummary.lines(report.exports, verb: ("wrote", "deleted")) { print(line) }
            for diagnostic in report.policyViolations { printError(diagnostic.description) }
            // Everything is printed (exit flushes it): end the process here rather than free a large
            // build's profiles one object at a time (a second at 100k people); the system frees them at once.
            Foundation.exit(report.recordsRejected > 0 || !report.policyViolations.isEmpty ? 1 : 0)
        } catch let error as BuildError {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// The one-line summary of a build.
enum BuildSummary {
    /// `segments: gold-members 44 (+3 −1), …`: members now, entered and exited in this build.
    static func segments(_ report: Builder.Report) -> String? {
        guard !report.memberships.isEmpty else { return nil }
        let parts = report.memberships.keys.sorted().map { id -> String in
            let memberships = Array(report.memberships[id]?.values ?? [:].values)
            let members = memberships.filter { $0.status != .exited }.count
            let entered = memberships.filter { $0.status == .realized }.count
            let exited = memberships.filter { $0.status == .exited && $0.lastQualificationTime == report.evaluatedAt }.count
            return "\(id) \(members) (+\(entered) −\(exited))"
        }
        return "segments: " + parts.joined(separator: ", ")
    }

    static func line(_ report: Builder.Report) -> String {
        let graph = report.profiles?.graph
        let identities = graph?.graphs.reduce(0) { $0 + $1.count } ?? 0
        var parts = [
            "\(report.filesIngested) \(report.filesIngested == 1 ? "file" : "files") ingested",
            "\(report.recordsKept) records kept, \(report.recordsRejected) rejected",
            "\(identities) identities in \(graph?.graphs.count ?? 0) graphs (\(graph?.graphsAtLimit ?? 0) at the identity limit)",
            "\(report.profiles?.entries.count ?? 0) profiles (\(report.changes?.changed.count ?? 0) changed)",
        ]
        if let changes = report.identityRuleChanges {
            parts.append("identity rules changed: \(changes.split) profiles split, \(changes.merged) merged")
        }
        if report.duplicateEvents > 0 { parts.append("\(report.duplicateEvents) duplicate events skipped") }
        if let dropped = graph?.droppedLinks, dropped > 0 {
            parts.append("\(dropped) links dropped by namespace limits")
        }
        if report.droppedIdentities > 0 { parts.append("\(report.droppedIdentities) identity values dropped") }
        if report.droppedFields > 0 { parts.append("\(report.droppedFields) unknown fields dropped") }
        return "built: " + parts.joined(separator: "; ")
    }
}

/// A one-line progress bar on standard error for files over a few megabytes, drawn only on a terminal.
enum ProgressBar {
    static let threshold = 4 << 20
    nonisolated(unsafe) private static var drawn = false

    static func show(done: Int, size: Int, path: String) {
        guard size >= threshold, size > 0 else { return }
        let width = 30
        let filled = min(width, done * width / size)
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done * 100 / size)% \(path)".utf8))
        drawn = true
    }

    static func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
