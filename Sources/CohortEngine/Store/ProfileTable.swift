import CohortCore
import Foundation
import GRDB

/// The `profiles` table: each profile of each group of merge policies in use (by the group's base
/// policy), its component, identities, merged attributes and the next moment time alone could change
/// its memberships; `merged_attributes` holds its attributes under the group's other policies.
extension RecordStore {
    /// A profile as a step writes it.
    struct ProfileRow {
        var entry: UnifiedProfiles.Entry
        var component: Int64
        var wake: Int64?
    }

    /// The key and identities of each profile of `policy` in components `ids`.
    func profileGraphs(policy: String, components ids: [Int64]) throws -> [(key: String, identities: [Identity])] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT key, identities FROM profiles WHERE policy = ? AND component IN (SELECT value FROM json_each(?)) ORDER BY key
                """, arguments: [policy, Self.list(ids)]).map { row in
                guard let identities = IdentityListCoding.decodeList(row[1]) else { throw Self.damaged("the identities of a profile") }
                return (row[0], identities)
            }
        }
    }

    /// The identities of every profile of `policy`, in key order.
    func graphs(policy: String) throws -> [[Identity]] {
        try queue.read { db in
            try String.fetchAll(db, sql: "SELECT identities FROM profiles WHERE policy = ? ORDER BY key", arguments: [policy]).map {
                guard let identities = IdentityListCoding.decodeList($0) else { throw Self.damaged("the identities of a profile") }
                return identities
            }
        }
    }

    /// How many profiles `policy` makes.
    func profileCount(policy: String) throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM profiles WHERE policy = ?", arguments: [policy]) ?? 0 }
    }

    /// Replaces the profiles of `policy` in components `ids` with `rows`; `others` are the group's other policies.
    func replaceProfiles(policy: String, others: [String], components ids: [Int64], with rows: [ProfileRow]) throws {
        try queue.write { db in
            let list = Self.list(ids)
            for other in others {
                try db.execute(sql: """
                    DELETE FROM merged_attributes WHERE policy = ? AND key IN
                        (SELECT key FROM profiles WHERE policy = ? AND component IN (SELECT value FROM json_each(?)))
                    """, arguments: [other, policy, list])
            }
            try db.execute(sql: "DELETE FROM profiles WHERE policy = ? AND component IN (SELECT value FROM json_each(?))",
                           arguments: [policy, list])
            numbering = try Self.numbering(extending: numbering, to: FieldNames.all(), db: db)
            let names = numbering?.id ?? 0
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO profiles (policy, key, component, identities, attributes, numbering, wake) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let insertOther = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO merged_attributes (policy, key, attributes, numbering) VALUES (?, ?, ?, ?)
                """)
            for row in rows {
                guard let key = row.entry.key else { continue }
                try insert.execute(arguments: [policy, key, row.component, IdentityListCoding.encode(row.entry.profile.identities),
                                               Data(row.entry.profile.packedAttributes.storedBytes), names, row.wake])
                for other in others {
                    guard let attributes = row.entry.otherAttributes[other] else { continue }
                    try insertOther.execute(arguments: [other, key, Data(attributes.storedBytes), names])
                }
            }
        }
    }

    /// The components holding a profile whose wake-up time has come by `now`.
    func dueComponents(at now: Int64) throws -> Set<Int64> {
        try queue.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT component FROM profiles WHERE wake <= ?", arguments: [now]))
        }
    }

    /// The earliest wake-up time of any profile.
    func nextWake() throws -> Int64? {
        try queue.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(wake) FROM profiles") }
    }

    /// The key of the profile of `policy` that holds `identity` now, if any.
    func key(holding identity: Identity, policy: String) throws -> String? {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT key, identities FROM profiles WHERE policy = ? AND component =
                    (SELECT component FROM identities WHERE identity = ?) ORDER BY key
                """, arguments: [policy, IdentityListCoding.encode(identity)])
            return rows.first { (IdentityListCoding.decodeList($0[1]) ?? []).contains(identity) }?[0]
        }
    }
}

/// Profiles of the store looked up by key, as exports read them: each read once and kept, so an
/// export holds the profiles of the audiences it writes, not every profile.
final class StoredProfiles: @unchecked Sendable {
    private let queue: DatabaseQueue
    private let lock = NSLock()
    private var known: [String: [String: Profile?]] = [:]
    private var numberings: [Int64: [UInt32]] = [:]

    init(_ store: RecordStore) {
        queue = store.queue
    }

    /// The profile of `key` under `policy` (a group's base policy, or with `merged` one of its others).
    func profile(_ key: String, policy: String, merged: String? = nil) -> Profile? {
        let slot = merged ?? policy
        lock.lock()
        defer { lock.unlock() }
        if let cached = known[slot]?[key] { return cached }
        let profile = try? read(key, policy: policy, merged: merged)
        known[slot, default: [:]][key] = profile
        return profile
    }

    private func read(_ key: String, policy: String, merged: String?) throws -> Profile? {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT identities, attributes, numbering FROM profiles WHERE policy = ? AND key = ?",
                                             arguments: [policy, key]),
                  let identities = IdentityListCoding.decodeList(row[0]) else { return nil }
            var bytes: Data = row[1]
            var numbering: Int64 = row[2]
            if let merged {
                guard let other = try Row.fetchOne(db, sql: "SELECT attributes, numbering FROM merged_attributes WHERE policy = ? AND key = ?",
                                                   arguments: [merged, key]) else { return nil }
                (bytes, numbering) = (other[0], other[1])
            }
            guard let ids = try processIDs(numbering, db: db),
                  let attributes = PackedValue(storedBytes: [UInt8](bytes), rename: { $0 < ids.count ? ids[Int($0)] : nil })
            else { return nil }
            return Profile(identities: identities, packedAttributes: attributes)
        }
    }

    private func processIDs(_ numbering: Int64, db: Database) throws -> [UInt32]? {
        if let known = numberings[numbering] { return known }
        guard let text = try String.fetchOne(db, sql: "SELECT names FROM numberings WHERE id = ?", arguments: [numbering]),
              let ids = StoredFile.numbering(text) else { return nil }
        numberings[numbering] = ids
        return ids
    }
}
