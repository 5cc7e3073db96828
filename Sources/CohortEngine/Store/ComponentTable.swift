import CohortCore
import Foundation
import GRDB

/// The `identities` table: which component each identity belongs to (`ComponentLinks`). A record
/// belongs to the component of its anchor, so a component's records are found through its identities.
extension RecordStore {
    /// Ties the identities of the records of files from ledger sequence `first` on into the stored
    /// components (`linking`: the namespaces that link); returns the components those records are in now.
    /// Components that join take the number of the largest; their profiles move with them.
    func joinComponents(fromSequence first: Int, linking: Set<String>) throws -> Set<Int64> {
        try queue.write { db in
            // The index by anchor is made once the first records are in (after a rebuild, all of them
            // at once, which is much faster than growing it row by row), and kept from then on.
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS records_anchor ON records(anchor)")
            var links = ComponentLinks()
            var linked: [String: [String]] = [:]
            // The identities of a stored list that link, as stored; each distinct list is read once.
            func linkingIdentities(_ text: String) throws -> [String] {
                if let known = linked[text] { return known }
                if linked.count > 100_000 { linked.removeAll(keepingCapacity: true) }
                guard let list = IdentityListCoding.decodeList(text) else {
                    throw Self.damaged("the identities of a record")
                }
                let encoded = list.filter { linking.contains($0.namespace) }.map(IdentityListCoding.encode)
                linked[text] = encoded
                return encoded
            }
            let rows = try db.makeStatement(sql: """
                SELECT anchor, identities FROM records WHERE sequence >= ? AND anchor IS NOT NULL
                """)
            try rows.forEachRawRow(arguments: [first], in: db) { row in
                guard let anchor = row.text(0), let text = row.text(1) else {
                    throw Self.damaged("the identities of a record")
                }
                links.link(anchor, try linkingIdentities(text).lazy.filter { $0 != anchor })
            }
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO identities (identity, component) VALUES (?, ?)
                """)
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM identities LIMIT 1)") == 0 {
                return try fillIdentities(db, with: links, insert: insert)
            }
            var next = (try Int64.fetchOne(db, sql: "SELECT MAX(component) FROM identities") ?? 0) + 1
            let find = try db.makeStatement(sql: "SELECT component FROM identities WHERE identity = ?")
            let size = try db.makeStatement(sql: "SELECT COUNT(*) FROM identities WHERE component = ?")
            var touched = Set<Int64>()
            for component in links.components() {
                var existing = Set<Int64>()
                for identity in component {
                    if let known = try Int64.fetchOne(find, arguments: [identity]) { existing.insert(known) }
                }
                var survivor = next
                if existing.isEmpty {
                    next += 1
                } else {
                    let sizes = try existing.sorted().map { ($0, try Int.fetchOne(size, arguments: [$0]) ?? 0) }
                    survivor = sizes.max { $0.1 < $1.1 }?.0 ?? survivor
                    for absorbed in existing where absorbed != survivor {
                        try db.execute(sql: "UPDATE identities SET component = ? WHERE component = ?", arguments: [survivor, absorbed])
                        try db.execute(sql: "UPDATE profiles SET component = ? WHERE component = ?", arguments: [survivor, absorbed])
                        try db.execute(sql: "DELETE FROM components WHERE component = ?", arguments: [absorbed])
                        touched.remove(absorbed)
                    }
                }
                for identity in component { try Self.insert(identity, survivor, with: insert, in: db) }
                touched.insert(survivor)
            }
            return touched
        }
    }

    /// Fills the empty `identities` table with the components of `links`, numbered from 1 in the order
    /// of their first identity: rows go in in key order, straight from the union-find, and the index
    /// by component is made after them, which is much faster than growing both row by row in the order
    /// of components (the first build, or a rebuild, of a large store).
    private func fillIdentities(_ db: Database, with links: ComponentLinks, insert: Statement) throws -> Set<Int64> {
        try db.execute(sql: "DROP INDEX IF EXISTS identities_component")
        let count = try links.forEachIdentityInOrder { identity, component in
            try insert.runRaw(in: db) { row in
                try row.bind(utf8: identity, at: 1)
                try row.bind(component, at: 2)
            }
        }
        try db.execute(sql: "CREATE INDEX identities_component ON identities(component)")
        return Set((0..<Int64(count)).map { $0 + 1 })
    }

    private static func insert(_ identity: String, _ component: Int64, with statement: Statement,
                               in db: Database) throws {
        try statement.runRaw(in: db) { row in
            try row.bind(identity, at: 1)
            try row.bind(component, at: 2)
        }
    }

    /// The component of `identity`, if it is in one.
    func component(of identity: Identity) throws -> Int64? {
        try queue.read { db in
            try Int64.fetchOne(db, sql: "SELECT component FROM identities WHERE identity = ?", arguments: [IdentityListCoding.encode(identity)])
        }
    }

    /// Every component, in number order.
    func allComponents() throws -> [Int64] {
        try queue.read { db in try Int64.fetchAll(db, sql: "SELECT DISTINCT component FROM identities ORDER BY component") }
    }

    /// Forgets every component and every profile (identity rules changed, or the records were read again).
    func removeComponents() throws {
        try queue.write { db in
            for table in ["identities", "components", "profiles", "merged_attributes"] { try db.execute(sql: "DELETE FROM \(table)") }
        }
    }

    /// Replaces the graph stats of components `ids`.
    func saveGraphStats(_ stats: [Int64: GraphStats], components ids: [Int64]) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM components WHERE component IN (SELECT value FROM json_each(?))", arguments: [Self.list(ids)])
            let columns = ["component"] + Self.statColumns + ["shared", "shared_namespace", "shared_values", "shared_graph"]
            let insert = try db.makeStatement(sql: """
                INSERT INTO components (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
                """)
            for (component, stat) in stats.sorted(by: { $0.key < $1.key }) {
                try insert.runRaw(in: db) { row in
                    try row.bind(component, at: 1)
                    let counts = Self.counts(of: stat)
                    for (index, count) in counts.enumerated() {
                        try row.bind(Int64(count), at: Int32(index + 2))
                    }
                    let top = Int32(counts.count + 2)
                    let shared = stat.mostShared
                    try row.bind(shared.map { IdentityListCoding.encode($0.identity) }, at: top)
                    try row.bind(shared?.namespace, at: top + 1)
                    try row.bind(shared.map { Int64($0.values) }, at: top + 2)
                    try row.bind(shared.map { Int64($0.graphSize) }, at: top + 3)
                }
            }
        }
    }

    /// The graph stats of every component, added up (`graph_totals`).
    func graphStats() throws -> GraphStats {
        try queue.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT \(Self.statColumns.joined(separator: ", ")) FROM graph_totals WHERE id = 0")
            let totals = Self.statColumns.indices.map { (row?[$0] as Int?) ?? 0 }
            return GraphStats(graphs: totals[0], identities: totals[1], atLimit: totals[2], droppedLinks: totals[3],
                              droppedByUnique: totals[4], evicted: totals[5], sizes: Array(totals[6...]))
        }
    }

    /// The identities linked to the most values of one person-identifying namespace, most first
    /// (ties in stored identity order), at most `limit`: the suspects of collapsed graphs.
    func mostSharedIdentities(limit: Int) throws -> [IdentityGraph.SharedIdentity] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT shared, shared_namespace, shared_values, shared_graph FROM components WHERE shared IS NOT NULL
                ORDER BY shared_values DESC, shared LIMIT ?
                """, arguments: [limit]).compactMap { row in
                guard let identity = IdentityListCoding.decode(row[0] as String) else { return nil }
                return IdentityGraph.SharedIdentity(identity: identity, namespace: row[1] as String, values: row[2] as Int,
                                                    graphSize: row[3] as Int)
            }
        }
    }

