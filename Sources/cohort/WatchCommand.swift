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
            A definition edit that does not validate is reported and changes nothing until it is fixed; started \
            with definitions that do not validate, it reports them and waits for a fix before its first build. \
            Files no dataset takes are reported once, and taken when an edit defines their dataset. Every line \
            starts with the UTC time. Segments with time windows are \
            re-evaluated when time alone could change a membership. SIGINT or SIGTERM stop it cleanly. While it \
            runs it is the workspace's one writer: build, another watch and init --force are refused (exit 2).
            """
    )

    @OptionGroup var workspace: WorkspaceOption

    @Option(name: .long, help: ArgumentHelp("Look for changes every SECONDS instead of using inotify.", valueName: "SECONDS"))
    var poll: Double?

    @Option(help: ArgumentHelp(
        "Ingest an inbox file only once it has not changed for SECONDS (for writers that append slowly).",
        valueName: "SECONDS"))
    var quietPeriod: Double = 0

    @Flag(help: """
        Print one JSON object per line per event instead of text: {"event","time",…} with event started, \
        definitions-invalid, definitions-valid, step, rejected, stray, picked-up, warning, error or stopped \
        (see the README).
        """)
    var json = false

    @OptionGroup var strict: StrictOption

    func validate() throws {
        if !quietPeriod.isFinite || quietPeriod < 0 || quietPeriod > 86_400 {
            throw ValidationError("--quiet-period \(quietPeriod) must be a number of seconds from 0 to 86400")
        }
    }

    func run() throws {
        let lock = try lockWorkspace(workspace.url)
        try withExtendedLifetime(lock) { try watch() }
    }

    private func watch() throws {
        let stop = StopSignal()
        let clock = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
        let printer = WatchPrinter(json: json, clock: clock)
        // Armed before the first build, so that a file arriving while it runs is seen afterwards.
        let source: ChangeSource
        if let poll {
            source = PollingSource(root: workspace.url, interval: poll, stop: stop)
        } else if let inotify = InotifySource(root: workspace.url, stop: stop) {
            source = inotify
        } else {
            printer.emit(.warning("inotify is not available; looking for changes every 2 seconds"),
                         toStandardError: true)
            source = PollingSource(root: workspace.url, interval: 2, stop: stop)
        }
        // Broken definitions are reported and waited on; the first build runs once they validate.
        var firstBuild: (session: WatchSession, report: Builder.Report)?
        do {
            while firstBuild == nil {
                let valid = try WatchLoop.waitForValidDefinitions(root: workspace.url, strict: strict.isOn, source: source,
                                                                  stopped: { stop.isRaised }, output: { printer.emit($0) })
                guard valid else {
                    printer.emit(.stopped, toStandardError: true)
                    return
                }
                var built: Builder.Report?
                do {
                    let session = try WatchSession(root: workspace.url, clock: clock, strict: strict.isOn) { built = $0 }
                    if let built { firstBuild = (session, built) }
                } catch BuildError.invalidWorkspace {
                    // Broken again between the check and the build: wait for the next fix.
                    continue
                }
            }
        } catch let error as BuildError {
            printer.emit(.error("\(error)"), toStandardError: true)
            throw ExitCode(1)
        }
        guard let (session, report) = firstBuild else { return }
        for event in Self.events(of: report, violations: session.violations) {
            printer.emit(event, toStandardError: event.kind != .step)
        }
        let mode = poll == nil && source is InotifySource ? "inotify" : "poll"
        let description = mode == "inotify" ? "inotify" : "every \(poll ?? 2) s"
        printer.emit(.started(workspace: workspace.path, mode: mode, description: description), toStandardError: true)
        var loop = WatchLoop(session: session, source: source, stopped: { stop.isRaised }, now: clock) { printer.emit($0) }
        loop.quietPeriod = quietPeriod
        loop.run()
        printer.emit(.stopped, toStandardError: true)
    }

    /// The first build as watch events: its warnings and errors, the build with its summary, and its rejections.
    static func events(of report: Builder.Report, violations: [Governance.Violation]) -> [WatchEvent] {
        let lines = report.fileLines + [BuildSummary.line(report)] + [BuildSummary.segments(report)].compactMap { $0 }
            + ExportSummary.lines(report.exports, verb: ("wrote", "deleted"))
        let (warnings, rejections) = WatchSession.fileEvents(report)
        return warnings + report.policyViolations.map(WatchEvent.diagnostic)
            + [.step(lines, record: report.record(trigger: "watch", violations: violations))] + rejections
    }
}

/// Prints watch events as they come, flushed at once (the output is often a pipe): text lines with the
/// time on each, or one JSON object per line. With `--json` everything goes to standard output.
struct WatchPrinter {
    let json: Bool
    let clock: () -> Int64

    func emit(_ event: WatchEvent, toStandardError: Bool = false) {
        let time = clock()
        let text = json ? event.json(at: time) + "\n" : event.text(at: time).map { $0 + "\n" }.joined()
        let handle = toStandardError && !json ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data(text.utf8))
    }
}
