import CohortCore
import Foundation
import GRDB

/// The `stream_*` tables: each stream destination's state as its last export left it, in pieces
/// (`StreamStore`) so that an export reads and writes only what its changed profiles reach. Which
/// export they belong to is `audience_state`'s, as for file destinations' audiences. Older stores
/// kept the state whole in `stream_state`, which goes when the store is opened: without pieces, the
/// next export works the state out from the files.
extension RecordStore {
    static let streamTables = """
        DROP TABLE IF EXISTS stream_state;
        CREATE TABLE IF NOT EXISTS stream_totals (destination TEXT PRIMARY KEY, totals BLOB NOT NULL,
            due TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS stream_profiles (destination TEXT NOT NULL, profile TEXT NOT NULL, line INTEGER,
            entry BLOB NOT NULL, PRIMARY KEY (destination, profile)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS stream_profiles_line ON stream_profiles(destination, line) WHERE line IS NOT NULL;
        CREATE TABLE IF NOT EXISTS stream_holders (destination TEXT NOT NULL, identity TEXT NOT NULL,
            profile TEXT NOT NULL, PRIMARY KEY (destination, identity, profile)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS stream_lines (destination TEXT NOT NULL, line INTEGER NOT NULL, entry BLOB NOT NULL,
            PRIMARY KEY (destination, line)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS stream_owners (destination TEXT NOT NULL, identity TEXT NOT NULL,
            line INTEGER NOT NULL, PRIMARY KEY (destination, identity)) WITHOUT ROWID;
        """

    private static let streamPieceTables = ["stream_profiles", "stream_holders", "stream_lines", "stream_owners"]

    /// The stored state of stream destination `destination` when it serves this export.
    func stream(of destination: String, fingerprint: String, files: String, dirty: Set<String>,
                since: Int64?) throws -> StoredStream? {
        guard try stateServes(destination, fingerprint: fingerprint, files: files, since: since) else { return nil }
        return try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT totals FROM stream_totals WHERE destination = ?",
                                             arguments: [destination]) else { return nil }
            let due = try String.fetchAll(db, sql: """
                SELECT value FROM stream_totals, json_each(stream_totals.due) WHERE destination = ?
                """, arguments: [destination])
            return StoredStream(queue: queue, destination: destination, dirty: dirty, due: Set(due),
                                totals: [UInt8](row[0] as Data))
        }
    }

    /// Writes what an export changed in a stream destination's state, and which export it now belongs to.
    func saveStream(_ changes: StreamChanges, of destination: String, fingerprint: String, files: String) throws {
        try queue.write { db in
            if changes.replacesAll {
                for table in Self.streamPieceTables {
                    try db.execute(sql: "DELETE FROM \(table) WHERE destination = ?", arguments: [destination])
                }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO stream_totals VALUES (?, ?, ?)",
                           arguments: [destination, Data(changes.totals), Self.list(changes.due)])
            try Self.saveProfiles(changes, of: destination, db)
            let setLine = try db.makeStatement(sql: "INSERT OR REPLACE INTO stream_lines VALUES (?, ?, ?)")
            let dropLine = try db.makeStatement(sql: "DELETE FROM stream_lines WHERE destination = ? AND line = ?")
            for (line, entry) in changes.lines.sorted(by: { $0.key < $1.key }) {
                try (entry == nil ? dropLine : setLine).runRaw(in: db) { row in
                    try row.bind(destination, at: 1)
                    try row.bind(Int64(line), at: 2)
                    if let entry { try row.bind(bytes: entry, at: 3) }
                }
            }
            let setOwner = try db.makeStatement(sql: "INSERT OR REPLACE INTO stream_owners VALUES (?, ?, ?)")
            let dropOwner = try db.makeStatement(sql: """
                DELETE FROM stream_owners WHERE destination = ? AND identity = ?
                """)
            for (identity, line) in changes.owners.sorted(by: { $0.key < $1.key }) {
                try (line == nil ? dropOwner : setOwner).runRaw(in: db) { row in
                    try row.bind(destination, at: 1)
                    try row.bind(identity, at: 2)
                    if let line { try row.bind(Int64(line), at: 3) }
                }
            }
            try Self.markExported(destination, fingerprint: fingerprint, files: files, db)
        }
    }

    /// Writes the changed profiles' pieces and moves their holders from the identities they had to those they have.
    private static func saveProfiles(_ changes: StreamChanges, of destination: String, _ db: Database) throws {
        let setProfile = try db.makeStatement(sql: "INSERT OR REPLACE INTO stream_profiles VALUES (?, ?, ?, ?)")
        let dropProfile = try db.makeStatement(sql: "DELETE FROM stream_profiles WHERE destination = ? AND profile = ?")
        let holders = try HolderRows(db, table: "stream_holders", column: "identity", destination: destination)
        for (profile, piece) in changes.profiles.sorted(by: { $0.key < $1.key }) {
            try holders.drop(profile, holding: changes.formerIdentities[profile] ?? [])
            try (piece == nil ? dropProfile : setProfile).runRaw(in: db) { row in
                try row.bind(destination, at: 1)
                try row.bind(profile, at: 2)
                guard let piece else { return }
                try row.bind(piece.line.map(Int64.init), at: 3)
                try row.bind(bytes: piece.entry, at: 4)
            }
            try holders.add(profile, holding: piece?.identities ?? [])
        }
    }
}

