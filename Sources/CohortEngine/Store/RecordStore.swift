import CohortCore
import Foundation
import GRDB

/// The embedded store under `.cohort/` (SQLite through GRDB): every kept record of every ingested
/// file, keyed by ledger sequence and the record's index in its file, and the state builds carry
/// from one to the next (`ProfileEngine`): which identities form one component, each profile's
/// merged attributes and next wake-up time, and memberships. Everything in it can be rebuilt from `archive/`.
///
/// A file's records and its row in `files` are written in one transaction, so after a crash the
/// store holds a file whole or not at all.
public final class RecordStore {
    /// What one file's commit did.
    public struct CommitResult: Equatable, Sendable {
        public var inserted: Int
        /// Events whose `_id` the dataset already had.
        public var duplicateEvents: Int
    }

    let queue: DatabaseQueue
    /// The row of `numberings` this store writes with, and how many names it holds: one row per
    /// store opened, extended as this process names more fields.
    var numbering: (id: Int64, count: Int)?
    /// The layout of the tables; a store of another layout is rebuilt from `archive/`.
    static let format = 6

    /// The files that hold the store: the database, its write-ahead log and the log's shared index.
    static let fileNames = ["store.sqlite", "store.sqlite-wal", "store.sqlite-shm"]

    /// `graph_totals`: the graph stats of every component added up, in one row kept by triggers as
    /// components are written and deleted, so that a build's summary (and each step's history line)
    /// does not add up a row per component.
    static var graphTotals: String {
        let zeros = statColumns.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")
        let change = { (sign: String, row: String) in statColumns.map { "\($0) = \($0) \(sign) \(row).\($0)" }.joined(separator: ", ") }
        return """
            CREATE TABLE IF NOT EXISTS graph_totals (id INTEGER PRIMARY KEY CHECK (id = 0), \(zeros));
            INSERT OR IGNORE INTO graph_totals (id) VALUES (0);
            CREATE TRIGGER IF NOT EXISTS components_added AFTER INSERT ON components
                BEGIN UPDATE graph_totals SET \(change("+", "NEW")) WHERE id = 0; END;
            CREATE TRIGGER IF NOT EXISTS components_removed AFTER DELETE ON components
                BEGIN UPDATE graph_totals SET \(change("-", "OLD")) WHERE id = 0; END;
            """
    }

    /// The columns of `components` after its number: graph stats (`statColumns`), each a count, and
    /// its most shared identity (`GraphStats.mostShared`).
    static var componentStatColumns: String {
        (statColumns.map { "\($0) INTEGER NOT NULL" } + ["shared TEXT", "shared_namespace TEXT", "shared_values INTEGER",
                                                         "shared_graph INTEGER"]).joined(separator: ", ")
    }

