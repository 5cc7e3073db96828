import Foundation

/// `cohort watch` after its first build: waits for changes, gathers a burst of them into one batch,
/// hands them to the session, wakes when time could change a membership, and stops on SIGINT/SIGTERM.
public struct WatchLoop {
    /// How long the workspace must be quiet before a burst of changes is handled, and the longest a burst is gathered.
    public var quiet = 0.2
    public var longestBurst = 2.0

    let session: WatchSession
    let source: ChangeSource
    let stop: StopSignal
    let now: () -> Int64
    let output: (String) -> Void

    public init(session: WatchSession, source: ChangeSource, stop: StopSignal, now: @escaping () -> Int64, output: @escaping (String) -> Void) {
        self.session = session
        self.source = source
        self.stop = stop
        self.now = now
        self.output = output
    }

    public func run() {
        var complete = Set<String>()
        while !stop.isRaised {
            let untilWake = session.nextWake.map { Double(max(0, $0 - now())) / 1000 } ?? 3600
            var changes = source.wait(timeout: min(untilWake, 3600))
            if !changes.isEmpty {
                let started = Date()
                while !stop.isRaised && Date().timeIntervalSince(started) < longestBurst {
                    let more = source.wait(timeout: quiet)
                    if more.isEmpty { break }
                    changes.merge(more)
                }
            }
            guard !stop.isRaised else { break }
            complete.subtract(changes.reopened)
            complete.formUnion(changes.completeFiles)
            step {
                if changes.definitions { try session.reloadDefinitions().forEach(output) }
                if !complete.isEmpty {
                    let ready = complete
                    complete = []
                    try session.ingest(where: { ready.contains($0) }).forEach(output)
                }
                try session.advanceClock().forEach(output)
            }
        }
    }

    /// A step that fails (a file vanished, a disk error) is reported and the loop goes on.
    private func step(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            output("error: \(error)")
        }
    }
}
