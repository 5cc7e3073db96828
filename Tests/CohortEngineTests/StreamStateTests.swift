import CohortCore
@testable import CohortEngine
import Foundation
import GRDB
import Testing

/// A stream destination's state in the store, in pieces by profile and by sent line.
@Suite struct StreamStateTests {
    static let streamTables = ["stream_totals", "stream_profiles", "stream_holders", "stream_lines", "stream_owners"]

    /// Every row of the stream tables, table by table, in order.
    static func streamRows(_ root: URL) throws -> [String: [[DatabaseValue]]] {
        let queue = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        defer { try? queue.close() }
        return try queue.read { db in
            try Dictionary(uniqueKeysWithValues: streamTables.map { table in
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2")
                return (table, rows.map { Array($0.databaseValues) })
            })
        }
    }

    /// A store from before the state was kept in pieces holds it whole in `stream_state`: that no
    /// longer serves, so the next build works the state out from the files and exports what a store
    /// with pieces exports; its pieces are then those an export from pieces leaves, and the whole
    /// state is gone.
    @Test func anOldStoresWholeStreamStateGivesWayToPieces() throws {
        let root = try BuildTests.templateCopy()
        let twin = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-twin-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: twin)
        }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        try FileManager.default.copyItem(at: root, to: twin)
        let queue = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE stream_state (destination TEXT PRIMARY KEY, state BLOB NOT NULL, stale TEXT NOT NULL);
                INSERT INTO stream_state SELECT destination, X'00', '[]' FROM stream_totals
                """)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stream_state") == 1)
            for table in Self.streamTables { try db.execute(sql: "DELETE FROM \(table)") }
        }
        try queue.close()
        // Three days on, some carts are no longer abandoned: the stream destination sends their exits.
        let later = ExportTests.asOf + 3 * 86_400_000
        let report = try Builder(root: root).build(rebuild: false, asOf: later)
        let twinReport = try Builder(root: twin).build(rebuild: false, asOf: later)
        #expect(report.exports.contains { !$0.created.isEmpty && $0.manifest.files.contains { $0.segment == nil } })
        #expect(report.exports.map(\.changes) == twinReport.exports.map(\.changes))
        #expect(try ExportTests.exports(root).differences(from: ExportTests.exports(twin)) == [])
        let rows = try Self.streamRows(root)
        #expect(rows == (try Self.streamRows(twin)))
        #expect(rows["stream_profiles"]?.isEmpty == false && rows["stream_lines"]?.isEmpty == false)
        let check = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        defer { try? check.close() }
        #expect(try check.read { db in try db.tableExists("stream_state") } == false)
    }
}