    /// Opens (creating if needed) the store in `folder`.
    public init(folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.journalMode = .wal
        // A commit is safe against a crash of the process without waiting for the disk: after a
        // power cut the store may lack its last commits, which builds take again from archive/ (the
        // ledger names every file; the store is derived).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let path = folder.appendingPathComponent("store.sqlite").path
        var queue = try DatabaseQueue(path: path, configuration: configuration)
        let layout = try queue.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, try db.tableExists("records"))
        }
        if layout.1, layout.0 != Self.format {
            // An older layout: start afresh; builds ingest the archive again.
            try queue.close()
            Self.removeFiles(in: folder)
            queue = try DatabaseQueue(path: path, configuration: configuration)
        }
        self.queue = queue
        try queue.write { db in
            try db.execute(sql: "PRAGMA user_version = \(Self.format)")
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS files (
                    sequence INTEGER PRIMARY KEY, dataset TEXT NOT NULL, archive TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE, ingested_at INTEGER NOT NULL, ledger_line TEXT NOT NULL,
                    numbering INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS numberings (id INTEGER PRIMARY KEY, names TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS records (
                    sequence INTEGER NOT NULL, position INTEGER NOT NULL, line INTEGER NOT NULL, dataset TEXT NOT NULL,
                    is_event INTEGER NOT NULL, event_id TEXT, timestamp INTEGER NOT NULL, primary_identity TEXT,
                    identities TEXT NOT NULL, attributes BLOB NOT NULL, anchor TEXT, PRIMARY KEY (sequence, position));
                CREATE UNIQUE INDEX IF NOT EXISTS records_event_id ON records(dataset, event_id) WHERE event_id IS NOT NULL;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS identities (identity TEXT PRIMARY KEY, component INTEGER NOT NULL) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS identities_component ON identities(component);
                CREATE TABLE IF NOT EXISTS components (component INTEGER PRIMARY KEY, \(Self.componentStatColumns));
                \(Self.graphTotals)
                CREATE TABLE IF NOT EXISTS profiles (policy TEXT NOT NULL, key TEXT NOT NULL, component INTEGER NOT NULL,
                    identities TEXT NOT NULL, attributes BLOB NOT NULL, numbering INTEGER NOT NULL, wake INTEGER,
                    PRIMARY KEY (policy, key));
                CREATE INDEX IF NOT EXISTS profiles_component ON profiles(component);
                CREATE INDEX IF NOT EXISTS profiles_wake ON profiles(wake) WHERE wake IS NOT NULL;
                CREATE TABLE IF NOT EXISTS merged_attributes (policy TEXT NOT NULL, key TEXT NOT NULL, attributes BLOB NOT NULL,
                    numbering INTEGER NOT NULL, PRIMARY KEY (policy, key));
                CREATE TABLE IF NOT EXISTS memberships (segment TEXT NOT NULL, profile TEXT NOT NULL, status TEXT NOT NULL,
                    last_qualification INTEGER NOT NULL, step INTEGER NOT NULL, PRIMARY KEY (segment, profile));
                CREATE INDEX IF NOT EXISTS memberships_profile ON memberships(profile);
                CREATE INDEX IF NOT EXISTS memberships_exited ON memberships(last_qualification) WHERE status = 'exited';
                """)
            try db.execute(sql: Self.audienceTables)
            try db.execute(sql: Self.streamTables)
            try db.execute(sql: Self.lookupTables)
            try Self.createMemberCounts(db)
            try Self.createProfileCounts(db)
        }
    }

    /// A store over a connection opened elsewhere (for reading: `init(readingFrom:)`).
    init(queue: DatabaseQueue) {
        self.queue = queue
    }

    /// Forgets every ingested file and record, keeping profiles, memberships and settings (a change of
    /// identity rules reads all history again, then moves memberships to the profiles it makes).
    public func removeRecords() throws {
        try queue.inTransaction { db in
            // Field-name tables stay: stored profiles are written with them.
            for table in ["files", "records", "identities"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            return .commit
        }
    }

    /// Deletes the store's files in `folder`, and only those (the workspace lock beside them stays).
    /// No connection of this process may be open on them.
    public static func removeFiles(in folder: URL) {
        for name in fileNames { try? FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
    }

    /// A setting the store remembers between builds (such as the identity rules it was built with).
    public func meta(_ key: String) throws -> String? {
        try queue.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// The ledger lines of every committed file, in sequence order.
    public func ledgerLines() throws -> [(sequence: Int, line: String)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, ledger_line FROM files ORDER BY sequence").map { ($0[0], $0[1]) }
        }
    }

    /// The next free ledger sequence.
    public func nextSequence() throws -> Int {
        try queue.read { db in (try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM files") ?? 0) + 1 }
    }

    /// Inside `commitFile`: inserts one file's records and tells which files the store holds.
    public struct FileWriter {
        fileprivate let db: Database
        fileprivate let statement: RecordInsert
        fileprivate let sequence: Int
        fileprivate let dataset: String
        fileprivate let isEvent: Bool
        fileprivate let ingestedAt: Int64
        fileprivate let anchors: RecordAnchor
        fileprivate(set) var result = CommitResult(inserted: 0, duplicateEvents: 0)

        /// Inserts a kept record; an event whose `_id` the dataset already has is skipped.
        public mutating func insert(_ record: DatasetIngest.Kept) throws {
            let inserted = try statement.run(sequence: sequence, position: record.position.index, line: record.position.line, dataset: dataset,
                                             isEvent: isEvent, eventID: record.eventID, timestamp: record.timestamp ?? ingestedAt,
                                             primary: record.primary.map(IdentityListCoding.encode),
                                             identities: IdentityListCoding.encode(record.identities),
                                             attributes: record.packedAttributes.storedBytes,
                                             anchor: anchor(of: record).map(IdentityListCoding.encode), in: db)
            if inserted { result.inserted += 1 } else { result.duplicateEvents += 1 }
        }

        /// The identity whose component the record joins (`RecordAnchor`, else its first identity).
        private func anchor(of record: DatasetIngest.Kept) -> Identity? {
            anchors.anchor(identities: record.identities, primary: record.primary, isEvent: isEvent) ?? record.identities.first
        }

        /// Whether a file with these bytes was already ingested.
        public func containsFile(sha256: String) throws -> Bool {
            try Bool.fetchOne(db, sql: "SELECT 1 FROM files WHERE sha256 = ?", arguments: [sha256]) ?? false
        }
    }

    /// Writes one file's kept records as they are read, then its entry, in one transaction, so a
    /// file of any size is never held in memory and after a crash the store holds it whole or not
    /// at all. `body` inserts the records (under ledger `sequence`) through the writer and returns
    /// the file's entry, or nil to roll everything back (then this gives nil).
    ///
    /// Attributes are stored packed as this process numbers field names, and the file's row points
    /// to this process's table of names (in `numberings`), so a reader renumbers them for itself.
    public func commitFile(sequence: Int, dataset: String, isEvent: Bool, ingestedAt: Int64, anchors: RecordAnchor,
                           _ body: (inout FileWriter) throws -> LedgerEntry?) throws -> CommitResult? {
        var result: CommitResult?
        var numbering = self.numbering
        // Only a committed transaction moves this store's numbering on.
        defer { if result != nil { self.numbering = numbering } }
        try queue.inTransaction { db in
            var writer = FileWriter(db: db, statement: try RecordInsert(db: db), sequence: sequence, dataset: dataset, isEvent: isEvent,
                                    ingestedAt: ingestedAt, anchors: anchors)
            guard let entry = try body(&writer) else { return .rollback }
            numbering = try Self.numbering(extending: numbering, to: FieldNames.all(), db: db)
            try db.execute(sql: """
                INSERT INTO files (sequence, dataset, archive, sha256, ingested_at, ledger_line, numbering) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [entry.sequence, entry.dataset, entry.archivePath, entry.sha256, ingestedAt, entry.line, numbering?.id])
            CrashPoint.reach("store.transaction")
            result = writer.result
            return .commit
        }
        return result
    }

    /// The numbering row holding `names` (this process's names in id order): `current` extended
    /// when this process has named more fields since (names only ever grow, so files written with
    /// the shorter table read the same), or a new row.
    static func numbering(extending current: (id: Int64, count: Int)?, to names: [String], db: Database) throws -> (id: Int64, count: Int) {
        if let current, current.count == names.count { return current }
        let text = JSONWriter.string(.array(names.map(Value.string)))
        guard let current else {
            try db.execute(sql: "INSERT INTO numberings (names) VALUES (?)", arguments: [text])
            return (db.lastInsertedRowID, names.count)
        }
        try db.execute(sql: "UPDATE numberings SET names = ? WHERE id = ?", arguments: [text, current.id])
        return (current.id, names.count)
    }

    /// Every stored record in ledger order.
    public func allRecords() throws -> [StoredRecord] {
        try records(fromSequence: 0)
    }

    /// The records of files from ledger sequence `first` on, in ledger order.
    public func records(fromSequence first: Int) throws -> [StoredRecord] {
        try queue.read { db in
            try Self.records(in: db, from: "records r", where: "r.sequence >= ?", arguments: [first])
        }
    }

    /// The records that `source` (a table expression naming `records` as `r`) and `filter` select,
    /// in ledger order, their attributes renumbered for this process.
    static func records(in db: Database, from source: String, where filter: String,
                        arguments: StatementArguments) throws -> [StoredRecord] {
        var numberings: [Int64: [UInt32]?] = [:]
        // Only the tables files were written with: profiles have their own, one per process that wrote them.
        for row in try Row.fetchAll(db, sql: "SELECT id, names FROM numberings WHERE id IN (SELECT numbering FROM files)") {
            numberings[row[0]] = StoredFile.numbering(row[1])
        }
        var files: [Int: StoredFile] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT sequence, archive, numbering, dataset FROM files") {
            let sequence: Int = row[0]
            guard let numbering = numberings[row[2]] ?? nil else {
                throw BuildError.unreadable(".cohort/store.sqlite", "the field names of ledger file \(sequence) cannot be read; "
                                            + "run `cohort build --rebuild` to make the store again from archive/")
            }
            files[sequence] = StoredFile(archive: row[1], dataset: row[3], processIDs: numbering)
        }
        // Rows come in the order SQLite finds them (sorting whole rows in SQL costs more than the query)
        // and are put in ledger order here; then they are decoded, their attributes checked on every
        // core, a chunk at a time, each chunk's bytes let go once decoded.
        var rows: [StoredRow] = []
        try db.makeStatement(sql: """
            SELECT r.sequence, r.position, r.line, r.is_event, r.event_id, r.timestamp, r.primary_identity,
                   r.identities, r.attributes
            FROM \(source) WHERE \(filter)
            """).forEachRawRow(arguments: arguments, in: db) { row in
            rows.append(StoredRow(sequence: row.int(0), position: row.int(1), line: row.int(2),
                                  isEvent: row.int64(3) != 0, eventID: row.text(4), timestamp: row.int64(5),
                                  primary: row.text(6),
                                  identities: row.text(7) ?? "", attributes: row.bytes(8)))
        }
        rows.sort { ($0.sequence, $0.position) < ($1.sequence, $1.position) }
        var records: [StoredRecord] = []
        records.reserveCapacity(rows.count)
        var identityLists = IdentityLists(expected: 1024)
        let known = files
        for start in stride(from: 0, to: rows.count, by: 16_384) {
            let chunk = start..<min(rows.count, start + 16_384)
            let slice = Array(rows[chunk])
            for (row, attributes) in zip(slice, slice.parallelMap { $0.attributes(files: known) }) {
                guard let attributes, let file = files[row.sequence],
                      let (identities, primary) = identityLists.parse(row.identities, primary: row.primary) else {
                    throw Self.damaged("the record at index \(row.position) (line \(row.line)) of ledger file \(row.sequence)")
                }
                let origin = RecordOrigin(sequence: row.sequence, file: file.archive, index: row.position, line: row.line)
                records.append(StoredRecord(dataset: file.dataset, origin: origin,
                                            isEvent: row.isEvent, eventID: row.eventID, timestamp: row.timestamp, primary: primary,
                                            identities: identities, packedAttributes: attributes))
            }
            for index in chunk { rows[index].attributes = [] }
        }
        return records
    }
}

