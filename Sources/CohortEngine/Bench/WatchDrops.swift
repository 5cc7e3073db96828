import Foundation

/// The watch part of `cohort bench run`, run in a process of its own (`cohort bench watch-drops`) so
/// that its peak memory is its own: a watch session over the workspace is handed one drop file at a
/// time, copied into `inbox/web-events/`, and each drop's latency and phases are reported.
package struct WatchDrops {
    package let workspace: URL
    package let asOf: Int64

    package init(workspace: URL, asOf: Int64) {
        self.workspace = workspace
        self.asOf = asOf
    }

    /// Starts the session (its first build ingests whatever waits in the inbox), then ingests each
    /// drop in order and hands `each` its report.
    package func run(_ drops: [URL], each: (BenchChildReport) -> Void) throws {
        let session = try WatchSession(root: workspace, clock: { [asOf] in asOf })
        for drop in drops {
            try Self.place(drop, in: workspace)
            let started = DispatchTime.now().uptimeNanoseconds
            _ = try session.ingest(where: { _ in true })
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            each(BenchChildReport(phases: session.lastTimings, seconds: seconds))
        }
    }

    /// Copies a drop file into the web events' inbox folder of `workspace`, as a user drops a file.
    static func place(_ drop: URL, in workspace: URL) throws {
        let path = "inbox/web-events/\(drop.lastPathComponent)"
        do {
            try FileManager.default.copyItem(at: drop, to: workspace.appendingPathComponent(path))
        } catch {
            throw BuildError.cannotWrite(path, "cannot copy \(drop.path) here; check that it exists and that the "
                                         + "folder is writable")
        }
    }
}
