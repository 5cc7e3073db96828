import CohortCore
import Foundation
import GRDB

/// The `audience_*` tables: each file destination's audiences as its last export left them — every
/// member's entry, the profiles contending for each row key, the row standing for each key (with its
/// values and line when exported) and the counts — so that a build's export reads only the slice its
/// changed profiles reach. `audience_state` says which export they belong to: a destination's rows
/// serve a build only when its definitions, the folder's files and the evaluation step all follow on.
extension RecordStore {
    static let audienceTables = """
        CREATE TABLE IF NOT EXISTS audience_state (destination TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
            step INTEGER NOT NULL, files TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS audience_entries (destination TEXT NOT NULL, segment TEXT NOT NULL,
            profile TEXT NOT NULL, entry BLOB NOT NULL, PRIMARY KEY (destination, segment, profile)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS audience_contenders (destination TEXT NOT NULL, segment TEXT NOT NULL,
            row_key TEXT NOT NULL, profile TEXT NOT NULL, PRIMARY KEY (destination, segment, row_key, profile)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS audience_contenders_profile ON audience_contenders(destination, segment, profile);
        CREATE TABLE IF NOT EXISTS audience_rows (destination TEXT NOT NULL, segment TEXT NOT NULL, row_key TEXT NOT NULL,
            dedup TEXT, row_values BLOB, line BLOB, PRIMARY KEY (destination, segment, row_key)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS audience_rows_dedup ON audience_rows(destination, segment, dedup) WHERE dedup IS NOT NULL;
        CREATE TABLE IF NOT EXISTS audience_counts (destination TEXT NOT NULL, segment TEXT NOT NULL, members INTEGER NOT NULL,
            exported INTEGER NOT NULL, consent INTEGER NOT NULL, mandatory INTEGER NOT NULL, identity INTEGER NOT NULL,
            deduplicated INTEGER NOT NULL, PRIMARY KEY (destination, segment));
        """

    /// Whether the state stored for `destination` belongs to the export its folder holds now: made
    /// under definitions of this `fingerprint`, with folder contents of digest `files`, by evaluation
    /// step `since` (by default the one before the current one: the caller's dirty profiles are the
    /// ones touched since). Otherwise the export works it out from the files.
    func stateServes(_ destination: String, fingerprint: String, files: String, since: Int64?) throws -> Bool {
        try queue.read { db -> Bool in
            guard let row = try Row.fetchOne(db, sql: "SELECT fingerprint, step, files FROM audience_state WHERE destination = ?",
                                             arguments: [destination]) else { return false }
            let step = try since ?? Self.evaluationStep(db) - 1
            return row[0] == fingerprint && row[2] == files && (row[1] as Int64) == step
        }
    }

    /// The current evaluation step (see `beginStep`).
    func evaluationStep() throws -> Int64 {
        try queue.read { db in try Self.evaluationStep(db) }
    }

    /// Records which export the state stored for `destination` belongs to (see `stateServes`).
    static func markExported(_ destination: String, fingerprint: String, files: String, _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO audience_state VALUES (?, ?, ?, ?)",
                       arguments: [destination, fingerprint, try evaluationStep(db), files])
    }

    /// The stored audiences of file destination `destination`, when they serve this export.
    func audiences(of destination: String, fingerprint: String, files: String, dirty: Set<String>,
                   since: Int64?) throws -> StoredAudiences? {
        try stateServes(destination, fingerprint: fingerprint, files: files, since: since)
            ? StoredAudiences(queue: queue, destination: destination, dirty: dirty) : nil
    }

    /// Writes what an export changed in `destination`'s audiences and which export they now belong to.
    func saveAudiences(_ changes: AudienceChanges, of destination: String, fingerprint: String, files: String) throws {
        try queue.write { db in
            if changes.replacesAll {
                for table in ["audience_entries", "audience_contenders", "audience_rows", "audience_counts"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE destination = ?", arguments: [destination])
                }
            }
            let insertEntry = try db.makeStatement(sql: "INSERT INTO audience_entries VALUES (?, ?, ?, ?)")
            let insertContender = try db.makeStatement(sql: "INSERT OR IGNORE INTO audience_contenders VALUES (?, ?, ?, ?)")
            let insertRow = try db.makeStatement(sql: "INSERT INTO audience_rows VALUES (?, ?, ?, ?, ?, ?)")
            for (segment, segmentChanges) in changes.segments.sorted(by: { $0.key < $1.key }) {
                if !changes.replacesAll {
                    // What the export looked at again goes, in one statement per table, and comes back below.
                    let scope = "destination = ? AND segment = ? AND"
                    for (table, column, keys) in [("audience_entries", "profile", Array(segmentChanges.entries.keys)),
                                                  ("audience_contenders", "profile", Array(segmentChanges.entries.keys)),
                                                  ("audience_rows", "row_key", Array(segmentChanges.rows.keys))] where !keys.isEmpty {
                        try db.execute(sql: "DELETE FROM \(table) WHERE \(scope) \(column) IN (SELECT value FROM json_each(?))",
                                       arguments: [destination, segment, Self.list(keys)])
                    }
                }
                for (profile, entry) in segmentChanges.entries.sorted(by: { $0.key < $1.key }) {
                    guard let entry else { continue }
                    try insertEntry.runRaw(in: db) { row in
                        try row.bind(destination, at: 1)
                        try row.bind(segment, at: 2)
                        try row.bind(profile, at: 3)
                        try row.bind(bytes: entry.bytes, at: 4)
                    }
                    for rowKey in entry.rowKeys {
                        try insertContender.runRaw(in: db) { row in
                            try row.bind(destination, at: 1)
                            try row.bind(segment, at: 2)
                            try row.bind(rowKey, at: 3)
                            try row.bind(profile, at: 4)
                        }
                    }
                }
                for (rowKey, standing) in segmentChanges.rows.sorted(by: { $0.key < $1.key }) {
                    guard let standing else { continue }
                    try insertRow.runRaw(in: db) { row in
                        try row.bind(destination, at: 1)
                        try row.bind(segment, at: 2)
                        try row.bind(rowKey, at: 3)
                        try row.bind(standing.dedupValue, at: 4)
                        try row.bind(bytes: standing.values, at: 5)
                        try row.bind(bytes: standing.line, at: 6)
                    }
                }
                let counts = segmentChanges.counts
                try db.execute(sql: "INSERT OR REPLACE INTO audience_counts VALUES (?, ?, ?, ?, ?, ?, ?, ?)", arguments: [
                    destination, segment, counts.members, counts.exported, counts.consent, counts.mandatory, counts.identity,
                    counts.deduplicated])
            }
            try Self.markExported(destination, fingerprint: fingerprint, files: files, db)
        }
    }
}

