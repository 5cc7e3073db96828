import CohortCore
import Foundation
import GRDB

/// The `lookup_*` tables: each lookup destination's state as its last export left it — every
/// member's piece and, per key, the profiles exporting it (`LookupStore`) — so that an export reads
/// and writes only what its changed profiles reach. Which export they belong to is
/// `audience_state`'s, as for file destinations' audiences.
extension RecordStore {
    static let lookupTables = """
        CREATE TABLE IF NOT EXISTS lookup_profiles (destination TEXT NOT NULL, profile TEXT NOT NULL,
            piece BLOB NOT NULL, PRIMARY KEY (destination, profile)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS lookup_holders (destination TEXT NOT NULL, key TEXT NOT NULL, profile TEXT NOT NULL,
            PRIMARY KEY (destination, key, profile)) WITHOUT ROWID;
        """

    /// The stored state of lookup destination `destination` when it serves this export.
    func lookup(of destination: String, fingerprint: String, files: String, dirty: Set<String>,
                since: Int64?) throws -> StoredLookup? {
        try stateServes(destination, fingerprint: fingerprint, files: files, since: since)
            ? StoredLookup(queue: queue, destination: destination, dirty: dirty) : nil
    }

    /// Writes what an export changed in a lookup destination's state, and which export it now belongs to.
    func saveLookup(_ changes: LookupChanges, of destination: String, fingerprint: String, files: String) throws {
        try queue.write { db in
            if changes.replacesAll {
                for table in ["lookup_profiles", "lookup_holders"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE destination = ?", arguments: [destination])
                }
            }
            let setProfile = try db.makeStatement(sql: "INSERT OR REPLACE INTO lookup_profiles VALUES (?, ?, ?)")
            let dropProfile = try db.makeStatement(sql: """
                DELETE FROM lookup_profiles WHERE destination = ? AND profile = ?
                """)
            let holders = try HolderRows(db, table: "lookup_holders", column: "key", destination: destination)
            for (profile, piece) in changes.profiles.sorted(by: { $0.key < $1.key }) {
                try holders.drop(profile, holding: changes.formerKeys[profile] ?? [])
                try (piece == nil ? dropProfile : setProfile).runRaw(in: db) { row in
                    try row.bind(destination, at: 1)
                    try row.bind(profile, at: 2)
                    if let piece { try row.bind(bytes: piece.piece, at: 3) }
                }
                try holders.add(profile, holding: piece?.keys ?? [])
            }
            try Self.markExported(destination, fingerprint: fingerprint, files: files, db)
        }
    }
}

/// One lookup destination's stored state, read a piece at a time inside the export that plans with
/// it. A read that fails is kept (`failure`) and returns nothing; the caller throws it.
final class StoredLookup: LookupStore {
    private let queue: DatabaseQueue
    private let destination: String
    let dirty: Set<String>
    private(set) var failure: Error?

    init(queue: DatabaseQueue, destination: String, dirty: Set<String>) {
        self.queue = queue
        self.destination = destination
        self.dirty = dirty
    }

    func pieces(_ profiles: Set<String>) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for row in rows("""
            SELECT profile, piece FROM lookup_profiles WHERE destination = ?
            AND profile IN (SELECT value FROM json_each(?))
            """, profiles) {
            result[row[0]] = [UInt8](row[1] as Data)
        }
        return result
    }

    func profiles(holding keys: Set<String>) -> Set<String> {
        Set(rows("""
            SELECT profile FROM lookup_holders WHERE destination = ? AND key IN (SELECT value FROM json_each(?))
            """, keys).map { $0[0] as String })
    }

    /// The rows `sql` gives for this destination and the JSON list of `keys` (none when there are none).
    private func rows(_ sql: String, _ keys: Set<String>) -> [Row] {
        guard !keys.isEmpty, failure == nil else { return [] }
        do {
            return try queue.read { db in
                try Row.fetchAll(db, sql: sql, arguments: [destination, RecordStore.list(keys)])
            }
        } catch {
            failure = error
            return []
        }
    }
}
