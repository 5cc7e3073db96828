import Foundation
import GRDB
import Testing
@testable import CohortCore
@testable import CohortEngine

/// What goes into the store comes back out as it went in, values SQLite could mistake included.
@Suite struct RecordStoreTests {
    static func kept(line: Int, eventID: String?, primary: Identity?, identities: [Identity], timestamp: Int64?,
                     attributes: [String: Value]) -> DatasetIngest.Kept {
        DatasetIngest.Kept(position: .line(line), packedAttributes: PackedValue(.object(attributes)), identities: identities, primary: primary,
                           timestamp: timestamp, eventID: eventID, droppedFields: [], droppedIdentities: [:])
    }

    @Test func recordsRoundTripAndRepeatedEventsAreIgnored() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try RecordStore(folder: folder)
        let ecid = Identity(namespace: "ECID", id: "1")
        let odd = Identity(namespace: "Email", id: "tab\tinside, é, \"quoted\"")
        let records = [
            Self.kept(line: 1, eventID: "e1", primary: ecid, identities: [ecid, odd], timestamp: 1_000, attributes: ["eventType": .string("a")]),
            Self.kept(line: 2, eventID: "e1", primary: ecid, identities: [ecid], timestamp: 2_000, attributes: ["eventType": .string("b")]),
            Self.kept(line: 3, eventID: "", primary: nil, identities: [odd], timestamp: nil, attributes: ["note": .string("")]),
        ]
        let entry = LedgerEntry(sequence: 1, dataset: "events", originalName: "e.ndjson", archivePath: "archive/events/000001-e.ndjson",
                                sha256: "00", ingestedAt: "2026-11-29T00:00:00Z", recordsRead: 3, recordsKept: 3, recordsRejected: 0)
        let result = try store.commitFile(sequence: 1, dataset: "events", isEvent: true, ingestedAt: 5_000, anchors: RecordAnchor(namespaces: [])) { writer in
            for record in records { try writer.insert(record) }
            return entry
        }
        #expect(result == RecordStore.CommitResult(inserted: 2, duplicateEvents: 1))
        let stored = try store.allRecords()
        #expect(stored.map(\.origin.line) == [1, 3])
        #expect(stored.map(\.eventID) == ["e1", ""])
        #expect(stored.map(\.primary) == [ecid, nil])
        #expect(stored.map(\.identities) == [[ecid, odd], [odd]])
        #expect(stored.map(\.timestamp) == [1_000, 5_000], "no timestamp of its own: the ingestion time")
        #expect(stored.map(\.attributes) == [["eventType": .string("a")], ["note": .string("")]])
        #expect(stored.allSatisfy { $0.dataset == "events" && $0.isEvent && $0.origin.file == "archive/events/000001-e.ndjson" })
    }

    /// A store of the layout before the engine kept its state (format 4: no anchors, components,
    /// profiles or membership steps) is rebuilt from archive/ by the next build, which changes no export.
    @Test func aStoreOfTheEarlierLayoutIsRebuiltFromTheArchive() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Builder(root: root).built(rebuild: false, asOf: ExportTests.asOf)
        let exports = try ExportTests.exports(root)
        let path = root.appendingPathComponent(".cohort/store.sqlite").path
        for name in RecordStore.fileNames { try? FileManager.default.removeItem(atPath: root.appendingPathComponent(".cohort/\(name)").path) }
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: """
                PRAGMA user_version = 4;
                CREATE TABLE files (sequence INTEGER PRIMARY KEY, dataset TEXT NOT NULL, archive TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE, ingested_at INTEGER NOT NULL, ledger_line TEXT NOT NULL, numbering INTEGER NOT NULL);
                CREATE TABLE records (sequence INTEGER NOT NULL, position INTEGER NOT NULL, line INTEGER NOT NULL, dataset TEXT NOT NULL,
                    is_event INTEGER NOT NULL, event_id TEXT, timestamp INTEGER NOT NULL, primary_identity TEXT,
                    identities TEXT NOT NULL, attributes BLOB NOT NULL, PRIMARY KEY (sequence, position));
                CREATE TABLE graphs (graph INTEGER PRIMARY KEY, identities TEXT NOT NULL);
                CREATE TABLE memberships (segment TEXT NOT NULL, profile TEXT NOT NULL, status TEXT NOT NULL,
                    last_qualification INTEGER NOT NULL, PRIMARY KEY (segment, profile));
                INSERT INTO files VALUES (1, 'crm', 'archive/crm/000001-luma-crm.json', 'x', 0, '{}', 1);
                """)
        }
        try old.close()
        let again = try Builder(root: root).built(rebuild: false, asOf: ExportTests.asOf)
        #expect(again.recordsKept == first.recordsKept)
        #expect(try ExportTests.exports(root).differences(from: exports) == [])
        #expect(BuildTests.profilesJSON(try #require(again.profiles)) == BuildTests.profilesJSON(try #require(first.profiles)))
        let version = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
        #expect(version == RecordStore.format)
    }
}