/// One destination's stored audiences, read a slice at a time inside the export that plans with
/// them. A read that fails is kept (`failure`) and returns nothing; the caller throws it.
final class StoredAudiences: AudienceStore {
    private let queue: DatabaseQueue
    private let destination: String
    let dirty: Set<String>
    private(set) var failure: Error?

    init(queue: DatabaseQueue, destination: String, dirty: Set<String>) {
        self.queue = queue
        self.destination = destination
        self.dirty = dirty
    }

    func entries(_ segment: String, profiles: Set<String>) -> [String: [UInt8]] {
        Dictionary(pairs("""
            SELECT profile, entry FROM audience_entries WHERE destination = ? AND segment = ?
            AND profile IN (SELECT value FROM json_each(?))
            """, segment, profiles) { ($0[0] as String, [UInt8]($0[1] as Data)) }, uniquingKeysWith: { first, _ in first })
    }

    func contenders(_ segment: String, rowKeys: Set<String>) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (rowKey, profile) in pairs("""
            SELECT row_key, profile FROM audience_contenders WHERE destination = ? AND segment = ?
            AND row_key IN (SELECT value FROM json_each(?))
            """, segment, rowKeys, { ($0[0] as String, $0[1] as String) }) {
            result[rowKey, default: []].append(profile)
        }
        return result
    }

    func standing(_ segment: String, rowKeys: Set<String>) -> [String: StandingRow] {
        Dictionary(pairs("""
            SELECT row_key, dedup, row_values FROM audience_rows WHERE destination = ? AND segment = ?
            AND row_key IN (SELECT value FROM json_each(?))
            """, segment, rowKeys) { row in
            (row[0] as String, StandingRow(dedupValue: row[1], values: (row[2] as Data?).map { [UInt8]($0) }, line: nil))
        }, uniquingKeysWith: { first, _ in first })
    }

    func groups(_ segment: String, values: Set<String>) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for (value, rowKey) in pairs("""
            SELECT dedup, row_key FROM audience_rows WHERE destination = ? AND segment = ?
            AND dedup IN (SELECT value FROM json_each(?))
            """, segment, values, { ($0[0] as String, $0[1] as String) }) {
            result[value, default: []].insert(rowKey)
        }
        return result
    }

    func counts(_ segment: String) -> ExportCounts {
        let row = reading { db in
            try Row.fetchOne(db, sql: """
                SELECT members, exported, consent, mandatory, identity, deduplicated FROM audience_counts
                WHERE destination = ? AND segment = ?
                """, arguments: [destination, segment])
        }
        var counts = ExportCounts()
        guard let row = row ?? nil else { return counts }
        (counts.members, counts.exported, counts.consent) = (row[0], row[1], row[2])
        (counts.mandatory, counts.identity, counts.deduplicated) = (row[3], row[4], row[5])
        return counts
    }

    func lines(_ segment: String) -> [(key: String, line: [UInt8])] {
        reading { db in
            try Row.fetchAll(db, sql: """
                SELECT row_key, line FROM audience_rows WHERE destination = ? AND segment = ? AND line IS NOT NULL
                """, arguments: [destination, segment]).map { ($0[0] as String, [UInt8]($0[1] as Data)) }
        } ?? []
    }

    private func pairs<T>(_ sql: String, _ segment: String, _ keys: Set<String>, _ make: (Row) -> T) -> [T] {
        guard !keys.isEmpty else { return [] }
        return reading { db in
            try Row.fetchAll(db, sql: sql, arguments: [destination, segment, RecordStore.list(keys)]).map(make)
        } ?? []
    }

    private func reading<T>(_ body: (Database) throws -> T) -> T? {
        do {
            return try queue.read(body)
        } catch {
            failure = failure ?? error
            return nil
        }
    }
}
