import CohortCore
import GRDB
import GRDBSQLite

/// The insert of one `records` row, bound and stepped through SQLite's C interface: GRDB's general
/// argument binding (an existential box and an array per value) cost several times the insert.
struct RecordInsert {
    private let statement: Statement
    /// SQLite copies each value before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    init(db: Database) throws {
        statement = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO records (sequence, position, line, dataset, is_event, event_id, timestamp, primary_identity, identities,
                                           attributes, anchor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Inserts a row; false when the row was ignored (an event whose `_id` the dataset already has).
    func run(sequence: Int, position: Int, line: Int, dataset: String, isEvent: Bool, eventID: String?, timestamp: Int64,
             primary: String?, identities: String, attributes: [UInt8], anchor: String?,
             in db: Database) throws -> Bool {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        func check(_ code: Int32) throws {
            if code != SQLITE_OK { throw error(code, db) }
        }
        try check(sqlite3_bind_int64(handle, 1, Int64(sequence)))
        try check(sqlite3_bind_int64(handle, 2, Int64(position)))
        try check(sqlite3_bind_int64(handle, 3, Int64(line)))
        try check(bind(dataset, at: 4))
        try check(sqlite3_bind_int64(handle, 5, isEvent ? 1 : 0))
        try check(bind(eventID, at: 6))
        try check(sqlite3_bind_int64(handle, 7, timestamp))
        try check(bind(primary, at: 8))
        try check(bind(identities, at: 9))
        try check(attributes.withUnsafeBytes { bytes in
            bytes.isEmpty ? sqlite3_bind_zeroblob(handle, 10, 0) : sqlite3_bind_blob(handle, 10, bytes.baseAddress, Int32(bytes.count), Self.transient)
        })
        try check(bind(anchor, at: 11))
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw error(code, db) }
        return sqlite3_changes(db.sqliteConnection) == 1
    }

    private func bind(_ text: String?, at index: Int32) -> Int32 {
        guard var text else { return sqlite3_bind_null(statement.sqliteStatement, index) }
        // An empty string still binds as text (a null pointer would bind NULL).
        guard !text.isEmpty else { return sqlite3_bind_text(statement.sqliteStatement, index, "", 0, Self.transient) }
        return text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement.sqliteStatement, index, $0.baseAddress, Int32($0.count), Self.transient) }
        }
    }

    private func error(_ code: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
    }
}