    /// The columns of `components` after its number, in the order `counts(of:)` gives them.
    static let statColumns = ["graphs", "identities", "at_limit", "dropped_links", "dropped_unique", "evicted"]
        + GraphStats.sizeBounds.map { "size_\($0)" }

    private static func counts(of stat: GraphStats) -> [Int] {
        [stat.graphs, stat.identities, stat.atLimit, stat.droppedLinks, stat.droppedByUnique, stat.evicted] + stat.sizes
    }

    /// The records of components `ids`, in ledger order.
    func records(ofComponents ids: [Int64]) throws -> [StoredRecord] {
        try queue.read { db in try Self.records(in: db, ofComponents: ids) }
    }

    private static func records(in db: Database, ofComponents ids: [Int64]) throws -> [StoredRecord] {
        try records(in: db, from: "records r JOIN identities i ON i.identity = r.anchor",
                    where: "i.component IN (SELECT value FROM json_each(?))", arguments: [list(ids)])
    }

    /// The component of each identity of components `ids` that links, by identity.
    func componentOfIdentities(in ids: [Int64]) throws -> [Identity: Int64] {
        try queue.read { db in
            var result: [Identity: Int64] = [:]
            let rows = try db.makeStatement(sql: """
                SELECT identity, component FROM identities WHERE component IN (SELECT value FROM json_each(?))
                """)
            try rows.forEachRawRow(arguments: [Self.list(ids)], in: db) { row in
                guard let identity = row.text(0).flatMap(IdentityListCoding.decode) else {
                    throw Self.damaged("an identity of the identity graph")
                }
                result[identity] = row.int64(1)
            }
            return result
        }
    }

    /// A list of numbers as a JSON array, for `json_each`.
    static func list(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// A list of texts as a JSON array, for `json_each`, in sorted order.
    static func list(_ texts: some Sequence<String>) -> String {
        JSONWriter.string(.array(texts.sorted().map(Value.string)))
    }

    /// `components` cut into batches of at most `size`, in order.
    static func batches(of components: [Int64], size: Int) -> [[Int64]] {
        stride(from: 0, to: components.count, by: size).map { Array(components[$0..<min(components.count, $0 + size)]) }
    }

    /// The records of every component, handed to `body` a batch of `size` components at a time, all
    /// read in one transaction: a writer that commits meanwhile changes none of the batches.
    func forEachComponentBatch(size: Int, _ body: ([StoredRecord]) throws -> Void) throws {
        try queue.read { db in
            let components = try Int64.fetchAll(db, sql: "SELECT DISTINCT component FROM identities ORDER BY component")
            for batch in Self.batches(of: components, size: size) { try body(try Self.records(in: db, ofComponents: batch)) }
        }
    }
}
