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

    /// A profile as the store holds it, its attributes numbered as this process numbers field names.
    struct StoredProfileRow {
        var key: String
        var identities: [Identity]
        var attributes: PackedValue
        var wake: Int64?
    }

    /// The profiles of `policy` in components `ids`, in key order.
    func profileRows(policy: String, components ids: [Int64]) throws -> [StoredProfileRow] {
        try queue.read { db in
            var numberings: [Int64: [UInt32]] = [:]
            return try Row.fetchAll(db, sql: """
                SELECT key, identities, attributes, numbering, wake FROM profiles
                WHERE +policy = ? AND component IN (SELECT value FROM json_each(?)) ORDER BY key
                """, arguments: [policy, Self.list(ids)]).map { row in
                let numbering: Int64 = row[3]
                if numberings[numbering] == nil {
                    let names = try String.fetchOne(db, sql: "SELECT names FROM numberings WHERE id = ?", arguments: [numbering])
                    numberings[numbering] = names.flatMap(StoredFile.numbering)
                }
                guard let identities = IdentityListCoding.decodeList(row[1]), let ids = numberings[numbering],
                      let attributes = PackedValue(storedBytes: [UInt8](row[2] as Data), rename: { $0 < ids.count ? ids[Int($0)] : nil })
                else { throw Self.damaged("a profile") }
                return StoredProfileRow(key: row[0], identities: identities, attributes: attributes, wake: row[4])
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

    /// How many profiles `policy` makes (`profile_counts`).
    func profileCount(policy: String) throws -> Int {
        try queue.read { db in
            // A reader may open a store that no build of this version has written to yet.
            guard try db.tableExists("profile_counts") else {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM profiles WHERE policy = ?", arguments: [policy]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT profiles FROM profile_counts WHERE policy = ?", arguments: [policy]) ?? 0
        }
    }

    /// `profile_counts`: how many profiles each policy has, kept by triggers as profiles are written
    /// and deleted, in the same transaction, so that a step's summary (and each watch step's history
    /// line) does not count a million rows. A store made before it was kept gets it counted once.
    static func createProfileCounts(_ db: Database) throws {
        let existed = try db.tableExists("profile_counts")
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS profile_counts (policy TEXT PRIMARY KEY, profiles INTEGER NOT NULL);
            CREATE TRIGGER IF NOT EXISTS profiles_added AFTER INSERT ON profiles BEGIN
                INSERT INTO profile_counts VALUES (NEW.policy, 1)
                    ON CONFLICT(policy) DO UPDATE SET profiles = profiles + 1;
            END;
            CREATE TRIGGER IF NOT EXISTS profiles_removed AFTER DELETE ON profiles BEGIN
                UPDATE profile_counts SET profiles = profiles - 1 WHERE policy = OLD.policy;
            END;
            """)
        guard !existed else { return }
        try db.execute(sql: "INSERT INTO profile_counts SELECT policy, COUNT(*) FROM profiles GROUP BY policy")
    }

    /// Replaces the profiles of `policy` in components `ids` (`old`, as `profileRows` read them) with
    /// `rows`; `others` are the group's other policies. Profiles that did not change are not written.
    func replaceProfiles(policy: String, others: [String], components ids: [Int64], with rows: [ProfileRow],
                         replacing old: [StoredProfileRow]) throws {
        try queue.write { db in
            let before = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            var unchanged: [String] = []
            var changed: [(key: String, row: ProfileRow)] = []
            for row in rows {
                guard let key = row.entry.key else { continue }
                if others.isEmpty, let stored = before[key], stored.identities == row.entry.profile.identities,
                   stored.wake == row.wake, stored.attributes == row.entry.profile.packedAttributes {
                    unchanged.append(key)
                } else {
                    changed.append((key, row))
                }
            }
            let list = Self.list(ids)
            for other in others {
                try db.execute(sql: """
                    DELETE FROM merged_attributes WHERE policy = ? AND key IN
                        (SELECT key FROM profiles WHERE +policy = ? AND component IN (SELECT value FROM json_each(?)))
                    """, arguments: [other, policy, list])
            }
            try db.execute(sql: """
                DELETE FROM profiles WHERE +policy = ? AND component IN (SELECT value FROM json_each(?))
                    AND key NOT IN (SELECT value FROM json_each(?))
                """, arguments: [policy, list, Self.list(unchanged)])
            guard !changed.isEmpty else { return }
            numbering = try Self.numbering(extending: numbering, to: FieldNames.all(), db: db)
            let names = numbering?.id ?? 0
            let insert = try db.makeStatement(sql: """
                INSERT INTO profiles (policy, key, component, identities, attributes, numbering, wake) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (policy, key) DO UPDATE SET component = excluded.component, identities = excluded.identities,
                    attributes = excluded.attributes, numbering = excluded.numbering, wake = excluded.wake
                """)
            let insertOther = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO merged_attributes (policy, key, attributes, numbering) VALUES (?, ?, ?, ?)
                """)
            // In key order: rows go in next to each other in the table's key order.
            for (key, row) in changed.sorted(by: { $0.key < $1.key }) {
                try insert.runRaw(in: db) { bindings in
                    try bindings.bind(policy, at: 1)
                    try bindings.bind(key, at: 2)
                    try bindings.bind(row.component, at: 3)
                    try bindings.bind(IdentityListCoding.encode(row.entry.profile.identities), at: 4)
                    try bindings.bind(bytes: row.entry.profile.packedAttributes.storedBytes, at: 5)
                    try bindings.bind(names, at: 6)
                    try bindings.bind(row.wake, at: 7)
                }
                for other in others {
                    guard let attributes = row.entry.otherAttributes[other] else { continue }
                    try insertOther.runRaw(in: db) { bindings in
                        try bindings.bind(other, at: 1)
                        try bindings.bind(key, at: 2)
                        try bindings.bind(bytes: attributes.storedBytes, at: 3)
                        try bindings.bind(names, at: 4)
                    }
                }
            }
        }
    }

    /// The components holding a profile whose wake-up time has come by `now`.
    func dueComponents(at now: Int64) throws -> Set<Int64> {
        try queue.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT component FROM profiles WHERE wake IS NOT NULL AND wake <= ?", arguments: [now]))
        }
    }

    /// The earliest wake-up time of any profile.
    func nextWake() throws -> Int64? {
        try queue.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(wake) FROM profiles WHERE wake IS NOT NULL") }
    }

    /// The key of the profile of `policy` that holds `identity` now, if any.
    func key(holding identity: Identity, policy: String) throws -> String? {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT key, identities FROM profiles WHERE +policy = ? AND component =
                    (SELECT component FROM identities WHERE identity = ?) ORDER BY key
                """, arguments: [policy, IdentityListCoding.encode(identity)])
            return rows.first { (IdentityListCoding.decodeList($0[1]) ?? []).contains(identity) }?[0]
        }
    }
}

/// Profiles of the store looked up by key, as exports read them: each read once and kept, so an
/// export holds the profiles of the audiences it writes, not every profile. An export that looks at
/// every member reads their profiles first, in one pass (`preload`). A profile the store cannot read
/// back is an error, never a member left out: `check()` throws the first one.
final class StoredProfiles: @unchecked Sendable {
    private let queue: DatabaseQueue
    private let lock = NSLock()
    private var known: [String: [String: Profile?]] = [:]
    private var numberings: [Int64: [UInt32]] = [:]
    private var failure: Error?

    init(_ store: RecordStore) {
        queue = store.queue
    }

    /// Reads the profiles of `keys` under `policy` (or `merged`, one of its group's other policies) in one pass.
    func preload(_ keys: Set<String>, policy: String, merged: String? = nil) throws {
        let loaded = try readAll(keys, policy: policy, merged: merged)
        lock.lock()
        defer { lock.unlock() }
        known[merged ?? policy, default: [:]].merge(loaded) { $1 }
    }

    /// The profile of `key` under `policy` (a group's base policy, or with `merged` one of its others).
    func profile(_ key: String, policy: String, merged: String? = nil) -> Profile? {
        let slot = merged ?? policy
        lock.lock()
        defer { lock.unlock() }
        if let cached = known[slot]?[key] { return cached }
        let profile: Profile?
        do {
            profile = try read(key, policy: policy, merged: merged)
        } catch {
            failure = failure ?? error
            profile = nil
        }
        known[slot, default: [:]][key] = profile
        return profile
    }

    /// Throws the first profile that could not be read back, if any.
    func check() throws {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }

    /// The profiles of `keys` under `policy` (or `merged`), by key.
    private func readAll(_ keys: Set<String>, policy: String, merged: String?) throws -> [String: Profile?] {
        guard !keys.isEmpty else { return [:] }
        return try queue.read { db in
            var result: [String: Profile?] = [:]
            let sql = merged == nil
                ? """
                  SELECT key, identities, attributes, numbering FROM profiles
                  WHERE policy = ? AND key IN (SELECT value FROM json_each(?))
                  """
                : """
                  SELECT p.key, p.identities, m.attributes, m.numbering FROM profiles p
                  JOIN merged_attributes m ON m.key = p.key AND m.policy = ?
                  WHERE p.policy = ? AND p.key IN (SELECT value FROM json_each(?))
                  """
            let list = RecordStore.list(keys)
            let rows = try Row.fetchCursor(db, sql: sql, arguments: merged.map { [$0, policy, list] } ?? [policy, list])
            while let row = try rows.next() {
                let key: String = row[0]
                result[key] = try profile(key, identities: row[1], attributes: row[2], numbering: row[3], db: db)
            }
            return result
        }
    }

    private func profile(_ key: String, identities: String, attributes bytes: Data, numbering: Int64, db: Database) throws -> Profile {
        guard let identities = IdentityListCoding.decodeList(identities), let ids = try processIDs(numbering, db: db),
              let attributes = PackedValue(storedBytes: [UInt8](bytes), rename: { $0 < ids.count ? ids[Int($0)] : nil })
        else { throw RecordStore.damaged("the profile \(key)") }
        return Profile(identities: identities, packedAttributes: attributes)
    }

    private func read(_ key: String, policy: String, merged: String?) throws -> Profile? {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT identities, attributes, numbering FROM profiles WHERE policy = ? AND key = ?",
                                             arguments: [policy, key]) else { return nil }
            guard let merged else { return try profile(key, identities: row[0], attributes: row[1], numbering: row[2], db: db) }
            guard let other = try Row.fetchOne(db, sql: "SELECT attributes, numbering FROM merged_attributes WHERE policy = ? AND key = ?",
                                               arguments: [merged, key]) else { return nil }
            return try profile(key, identities: row[0], attributes: other[0], numbering: other[1], db: db)
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
