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
            let current = try Self.step(db)
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [Self.stepKey, String(current + 1)])
        }
    }

    private static func step(_ db: Database) throws -> Int64 {
        Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [stepKey]) ?? "") ?? 0
    }

    /// Every segment's memberships, by segment id and profile key.
    public func memberships() throws -> [String: [String: Membership]] {
        try queue.read { db in try Self.memberships(db, sql: "SELECT segment, profile, status, last_qualification, step FROM memberships") }
    }

    /// The memberships of profiles `keys`, by segment id and profile key.
    func memberships(of keys: Set<String>) throws -> [String: [String: Membership]] {
        guard !keys.isEmpty else { return [:] }
        return try queue.read { db in
            try Self.memberships(db, sql: """
                SELECT segment, profile, status, last_qualification, step FROM memberships
                WHERE profile IN (SELECT value FROM json_each(?))
                """, arguments: [Self.list(keys)])
        }
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
        let current = try step(db)
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
            let current = try Self.step(db)
            // In key order, segment by segment: rows go in next to each other in the table's key order.
            let keys = keys.sorted()
            let delete = try db.makeStatement(sql: "DELETE FROM memberships WHERE profile = ?")
            for key in keys { try delete.runRaw(in: db) { try $0.bind(key, at: 1) } }
            let insert = try db.makeStatement(sql: """
                INSERT INTO memberships (segment, profile, status, last_qualification, step) VALUES (?, ?, ?, ?, ?)
                """)
            for (segment, profiles) in memberships.sorted(by: { $0.key < $1.key }) {
                for key in keys {
                    guard let membership = profiles[key] else { continue }
                    try insert.runRaw(in: db) { row in
                        try row.bind(segment, at: 1)
                        try row.bind(key, at: 2)
                        try row.bind(membership.status.rawValue, at: 3)
                        try row.bind(membership.lastQualificationTime, at: 4)
                        try row.bind(current, at: 5)
                    }
                }
            }
        }
    }

    /// Drops exits older than the retention and (`segments`) the memberships of segments no longer defined.
    func pruneMemberships(keeping segments: Set<String>?, now: Int64) throws {
        try queue.write { db in
            if let segments {
                try db.execute(sql: "DELETE FROM memberships WHERE segment NOT IN (SELECT value FROM json_each(?))",
                               arguments: [Self.list(segments)])
            }
            try db.execute(sql: "DELETE FROM memberships WHERE status = 'exited' AND last_qualification <= ?",
                           arguments: [now - Membership.exitedRetention])
        }
    }
}
