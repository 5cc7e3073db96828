import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort watch`: build, then keep exports current as files arrive, definitions change and time passes.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Build, then keep watching inbox/ and the definitions, updating exports/ incrementally.",
        discussion: """
            A data file is ingested once it is complete: closed after writing, or renamed into inbox/<dataset-id>/ \
            (hidden files and *.tmp, *.part, *.crdownload, *~ are ignored). Files arriving together are one batch. \
            A definition edit that does not validate is reported and changes nothing. Segments with time windows are \
            re-evaluated when time alone could change a membership. SIGINT or SIGTERM stop it cleanly. While it \
            runs it is the workspace's one writer: build, another watch and init --force are refused (exit 2).
            """
    )

    @OptionGroup var workspace: WorkspaceOption

    @Option(name: .long, help: ArgumentHelp("Look for changes every SECONDS instead of using inotify.", valueName: "SECONDS"))
    var poll: Double?

    @OptionGroup var strict: StrictOption

    func run() throws {
        let lock = try lockWorkspace(workspace.url)
        try withExtendedLifetime(lock) { try watch() }
    }

    private func watch() throws {
        let stop = StopSignal()
        let clock = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
        // Armed before the first build, so that a file arriving while it runs is seen afterwards.
        let source: ChangeSource
        if let poll {
            source = PollingSource(root: workspace.url, interval: poll, stop: stop)
        } else if let inotify = InotifySource(root: workspace.url, stop: stop) {
            source = inotify
        } else {
            printError("warning: inotify is not available; looking for changes every 2 seconds")
            source = PollingSource(root: workspace.url, interval: 2, stop: stop)
        }
        let session: WatchSession
        // The first build's lines, printed once the session is ready (the report itself is not kept).
        var warnings: [String] = []
        var lines: [String] = []
        do {
            session = try WatchSession(root: workspace.url, clock: clock, strict: strict.isOn) { report in
                warnings = (report.strays + report.duplicates).map { "warning: \($0)" }
                    + report.failedFiles.map { "error: \($0)" } + report.policyViolations.map(\.description)
                lines = report.fileLines + [BuildSummary.line(report)] + [BuildSummary.segments(report)].compactMap { $0 }
                    + ExportSummary.lines(report.exports, verb: ("wrote", "deleted"))
            }
        } catch let error as BuildError {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        warnings.forEach(printError)
        lines.forEach(emit)
        printError("watching \(workspace.path) (\(poll == nil ? "inotify" : "every \(poll!) s")); Ctrl-C stops")
        WatchLoop(session: session, source: source, stop: stop, now: clock, output: emit).run()
        printError("stopped")
    }

    /// One line on standard output, flushed at once (the output is often a pipe).
    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