/// One stream destination's stored state, read a piece at a time inside the export that plans
/// with it. A read that fails is kept (`failure`) and returns nothing; the caller throws it.
final class StoredStream: StreamStore {
    private let queue: DatabaseQueue
    private let destination: String
    let dirty: Set<String>
    let due: Set<String>
    let totals: [UInt8]
    private(set) var failure: Error?

    init(queue: DatabaseQueue, destination: String, dirty: Set<String>, due: Set<String>, totals: [UInt8]) {
        self.queue = queue
        self.destination = destination
        self.dirty = dirty
        self.due = due
        self.totals = totals
    }

    func profiles(_ profiles: Set<String>) -> [String: (line: Int?, entry: [UInt8])] {
        var result: [String: (line: Int?, entry: [UInt8])] = [:]
        for row in rows("""
            SELECT profile, line, entry FROM stream_profiles WHERE destination = ?
            AND profile IN (SELECT value FROM json_each(?))
            """, RecordStore.list(profiles), empty: profiles.isEmpty) {
            result[row[0]] = ((row[1] as Int64?).map(Int.init), [UInt8](row[2] as Data))
        }
        return result
    }

    func profiles(matching lines: Set<Int>) -> [Int: Set<String>] {
        var result: [Int: Set<String>] = [:]
        for row in rows("""
            SELECT line, profile FROM stream_profiles WHERE destination = ? AND line IN (SELECT value FROM json_each(?))
            """, RecordStore.list(lines.map(Int64.init)), empty: lines.isEmpty) {
            result[Int(row[0] as Int64), default: []].insert(row[1])
        }
        return result
    }

    func profiles(holding identities: Set<String>) -> Set<String> {
        Set(rows("""
            SELECT profile FROM stream_holders WHERE destination = ? AND identity IN (SELECT value FROM json_each(?))
            """, RecordStore.list(identities), empty: identities.isEmpty).map { $0[0] as String })
    }

    func lines(_ lines: Set<Int>) -> [Int: [UInt8]] {
        var result: [Int: [UInt8]] = [:]
        for row in rows("""
            SELECT line, entry FROM stream_lines WHERE destination = ? AND line IN (SELECT value FROM json_each(?))
            """, RecordStore.list(lines.map(Int64.init)), empty: lines.isEmpty) {
            result[Int(row[0] as Int64)] = [UInt8](row[1] as Data)
        }
        return result
    }

    func owners(_ identities: Set<String>) -> [String: Int] {
        var result: [String: Int] = [:]
        for row in rows("""
            SELECT identity, line FROM stream_owners WHERE destination = ?
            AND identity IN (SELECT value FROM json_each(?))
            """, RecordStore.list(identities), empty: identities.isEmpty) {
            result[row[0]] = Int(row[1] as Int64)
        }
        return result
    }

    /// The rows `sql` gives for this destination and the JSON list `keys` (none when `empty`).
    private func rows(_ sql: String, _ keys: String, empty: Bool) -> [Row] {
        guard !empty, failure == nil else { return [] }
        do {
            return try queue.read { db in try Row.fetchAll(db, sql: sql, arguments: [destination, keys]) }
        } catch {
            failure = error
            return []
        }
    }
}
