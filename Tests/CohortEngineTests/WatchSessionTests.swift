import CohortCore
@testable import CohortEngine
import Foundation
import GRDB
import CohortSampleData
import Testing

/// The engine: random file drops, definition edits and clock advances, taken by one watch session
/// and, in a twin workspace, by a one-shot `cohort build` after each, end with the exports a full
/// rebuild of the same inputs gives at the same time.
@Suite struct WatchSessionTests {
    /// The template's sample data split into small files: (dataset, file extension, header, lines or JSON records).
    struct Samples {
        var lines: [(dataset: String, ext: String, header: String?, items: [String])] = []

        init(template: URL) throws {
            for (dataset, file) in [("offline-purchases", "purchases.ndjson"), ("web-events", "web-events.ndjson")] {
                let text = try String(contentsOf: template.appendingPathComponent("inbox/\(dataset)/\(file)"), encoding: .utf8)
                lines.append((dataset, "ndjson", nil, text.split(separator: "\n").map(String.init)))
            }
            let csv = try String(contentsOf: template.appendingPathComponent("inbox/dma-crm/dma-crm.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
            lines.append(("dma-crm", "csv", csv[0], Array(csv.dropFirst())))
            for (dataset, file) in [("crm", "luma-crm.json"), ("loyalty", "luma-loyalty.json")] {
                let data = try Data(contentsOf: template.appendingPathComponent("inbox/\(dataset)/\(file)"))
                let records = try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
                let items = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
                lines.append((dataset, "json", nil, items))
            }
        }

        /// A file of `count` consecutive items of one dataset, starting at a random place.
        func file(using generator: inout SplitMix64) -> (dataset: String, name: String, text: String) {
            let source = lines[Int.random(in: 0..<lines.count, using: &generator)]
            let count = Int.random(in: 1...40, using: &generator)
            let start = Int.random(in: 0..<max(1, source.items.count - count), using: &generator)
            let items = Array(source.items[start..<min(source.items.count, start + count)])
            let name = "drop-\(generator.next() % 1_000_000).\(source.ext)"
            switch source.ext {
            case "csv": return (source.dataset, name, ([source.header ?? ""] + items).joined(separator: "\n") + "\n")
            case "json": return (source.dataset, name, "[" + items.joined(separator: ",\n") + "]\n")
            default: return (source.dataset, name, items.joined(separator: "\n") + "\n")
            }
        }
    }

    /// A template copy with an empty inbox.
    static func emptyWorkspace() throws -> URL {
        let root = try BuildTests.templateCopy()
        for dataset in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("inbox").path) {
            let folder = root.appendingPathComponent("inbox/\(dataset)")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
            }
        }
        return root
    }