extension RecordStore {
    /// The error for stored bytes that cannot be read back.
    static func damaged(_ what: String) -> BuildError {
        .unreadable(".cohort/store.sqlite", "\(what) cannot be read; run `cohort build --rebuild` to make the store again from archive/")
    }
}

/// A `records` row as read, before its identities are parsed and its attributes renumbered.
private struct StoredRow: Sendable {
    var sequence: Int
    var position: Int
    var line: Int
    var isEvent: Bool
    var eventID: String?
    var timestamp: Int64
    var primary: String?
    var identities: String
    var attributes: [UInt8]

    /// The attributes, with names numbered as this process numbers them; nil when the bytes are damaged.
    func attributes(files: [Int: StoredFile]) -> PackedValue? {
        guard let file = files[sequence] else { return nil }
        return PackedValue(storedBytes: attributes, rename: { $0 < file.processIDs.count ? file.processIDs[Int($0)] : nil })
    }
}

/// Records of one person mostly carry the same identities (every event of a visitor, its ECID):
/// each distinct list is parsed once and shared, so ten events hold one copy of their
/// identities, and the primary identity is the list's own value.
private struct IdentityLists {
    private struct Key: Hashable {
        var identities: String
        var primary: String?
    }

    private var parsed: [Key: (identities: [Identity], primary: Identity?)] = [:]
    /// The last record's: a person's records often come one after another.
    private var last: (key: Key, lists: (identities: [Identity], primary: Identity?))?

