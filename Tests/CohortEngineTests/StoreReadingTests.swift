@testable import CohortEngine
import Foundation
import GRDB
import Testing

/// Readers (`query`, `profile`, `explain`, `plan`) beside a writer: they read the last committed state,
/// never wait on or fail because of the writer, and never create, upgrade or delete the store.
@Suite struct StoreReadingTests {
    @Test func readersReadTheCommittedStateWhileAWriterIsMidTransaction() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let built = try Builder(root: root).built(rebuild: false)
        let expected = BuildTests.profilesJSON(try #require(built.profiles))
        let writer = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        try writer.inTransaction(.immediate) { db in
            try db.execute(sql: "DELETE FROM records")
            try db.execute(sql: "DELETE FROM files")
            #expect(BuildTests.profilesJSON(try Builder(root: root).profiles()) == expected)
            let plan = try Builder(root: root).plan(asOf: built.evaluatedAt)
            #expect(plan.filesIngested == 0)
            #expect(plan.profileCount == expected.count)
            return .rollback
        }
        try writer.close()
    }

    /// `cohort query` reads a batch of components at a time, all of one committed state: a writer
    /// that empties the store between two batches changes none of them.
    @Test func batchesOfProfilesAreOneCommittedStateWhileAWriterCommits() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        _ = try builder.build(rebuild: false)
        let expected = BuildTests.profilesJSON(try builder.profiles()).count
        let writer = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        var (batches, profiles) = (0, 0)
        try builder.forEachProfileBatch(segment: nil, size: 50) { batch in
            if batches == 0 {
                try writer.write { db in
                    try db.execute(sql: "DELETE FROM records")
                    try db.execute(sql: "DELETE FROM identities")
                }
            }
            batches += 1
            profiles += batch.entries.count
        }
        try writer.close()
        #expect(batches > 1)
        #expect(profiles == expected)
    }

    @Test func aReaderNeverCreatesTheStore() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: BuildError.self) { try Builder(root: root).profiles() }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".cohort").path))
    }

    /// A store of another layout is for a build to redo, not for a reader to throw away.
    @Test func aReaderLeavesAStoreOfAnotherLayoutAlone() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).built(rebuild: false)
        let writer = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        try writer.write { db in try db.execute(sql: "PRAGMA user_version = 2") }
        #expect {
            try Builder(root: root).profiles()
        } throws: { error in
            "\(error)" == ".cohort/store.sqlite: was made by another version of cohort; "
                + "run `cohort build` to bring it up to date"
        }
        #expect(try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records") ?? 0 } > 0)
        try writer.close()
    }
}
