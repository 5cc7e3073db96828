import CohortCore
import GRDB

/// The insert of one `records` row, bound and stepped through SQLite's C interface (`RawBindings`):
/// GRDB's general argument binding (an existential box and an array per value) cost several times the insert.
struct RecordInsert {
    private let statement: Statement

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
        try statement.runRaw(in: db) { row in
            try row.bind(Int64(sequence), at: 1)
            try row.bind(Int64(position), at: 2)
            try row.bind(Int64(line), at: 3)
            try row.bind(dataset, at: 4)
            try row.bind(isEvent ? 1 : 0, at: 5)
            try row.bind(eventID, at: 6)
            try row.bind(timestamp, at: 7)
            try row.bind(primary, at: 8)
            try row.bind(identities, at: 9)
            try row.bind(bytes: attributes, at: 10)
            try row.bind(anchor, at: 11)
        } == 1
    }
}
