import CohortCore
@testable import CohortEngine
import Foundation
import GRDB
import Testing

/// The template's lookup destination across builds: a change rewrites only its shards, and what
/// a build leaves from the store's pieces is what a rebuild leaves.
@Suite struct LookupExportTests {
    static let destination = "web-personalization"
    static let tables = ["lookup_profiles", "lookup_holders"]

    static func rows(_ root: URL) throws -> [String: [[DatabaseValue]]] {
        let queue = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        defer { try? queue.close() }
        return try queue.read { db in
            try Dictionary(uniqueKeysWithValues: tables.map { table in
                (table, try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2, 3").map { Array($0.databaseValues) })
            })
        }
    }

    /// A login ties a new ECID to a hoodie shopper: the new key's shard and the manifest are written,
    /// every other shard keeps its file, and the exports and stored pieces equal a rebuild's.
    @Test func aNewKeyRewritesOnlyItsShardAndEqualsARebuild() throws {
        let root = try BuildTests.templateCopy()
        let twin = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-twin-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: twin)
        }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        try FileManager.default.copyItem(at: root, to: twin)
        let folder = root.appendingPathComponent("exports/\(Self.destination)")
        let before = try FolderSnapshot(folder)
        let newECID = "12345678901234567890123456789012345678"
        let login = #"{"_id":"lookup-login-1","timestamp":"2026-11-20T10:00:00Z","eventType":"web.webpagedetails.pageViews","#
            + #""identityMap":{"ECID":[{"id":"\#(newECID)","primary":true}],"#
            + #""lumaCrmId":[{"id":"4bea11b99b59c7d610807a21704a6334","authenticatedState":"authenticated"}]}}"# + "\n"
        for workspace in [root, twin] {
            try Data(login.utf8).write(to: workspace.appendingPathComponent("inbox/web-events/login.ndjson"))
        }
        let report = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let outcome = try #require(report.exports.first { $0.destination == Self.destination })
        let shard = LookupShards.fileName(LookupShards.shard(of: newECID, prefixLength: 1))
        #expect((outcome.created + outcome.rewritten).sorted() == [shard, ExportManifest.fileName].sorted())
        #expect(outcome.deleted.isEmpty)
        #expect(outcome.changes["hoodie-shoppers"] == RowChanges(entered: 1))
        let after = try FolderSnapshot(folder)
        #expect(after.differences(from: before).sorted() == [shard, ExportManifest.fileName].sorted())
        let entries = try #require(LookupShards.read(Array(try Data(contentsOf: folder.appendingPathComponent(shard))), file: shard))
        // The shopper's entry, as the golden shards hold it under the ECID the shopper had.
        #expect(entries[newECID] == .object(["segments": .array([.string("hoodie-shoppers")]), "attributes": .object([:])]))

        _ = try Builder(root: twin).build(rebuild: true, asOf: ExportTests.asOf)
        #expect(try ExportTests.exports(twin).differences(from: ExportTests.exports(root)) == [])
        #expect(try Self.rows(root) == Self.rows(twin))
        #expect(try Self.rows(root)["lookup_profiles"]?.isEmpty == false)
    }
}