    static let segmentEdits: [(file: String, from: String, to: String)] = [
        ("segments/recent-buyers.pql", "30 days", "12 days"),
        ("segments/gold-members.json", #"[\"gold\", \"platinum\"]"#, #"[\"platinum\"]"#),
        ("segments/cart-abandoners.json", "<= 7 days before now", "<= 3 days before now"),
        ("segments/hoodie-shoppers.json", ">= 2", ">= 1"),
    ]

    @Test(arguments: [11, 23, 37, 41, 53, 67])
    func randomStepsEndWhereARebuildEnds(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let samples = try Samples(template: TemplateWorkspaceTests.root)
        let root = try Self.emptyWorkspace()
        let twin = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-one-shot-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: twin)
        }
        try FileManager.default.copyItem(at: root, to: twin)
        nonisolated(unsafe) var now = Timestamp.milliseconds(from: "2026-10-25T08:00:00Z")!
        let session = try WatchSession(root: root, clock: { now })
        // What the watch session is given, the twin is given too, and built by a new builder.
        func write(_ text: String, to path: String) throws {
            for folder in [root, twin] { try Data(text.utf8).write(to: folder.appendingPathComponent(path)) }
        }
        func buildTwin() throws { _ = try Builder(root: twin).build(rebuild: false, now: WatchSession.date(now), asOf: now) }
        for _ in 0..<20 {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<5:
                let file = samples.file(using: &generator)
                try write(file.text, to: "inbox/\(file.dataset)/\(file.name)")
                _ = try session.ingest(where: { _ in true })
                try buildTwin()
            case 5..<8:
                now += Int64.random(in: 3_600_000...(6 * 86_400_000), using: &generator)
                if Bool.random(using: &generator) {
                    // A file can arrive after time has passed and before the clock is looked at.
                    let file = samples.file(using: &generator)
                    try write(file.text, to: "inbox/\(file.dataset)/\(file.name)")
                    _ = try session.ingest(where: { _ in true })
                }
                _ = try session.advanceClock()
                try buildTwin()
            case 8:
                let edit = Self.segmentEdits[Int.random(in: 0..<Self.segmentEdits.count, using: &generator)]
                let text = try String(contentsOf: root.appendingPathComponent(edit.file), encoding: .utf8)
                try write(text.replacingOccurrences(of: edit.from, with: edit.to), to: edit.file)
                _ = try session.reloadDefinitions()
                try buildTwin()
            default:
                // An invalid edit changes nothing; putting the file back changes nothing either.
                let url = root.appendingPathComponent("segments/email-reachable.pql")
                let good = try String(contentsOf: url, encoding: .utf8)
                let before = try ExportTests.exports(root)
                try "personalEmail.address.isNotNull() and".write(to: url, atomically: true, encoding: .utf8)
                let events = try session.reloadDefinitions()
                #expect(events.map(\.kind) == [.definitionsInvalid])
                #expect(events.flatMap(\.lines).contains { $0.hasPrefix("segments/email-reachable.pql:1:") })
                try good.write(to: url, atomically: true, encoding: .utf8)
                #expect(try session.reloadDefinitions() == [.definitionsValid])
                #expect(try ExportTests.exports(root).differences(from: before) == [])
            }
        }
        now += 86_400_000
        _ = try session.advanceClock()
        try buildTwin()
        let watched = try ExportTests.exports(root)
        #expect(try ExportTests.exports(twin).differences(from: watched) == [], "seed \(seed): one-shot builds and watch differ")

        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-rebuild-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: root, to: copy)
        let rebuilt = try Builder(root: copy).built(rebuild: true, asOf: now)
        #expect(rebuilt.exports.allSatisfy { $0.created.isEmpty && $0.rewritten.isEmpty && $0.deleted.isEmpty },
                "seed \(seed): a rebuild changed \(rebuilt.exports.flatMap { $0.created + $0.rewritten + $0.deleted })")
        #expect(try ExportTests.exports(copy).differences(from: watched) == [])
        // And the memberships agree with a full evaluation, profile by profile.
        let full = rebuilt.memberships.mapValues { $0.filter { $0.value.status != .exited }.keys.sorted() }
        for folder in [root, twin] {
            let store = try RecordStore(folder: folder.appendingPathComponent(".cohort"))
            let incremental = try store.memberships().mapValues { $0.filter { $0.value.status != .exited }.keys.sorted() }
            #expect(incremental.filter { !$0.value.isEmpty } == full.filter { !$0.value.isEmpty }, "seed \(seed)")
            // The counts kept step by step are the counts of the memberships.
            #expect(try store.memberCounts() == incremental.mapValues(\.count), "seed \(seed)")
        }
    }

    @Test func aChangeArrivingAfterAProfilesTimeCameStillLetsTimeCount() throws {
        let root = try Self.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        nonisolated(unsafe) var now = Timestamp.milliseconds(from: "2026-11-10T12:00:00Z")!
        let session = try WatchSession(root: root, clock: { now })
        let member = #"{"_techmarketingdemos": {"systemIdentifier": {"loyaltyId": 4242, "crmId": "c4242"}}, "loyalty": {"points": %d, "tier": "silver"}, "extSourceSystemAudit": {"lastUpdatedDate": "2026-11-0%dT08:00:00Z"}}"#
        try Data(("[" + String(format: member, 10, 1) + "]").utf8).write(to: root.appendingPathComponent("inbox/loyalty/one.json"))
        try Data(#"{"_id": "p1", "timestamp": "2026-11-09T10:00:00Z", "eventType": "commerce.purchases", "_techmarketingdemos": {"systemIdentifier": {"loyaltyId": 4242}}, "commerce": {"order": {"priceTotal": 20}}}"#.utf8)
            .write(to: root.appendingPathComponent("inbox/offline-purchases/one.ndjson"))
        _ = try session.ingest(where: { _ in true })
        let key = "lumaLoyaltyId:4242"
        let store = try RecordStore(folder: root.appendingPathComponent(".cohort"))
        #expect(try store.memberships()["recent-buyers"]?.keys.contains { $0.hasPrefix("lumaCrmId:c4242") || $0 == key } == true)
        // 31 days on, the purchase has left the 30-day window; a points update arrives before the clock is looked at.
        now += 31 * 86_400_000
        try Data(("[" + String(format: member, 20, 2) + "]").utf8).write(to: root.appendingPathComponent("inbox/loyalty/two.json"))
        _ = try session.ingest(where: { _ in true })
        _ = try session.advanceClock()
        let recent = try store.memberships()["recent-buyers"] ?? [:]
        #expect(recent.values.allSatisfy { $0.status == .exited }, "\(recent)")
    }

    /// A store damaged under a running session (another program dropped a table) is reported as a
    /// build reports it: the store's file, what failed and what to do, never SQLite's own words.
    @Test func aDamagedStoreUnderTheSessionIsReportedWithItsFileAndTheWayOut() throws {
        let root = try Self.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let now = Timestamp.milliseconds(from: "2026-11-10T12:00:00Z")!
        let session = try WatchSession(root: root, clock: { now })
        let queue = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        try queue.write { db in try db.execute(sql: "DROP TABLE memberships") }
        try queue.close()
        try Data(#"{"_id": "p1", "timestamp": "2026-11-09T10:00:00Z", "eventType": "commerce.purchases", "_techmarketingdemos": {"systemIdentifier": {"loyaltyId": 4242}}}"#.utf8)
            .write(to: root.appendingPathComponent("inbox/offline-purchases/one.ndjson"))
        #expect { try session.ingest(where: { _ in true }) } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(".cohort/store.sqlite: ") && text.contains("run the command again")
                && !text.contains("no such table")
        }
    }
}
