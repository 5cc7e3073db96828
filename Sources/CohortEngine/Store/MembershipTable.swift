import CohortCore
import Foundation
import GRDB

/// The `memberships` table. Every build or watch step is one evaluation: a membership is `realized`
/// only in the step it entered, so each row keeps the step that wrote it, and a `realized` row of an
/// earlier step reads as `existing` — the profiles a step did not look at move on without a write.
extension RecordStore {
    private static let stepKey = "evaluationStep"

    /// Starts a new evaluation step.
    func beginStep() throws {
        try queue.write { db in
            let current = try Self.evaluationStep(db)
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [Self.stepKey, String(current + 1)])
        }
    }

    static func evaluationStep(_ db: Database) throws -> Int64 {
        Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [stepKey]) ?? "") ?? 0
    }

    /// Every segment's memberships, by segment id and profile key.
    public func memberships() throws -> [String: [String: Membership]] {
        try queue.read { db in try Self.memberships(db, sql: "SELECT segment, profile, status, last_qualification, step FROM memberships") }
    }

    /// The memberships of profiles `keys`, by segment id and profile key.
    func memberships(of keys: Set<String>) throws -> [String: [String: Membership]] {
        try memberships(where: "profile", in: keys)
    }

    /// The memberships of profiles `keys` in `segments` only, by segment id and profile key.
    func memberships(of keys: Set<String>, inSegments segments: Set<String>) throws -> [String: [String: Membership]] {
        guard !keys.isEmpty, !segments.isEmpty else { return [:] }
        return try queue.read { db in
            try Self.memberships(db, sql: """
                SELECT segment, profile, status, last_qualification, step FROM memberships
                WHERE segment IN (SELECT value FROM json_each(?)) AND profile IN (SELECT value FROM json_each(?))
                """, arguments: [Self.list(segments), Self.list(keys)])
        }
    }

    /// The memberships of `segments`, by segment id and profile key.
    func memberships(ofSegments segments: Set<String>) throws -> [String: [String: Membership]] {
        try memberships(where: "segment", in: segments)
    }

    private func memberships(where column: String, in values: Set<String>) throws -> [String: [String: Membership]] {
        guard !values.isEmpty else { return [:] }
        return try queue.read { db in
            try Self.memberships(db, sql: """
                SELECT segment, profile, status, last_qualification, step FROM memberships
                WHERE \(column) IN (SELECT value FROM json_each(?))
                """, arguments: [Self.list(values)])
        }
    }

    /// Each segment's members (segments holding only exits count 0), as `member_counts` keeps them.
    func memberCounts() throws -> [String: Int] {
        try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT segment, members FROM member_counts")
                .map { ($0[0] as String, $0[1] as Int) })
        }
    }

    /// `member_counts`: per segment, its members and its rows of any status, kept by every write to
    /// `memberships` so that a build's summary does not count a table of every membership. A store
    /// made before it existed gets it counted once.
    static func createMemberCounts(_ db: Database) throws {
        let existed = try db.tableExists("member_counts")
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS member_counts (segment TEXT PRIMARY KEY, members INTEGER NOT NULL, rows INTEGER NOT NULL)
            """)
        guard !existed else { return }
        try db.execute(sql: """
            INSERT INTO member_counts SELECT segment, SUM(status != 'exited'), COUNT(*) FROM memberships GROUP BY segment
            """)
    }

    /// Adds `delta` (per segment: members, rows) to `member_counts`; segments left without rows go.
    private static func addCounts(_ delta: [String: (members: Int, rows: Int)], _ db: Database) throws {
        let add = try db.makeStatement(sql: """
            INSERT INTO member_counts VALUES (?, ?, ?)
            ON CONFLICT(segment) DO UPDATE SET members = members + excluded.members, rows = rows + excluded.rows
            """)
        for (segment, change) in delta where change != (0, 0) {
            try add.execute(arguments: [segment, change.members, change.rows])
        }
        try db.execute(sql: "DELETE FROM member_counts WHERE rows <= 0")
    }

    private static func count(_ segment: String, _ status: String, _ sign: Int, into delta: inout [String: (members: Int, rows: Int)]) {
        let members = status == Membership.Status.exited.rawValue ? 0 : sign
        let old = delta[segment] ?? (0, 0)
        delta[segment] = (old.members + members, old.rows + sign)
    }

    /// The profile keys holding a membership of one of `segments`.
    func memberKeys(of segments: Set<String>) throws -> Set<String> {
        try queue.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT profile FROM memberships WHERE segment IN (SELECT value FROM json_each(?))",
                                    arguments: [Self.list(segments)]))
        }
    }

    private static func memberships(_ db: Database, sql: String, arguments: StatementArguments = []) throws
        -> [String: [String: Membership]] {
        let current = try evaluationStep(db)
        var result: [String: [String: Membership]] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            guard var status = Membership.Status(rawValue: row[2]) else { continue }
            if status == .realized, (row[4] as Int64) != current { status = .existing }
            result[row[0], default: [:]][row[1]] = Membership(status: status, lastQualificationTime: row[3])
        }
        return result
    }

    /// Replaces the memberships of profiles `keys` with theirs in `memberships`, in one transaction.
    func saveMemberships(of keys: Set<String>, from memberships: [String: [String: Membership]]) throws {
        guard !keys.isEmpty else { return }
        try queue.write { db in
            let current = try Self.evaluationStep(db)
            var delta: [String: (members: Int, rows: Int)] = [:]
            // In key order, segment by segment: rows go in next to each other in the table's key order.
            let delete = try db.makeStatement(sql: "DELETE FROM memberships WHERE profile = ? RETURNING segment, status")
            for key in keys.sorted() {
                let removed = try Row.fetchCursor(delete, arguments: [key])
                while let row = try removed.next() { Self.count(row[0], row[1], -1, into: &delta) }
            }
            let insert = try db.makeStatement(sql: """
                INSERT INTO memberships (segment, profile, status, last_qualification, step) VALUES (?, ?, ?, ?, ?)
                """)
            for (segment, profiles) in memberships.sorted(by: { $0.key < $1.key }) {
                // The segment's memberships of `keys`, found from its side: a segment holds far fewer
                // of a batch's profiles than the batch has.
                for (key, membership) in profiles.filter({ keys.contains($0.key) }).sorted(by: { $0.key < $1.key }) {
                    try insert.runRaw(in: db) { row in
                        try row.bind(segment, at: 1)
                        try row.bind(key, at: 2)
                        try row.bind(membership.status.rawValue, at: 3)
                        try row.bind(membership.lastQualificationTime, at: 4)
                        try row.bind(current, at: 5)
                    }
                    Self.count(segment, membership.status.rawValue, 1, into: &delta)
                }
            }
            try Self.addCounts(delta, db)
        }
    }

    /// Drops exits older than the retention and (`segments`) the memberships of segments no longer defined.
    func pruneMemberships(keeping segments: Set<String>?, now: Int64) throws {
        try queue.write { db in
            if let segments {
                for table in ["memberships", "member_counts"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE segment NOT IN (SELECT value FROM json_each(?))",
                                   arguments: [Self.list(segments)])
                }
            }
            var delta: [String: (members: Int, rows: Int)] = [:]
            let removed = try Row.fetchCursor(db, sql: "DELETE FROM memberships WHERE status = 'exited' AND last_qualification <= ? RETURNING segment",
                                              arguments: [now - Membership.exitedRetention])
            while let row = try removed.next() { Self.count(row[0], Membership.Status.exited.rawValue, -1, into: &delta) }
            try Self.addCounts(delta, db)
        }
    }
}

extension RecordStore {
    /// Per pair of segments, how many profiles are members of both (pairs with none are absent).
    func segmentOverlaps() throws -> [ReportData.Pair: Int] {
        try queue.read { db in
            var overlaps: [ReportData.Pair: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT a.segment, b.segment, COUNT(*) FROM memberships a
                JOIN memberships b ON b.profile = a.profile AND b.segment > a.segment
                WHERE a.status != 'exited' AND b.status != 'exited' GROUP BY a.segment, b.segment
                """)
            while let row = try rows.next() {
                overlaps[ReportData.Pair(row[0] as String, row[1] as String)] = row[2] as Int
            }
            return overlaps
        }
    }
}
