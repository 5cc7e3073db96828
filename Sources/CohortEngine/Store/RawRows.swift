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
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
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
            guard code == SQLITE_ROW else { throw rawError(code, db) }
            try body(RawRow(handle: handle))
        }
    }
}

/// Values bound to a statement's parameters through SQLite's C interface (GRDB's arguments box each
/// value and build an array per row); SQLite copies each value before the call returns.
struct RawBindings {
    fileprivate let statement: Statement
    fileprivate let db: Database
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(statement.sqliteStatement, index, value))
    }

    func bind(_ value: Int64?, at index: Int32) throws {
        guard let value else { return try check(sqlite3_bind_null(statement.sqliteStatement, index)) }
        try bind(value, at: index)
    }

    func bind(_ text: String?, at index: Int32) throws {
        let handle = statement.sqliteStatement
        guard var text else { return try check(sqlite3_bind_null(handle, index)) }
        // An empty string still binds as text (a null pointer would bind NULL).
        guard !text.isEmpty else { return try check(sqlite3_bind_text(handle, index, "", 0, Self.transient)) }
        try check(text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) {
                sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), Self.transient)
            }
        })
    }

    /// Binds UTF-8 bytes as text.
    func bind(utf8: UnsafeBufferPointer<UInt8>, at index: Int32) throws {
        let handle = statement.sqliteStatement
        // An empty text still binds as text (a null pointer would bind NULL).
        guard let start = utf8.baseAddress, !utf8.isEmpty else {
            return try check(sqlite3_bind_text(handle, index, "", 0, Self.transient))
        }
        try check(start.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
            sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
        })
    }

    func bind(bytes: [UInt8]?, at index: Int32) throws {
        guard let bytes else { return try check(sqlite3_bind_null(statement.sqliteStatement, index)) }
        try bind(bytes: bytes, at: index)
    }

    func bind(bytes: [UInt8], at index: Int32) throws {
        let handle = statement.sqliteStatement
        try check(bytes.withUnsafeBytes { bytes in
            bytes.isEmpty ? sqlite3_bind_zeroblob(handle, index, 0)
                : sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        })
    }

    fileprivate func check(_ code: Int32) throws {
        if code != SQLITE_OK { throw statement.rawError(code, db) }
    }
}

extension Statement {
    /// Binds the parameters through `bind` and runs the statement once (an insert, update or
    /// delete); returns how many rows it changed.
    @discardableResult
    func runRaw(in db: Database, _ bind: (RawBindings) throws -> Void) throws -> Int {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        try bind(RawBindings(statement: self, db: db))
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw rawError(code, db) }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    fileprivate func rawError(_ code: Int32, _ db: Database) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
