import CohortCore
import Foundation

/// `cohort watch` after its first build: waits for changes, gathers a burst of them into one batch,
/// hands them to the session, wakes when time could change a membership, and stops when `stopped`
/// says so (SIGINT/SIGTERM in the command).
public struct WatchLoop {
    /// How long the workspace must be quiet before a burst of changes is handled, and the longest a burst is gathered.
    public var quiet = 0.2
    public var longestBurst = 2.0
    /// Seconds a complete inbox file must stay unchanged before it is ingested (`--quiet-period`).
    public var quietPeriod = 0.0

    let session: WatchSession
    let source: ChangeSource
    let stopped: () -> Bool
    let now: () -> Int64
    let output: (WatchEvent) -> Void

    public init(session: WatchSession, source: ChangeSource, stopped: @escaping () -> Bool, now: @escaping () -> Int64,
                output: @escaping (WatchEvent) -> Void) {
        self.session = session
        self.source = source
        self.stopped = stopped
        self.now = now
        self.output = output
    }

    public func run() {
        var complete = Set<String>()
        var settling = QuietPeriod(seconds: quietPeriod, root: session.root)
        while !stopped() {
            let untilWake = session.nextWake.map { Double(max(0, $0 - now())) / 1000 } ?? 3600
            let untilSettled = settling.secondsToNext(at: now()) ?? 3600
            let changes = Self.gather(source, timeout: min(untilWake, untilSettled, 3600), quiet: quiet,
                                      longestBurst: longestBurst, stopped: stopped)
            guard !stopped() else { break }
            complete.subtract(changes.reopened)
            complete.formUnion(changes.completeFiles)
            settling.changed(changes.completeFiles.union(changes.reopened), at: now())
            step {
                if changes.definitions {
                    // With a quiet period, files waiting for a dataset the edit defines wait for it as
                    // any other file does: one may still be being written when the definition appears.
                    let takeWaiting: ((Set<String>) -> Void)? = settling.milliseconds > 0 ? { waiting in
                        complete.formUnion(waiting)
                        settling.changed(waiting, at: now())
                    } : nil
                    try session.reloadDefinitions(handingWaitingFilesTo: takeWaiting).forEach(output)
                }
                let ready = settling.ready(complete, at: now())
                if !ready.isEmpty {
                    complete.subtract(ready)
                    try session.ingest(where: { ready.contains($0) }).forEach(output)
                }
                try session.advanceClock().forEach(output)
            }
        }
    }

    /// Before the first build: while the definitions do not validate, reports them and waits for an
    /// edit. True once they validate (after saying so, if they did not at first); false when stopped first.
    public static func waitForValidDefinitions(root: URL, strict: Bool = false, source: ChangeSource,
                                               stopped: () -> Bool, output: (WatchEvent) -> Void) throws -> Bool {
        var reported = false
        while !stopped() {
            let result = try WorkspaceFiles(root: root, strict: strict).load()
            if result.definitionErrors.isEmpty {
                if reported { output(.definitionsValid) }
                return true
            }
            output(.definitionsInvalid(result.diagnostics, waiting: true))
            reported = true
            while !stopped() {
                if gather(source, timeout: 3600, quiet: 0.2, longestBurst: 2, stopped: stopped).definitions { break }
            }
        }
        return false
    }

    /// Waits up to `timeout` for changes, then gathers the burst they start until the workspace is
    /// quiet for `quiet` seconds (at most `longestBurst` seconds).
    private static func gather(_ source: ChangeSource, timeout: Double, quiet: Double, longestBurst: Double,
                               stopped: () -> Bool) -> WorkspaceChanges {
        var changes = source.wait(timeout: timeout)
        guard !changes.isEmpty else { return changes }
        let started = Date()
        while !stopped() && Date().timeIntervalSince(started) < longestBurst {
            let more = source.wait(timeout: quiet)
            if more.isEmpty { break }
            changes.merge(more)
        }
        return changes
    }

    /// A step that fails (a file vanished, a disk error) is reported and the loop goes on.
    private func step(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            output(.error("\(error)"))
        }
    }
}
