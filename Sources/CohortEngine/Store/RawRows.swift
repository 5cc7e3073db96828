import GRDB
import GRDBSQLite

/// The columns of the row a statement has stepped to, read through SQLite's C interface: GRDB's
/// `Row` boxes every value, and a step reads every column of a million records.
struct RawRow {
    fileprivate let handle: OpaquePointer

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    /// The text of a column; nil when it is NULL. Bytes that are not UTF-8 are replaced, as GRDB does.
    func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column) else {
            return nil
        }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    /// The bytes of a column (none for NULL or an empty blob).
    func bytes(_ column: Int32) -> [UInt8] {
        guard let start = sqlite3_column_blob(handle, column) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))))
    }
}

extension Statement {
    /// Runs the statement with `arguments`, handing each row to `body`.
    func forEachRawRow(arguments: StatementArguments, in db: Database, _ body: (RawRow) throws -> Void) throws {
        try setArguments(arguments)
        let handle = sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: sql)
            }
            try body(RawRow(handle: handle))
        }
    }
}