    init(expected: Int) {
        parsed.reserveCapacity(expected)
    }

    /// The identities of a stored record and its primary identity (`IdentityListCoding`); nil when
    /// the stored text is damaged.
    mutating func parse(_ identities: String, primary: String?) -> (identities: [Identity], primary: Identity?)? {
        let key = Key(identities: identities, primary: primary)
        if let last, last.key == key { return last.lists }
        var lists: (identities: [Identity], primary: Identity?)
        if let known = parsed[key] {
            lists = known
        } else {
            guard let list = IdentityListCoding.decodeList(identities) else { return nil }
            var primaryIdentity: Identity?
            if let primary {
                guard let decoded = IdentityListCoding.decode(primary) else { return nil }
                primaryIdentity = list.first { $0 == decoded } ?? decoded
            }
            lists = (list, primaryIdentity)
            parsed[key] = lists
        }
        last = (key, lists)
        return lists
    }
}

/// What reading a stored file's records needs: its archive path, and this process's id of each
/// field name id its records were written with.
struct StoredFile: Sendable {
    var archive: String
    var dataset: String
    var processIDs: [UInt32]

    /// The writer's name table (a JSON array of names, in id order) as this process's ids.
    static func numbering(_ text: String) -> [UInt32]? {
        guard case .success(let node) = JSONParser.parse(Array(text.utf8), file: "field_names"),
              case .array(let names) = Value(node) else { return nil }
        var ids: [UInt32] = []
        for name in names {
            guard case .string(let name) = name else { return nil }
            ids.append(FieldNames.id(of: name))
        }
        return ids
    }
}
