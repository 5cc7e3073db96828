import CohortCore
@testable import CohortEngine
import Foundation
import GRDB
import Testing

/// A file's records are kept by position: however its records share lines, every one is stored,
/// and the ledger counts what the store holds.
@Suite struct RecordPositionBuildTests {
    /// The loyalty file and web events with every record on one line, and with CR line ends.
    @Test func recordsSharingALineAreAllKeptAndTheLedgerCountsTheStore() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let loyalty = root.appendingPathComponent("inbox/loyalty/luma-loyalty.json")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: loyalty)) as? [Any])
        try JSONSerialization.data(withJSONObject: array).write(to: loyalty)
        let events = root.appendingPathComponent("inbox/web-events/web-events.ndjson")
        let lines = try String(contentsOf: events, encoding: .utf8).split(separator: "\n")
        try Data(lines.joined(separator: "\r").utf8).write(to: events)

        let report = try Builder(root: root).build(rebuild: false, asOf: 1_795_000_000_000)
        let loyaltyLine = try #require(report.fileLines.first { $0.hasPrefix("inbox/loyalty/") })
        #expect(loyaltyLine.hasPrefix("inbox/loyalty/luma-loyalty.json: \(array.count) records"))
        #expect(report.fileLines.contains { $0.hasPrefix("inbox/web-events/web-events.ndjson: \(lines.count) records") })

        let store = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        defer { try? store.close() }
        let stored = try store.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT sequence, COUNT(*) FROM records GROUP BY sequence").map {
                (Int($0[0] as Int64), Int($0[1] as Int64))
            })
        }
        let ledger = try LedgerFile(root: root).read().entries
        #expect(ledger.count == 5)
        for entry in ledger {
            #expect(stored[entry.sequence, default: 0] == entry.recordsKept, "\(entry.archivePath)")
            #expect(entry.recordsRead == entry.recordsKept + entry.recordsRejected + entry.duplicateEvents, "\(entry.archivePath)")
        }
        #expect(stored.values.reduce(0, +) == report.recordsKept)
        let loyaltyEntry = try #require(ledger.first { $0.dataset == "loyalty" })
        #expect(loyaltyEntry.recordsKept + loyaltyEntry.recordsRejected == array.count)
    }
}
