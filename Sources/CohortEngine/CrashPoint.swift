import Foundation

/// Fault injection for the crash tests. With `COHORT_CRASH_AT=store.committed:2` in the
/// environment the process ends abruptly (as if killed) the second time it reaches that point;
/// without it, reaching a point costs one comparison. The points, in the order a build passes them:
/// `ingest.parsed`, `store.transaction` (inside the commit), `store.committed`, `ledger.appended`,
/// `archive.moved`, then in the engine's step `engine.components` (components joined),
/// `engine.memberships` and `engine.profiles` (a batch's memberships, then its profiles, written),
/// `memberships.saved` (the step done), `export.file` (after each export file), `export.manifest`.
enum CrashPoint {
    nonisolated(unsafe) private static var target: (name: String, count: Int)? = {
        guard let spec = ProcessInfo.processInfo.environment["COHORT_CRASH_AT"] else { return nil }
        let parts = spec.split(separator: ":")
        return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()
    nonisolated(unsafe) private static var reached = 0

    static func reach(_ name: String) {
        guard let target, target.name == name else { return }
        reached += 1
        if reached == target.count { _exit(86) }
    }
}
