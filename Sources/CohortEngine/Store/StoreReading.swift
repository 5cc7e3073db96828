import Foundation
import GRDB

/// The store as readers see it (`query`, `profile`, `explain`, `plan`) while a writer may be at work:
/// opened read-only, never created or upgraded, each read one committed state (the store is in WAL
/// mode), and the writer's brief exclusive moments waited out rather than failed on.
extension RecordStore {
    /// Opens the store in `folder` for reading only.
    public convenience init(readingFrom folder: URL) throws {
        let path = folder.appendingPathComponent("store.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { throw BuildError.noStore }
        let queue: DatabaseQueue
        let layout: (version: Int, built: Bool)
        do {
            queue = try Self.openForReading(path)
            layout = try queue.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, try db.tableExists("records"))
            }
        } catch let error as DatabaseError {
            throw Self.unreadable(error, "use")
        }
        guard layout.built else { throw BuildError.noStore }
        guard layout.version == Self.format else {
            let reason = "was made by another version of cohort; run `cohort build` to bring it up to date"
            throw BuildError.unreadable(".cohort/store.sqlite", reason)
        }
        self.init(queue: queue)
    }

    /// Copies the store in `folder` (if there is one) to `scratch` as one committed state: SQLite's
    /// backup, inside one read transaction.
    public static func snapshot(of folder: URL, into scratch: URL) throws {
        let path = folder.appendingPathComponent("store.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            let source = try openForReading(path)
            let copy = try DatabaseQueue(path: scratch.appendingPathComponent("store.sqlite").path)
            try source.backup(to: copy)
            try copy.close()
            try source.close()
        } catch let error as DatabaseError {
            throw unreadable(error, "copy")
        }
    }

    private static func openForReading(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    private static func unreadable(_ error: DatabaseError, _ action: String) -> BuildError {
        FailureWording.buildError(error, path: ".cohort/store.sqlite", action: action,
                                  hint: "run `cohort build --rebuild` to make the store again from archive/")
    }
}
