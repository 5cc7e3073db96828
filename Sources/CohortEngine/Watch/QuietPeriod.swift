import Foundation

/// `cohort watch --quiet-period`: a complete inbox file is ingested only once it has not changed for
/// the period, for writers that append slowly and close the file between pieces. A change is an event
/// from the change source, or a size or modification time on disk other than the one last seen.
struct QuietPeriod {
    let milliseconds: Int64
    let root: URL
    /// Per waiting file: when it last changed (the watch's clock) and its stamp then.
    private var waiting: [String: (since: Int64, stamp: FileStamp?)] = [:]

    init(seconds: Double, root: URL) {
        milliseconds = Int64((max(0, seconds) * 1000).rounded())
        self.root = root
    }

    /// Notes that `paths` changed at `now`.
    mutating func changed(_ paths: Set<String>, at now: Int64) {
        guard milliseconds > 0 else { return }
        for path in paths { waiting[path] = (now, stamp(path)) }
    }

    /// The files of `complete` unchanged for the whole period at `now` (all of them without a period);
    /// the others keep waiting.
    mutating func ready(_ complete: Set<String>, at now: Int64) -> Set<String> {
        guard milliseconds > 0 else { return complete }
        var ready = Set<String>()
        for path in complete {
            let current = stamp(path)
            guard let entry = waiting[path], entry.stamp == current else {
                waiting[path] = (now, current)
                continue
            }
            if now - entry.since >= milliseconds { ready.insert(path) }
        }
        waiting = waiting.filter { complete.contains($0.key) && !ready.contains($0.key) }
        return ready
    }

    /// Seconds until the first waiting file's period is over, if any waits.
    func secondsToNext(at now: Int64) -> Double? {
        waiting.values.map { Double(max(0, $0.since + milliseconds - now)) / 1000 }.min()
    }

    private func stamp(_ path: String) -> FileStamp? { FileStamp.of(root.appendingPathComponent(path)) }
}
