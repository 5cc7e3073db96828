import Foundation
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
}
