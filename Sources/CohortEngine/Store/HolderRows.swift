import GRDB

/// A holders table of one destination (`destination`, a value, `profile`): which profiles export each
/// identity or key. Stream and lookup destinations keep one, so that an export finds the other
/// profiles holding a value it touches.
struct HolderRows {
    private let db: Database
    private let destination: String
    private let add: Statement
    private let drop: Statement

    /// `column`: the table's value column (a name of this code, never of the user's).
    init(_ db: Database, table: String, column: String, destination: String) throws {
        self.db = db
        self.destination = destination
        add = try db.makeStatement(sql: "INSERT OR IGNORE INTO \(table) VALUES (?, ?, ?)")
        drop = try db.makeStatement(sql: "DELETE FROM \(table) WHERE destination = ? AND \(column) = ? AND profile = ?")
    }

    /// `profile` holds each of `values` (again).
    func add(_ profile: String, holding values: some Sequence<String>) throws {
        for value in values { try run(add, value, profile) }
    }

    /// `profile` no longer holds any of `values`.
    func drop(_ profile: String, holding values: some Sequence<String>) throws {
        for value in values { try run(drop, value, profile) }
    }

    private func run(_ statement: Statement, _ value: String, _ profile: String) throws {
        try statement.runRaw(in: db) { row in
            try row.bind(destination, at: 1)
            try row.bind(value, at: 2)
            try row.bind(profile, at: 3)
        }
    }
}
