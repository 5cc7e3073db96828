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
            A file with more bad records than its dataset's errorThreshold (percent, default 5) fails whole: nothing \
            of it is ingested and it is set aside in rejected/<dataset-id>/ with its reasons (exit 1). Records \
            rejected within the threshold are warnings (exit 0) unless --strict is given, which also makes unknown keys \
            in definitions errors. \
            Then segments are evaluated and each destination's files in exports/<destination-id>/ are rewritten where \
            their content changed (destinations a data-usage policy blocks are left as they were). \
            --rebuild deletes the store in .cohort/ and replays archive/ in ledger order. One command at a time may \
            write to a workspace: while another build or a watch runs, build is refused (exit 2). \
            --engine spark runs the same build as a Spark application (see cohort compile) with spark-submit, found \
            through SPARK_HOME or the pyspark package: profiles, segments and memberships are worked out on Spark, \
            then cohort appends the ledger, moves the inbox files to archive/ and writes exports/ as the native engine \
            does (the summary does not count the profiles that changed there).
            """
    )

    @OptionGroup var workspace: WorkspaceOption

    @Flag(help: "Delete the store in .cohort/ and replay archive/ in ledger order.")
    var rebuild = false

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Exit 1 when any record is rejected, even within its dataset's errorThreshold; unknown keys in definitions are errors.")
    var strict = false

    @Flag(help: """
        Print one JSON object instead of the summary: the counts of the history line (asOf, trigger, profiles, \
        segments, records, files, destinations, identity) and changedProfiles, droppedFields, failedFiles, \
        warnings, rejections, identityRulesChanged, failed. Errors still go to standard error.
        """)
    var json = false

    /// For `cohort bench run`, which runs builds as processes of their own.
    @Flag(help: ArgumentHelp("Print the phases' times and the peak memory as one line of JSON (for cohort bench run).",
                             visibility: .hidden))
    var timings = false

    @OptionGroup var spark: SparkEngineOptions

    func run() throws {
        let lock = try lockWorkspace(workspace.url)
        try withExtendedLifetime(lock) { try build() }
    }

    private func build() throws {
        do {
            if spark.engine == .spark {
                let (report, violations) = try spark.build(workspace, rebuild: rebuild, strict: strict,
                                                           asOf: asOf.milliseconds)
                let failed = json ? BuildSummary.printJSON(report, violations: violations, changes: false)
                                  : BuildSummary.print(report, changes: false)
                if timings {
                    print(BenchChildReport(phases: report.timings, recordsKept: report.recordsKept, children: true).line)
                }
                Foundation.exit(failed || (strict && report.recordsRejected > 0) ? 1 : 0)
            }
            var builder = try Builder(root: workspace.url, strict: strict)
            if isatty(STDERR_FILENO) == 1 { builder.progress = ProgressBar.show }
            let report = try builder.build(rebuild: rebuild, asOf: asOf.milliseconds)
            ProgressBar.clear()
            let failed = json ? BuildSummary.printJSON(report, violations: builder.violations)
                              : BuildSummary.print(report)
            if timings { print(BenchChildReport(phases: report.timings, recordsKept: report.recordsKept).line) }
            // Everything is printed (exit flushes it): end the process here rather than free a large
            // build's profiles one object at a time (a second at 100k people); the system frees them at once.
            Foundation.exit(failed || (strict && report.recordsRejected > 0) ? 1 : 0)
        } catch let error as BuildError {
            DiagnosticPrinter(root: workspace.url).print(error)
            throw ExitCode(1)
        }
    }
}

/// The one-line summary of a build.
enum BuildSummary {
    /// Prints what a build did: warnings and errors on standard error, files, summary, segments and
    /// exports on standard output. True when the build failed (a file failed, or a destination is
    /// blocked); records rejected within their threshold are warnings. `changes`: the report counts the profiles
    /// that changed (a Spark build does not).
    static func print(_ report: Builder.Report, changes: Bool = true) -> Bool {
        for line in report.strays + report.duplicates { printError("warning: \(line)") }
        for line in report.failedFiles { printError("error: \(line)") }
        for line in report.fileLines { Swift.print(line) }
        // `warning: inbox/crm/day2.csv: 3 records rejected (line 4: …; …); every reason is in rejected/…`
        // (as watch says it).
        for note in report.rejectionNotes { note.event.lines.forEach(printError) }
        Swift.print(line(report, changes: changes))
        if let segments = segments(report) { Swift.print(segments) }
        for outcome in report.exports { outcome.warnings.forEach { printError("warning: \($0)") } }
        for line in ExportSummary.lines(report.exports, verb: ("wrote", "deleted")) { Swift.print(line) }
        for diagnostic in report.policyViolations { printError(diagnostic.description) }
        return !report.policyViolations.isEmpty || !report.failedFiles.isEmpty
    }

    /// Prints the build as one JSON object on standard output (the history line's counts and what only
    /// the text summary says besides); true when the build failed, as `print` says it. `changes`: as `print` takes it
    /// (without, `changedProfiles` is left out).
    static func printJSON(_ report: Builder.Report, violations: [Governance.Violation], changes: Bool = true) -> Bool {
        let failed = !report.policyViolations.isEmpty || !report.failedFiles.isEmpty
        var fields = report.record(trigger: "build", violations: violations).fields
        if changes { fields["changedProfiles"] = .integer(Int64(report.changedProfiles)) }
        fields["droppedFields"] = .integer(Int64(report.droppedFields))
        fields["failedFiles"] = .array(report.failedFiles.map(Value.string))
        fields["warnings"] = .array((report.strays + report.duplicates).map(Value.string))
        fields["rejections"] = .array(report.rejectionNotes.map { .object($0.event.fields) })
        if let changes = report.identityRuleChanges {
            fields["identityRulesChanged"] = .object(["split": .integer(Int64(changes.split)),
                                                      "merged": .integer(Int64(changes.merged))])
        }
        fields["failed"] = .bool(failed)
        for diagnostic in report.policyViolations { printError(diagnostic.description) }
        Swift.print(JSONWriter.string(.object(fields)))
        return failed
    }

    /// `segments: gold-members 44 (+3 −1), …`: members now, entered and exited in this build.
    static func segments(_ report: Builder.Report) -> String? {
        guard !report.memberCounts.isEmpty else { return nil }
        let parts = report.memberCounts.keys.sorted().map { id -> String in
            let members = report.memberCounts[id] ?? 0
            let change = report.segmentChanges[id] ?? (0, 0)
            return "\(id) \(members) (+\(change.entered) −\(change.exited))"
        }
        return "segments: " + parts.joined(separator: ", ")
    }

    static func line(_ report: Builder.Report, changes: Bool = true) -> String {
        let graph = report.graphStats
        var parts = [
            "\(report.filesIngested) \(report.filesIngested == 1 ? "file" : "files") ingested",
            "\(report.recordsKept) records kept, \(report.recordsRejected) rejected",
        ]
        parts.append("\(graph.identities) identities in \(graph.graphs) graphs (\(graph.atLimit) at the identity limit)")
        parts.append("\(report.profileCount) profiles" + (changes ? " (\(report.changedProfiles) changed)" : ""))
        if let changes = report.identityRuleChanges {
            parts.append("identity rules changed: \(changes.split) profiles split, \(changes.merged) merged")
        }
        if !report.failedFiles.isEmpty {
            let count = report.failedFiles.count
            parts.append("\(count) \(count == 1 ? "file" : "files") failed, nothing of \(count == 1 ? "it" : "them") ingested")
        }
        if report.duplicateEvents > 0 { parts.append("\(report.duplicateEvents) duplicate events skipped") }
        if graph.droppedLinks > 0 {
            parts.append("\(graph.droppedLinks) links dropped by namespace limits")
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
