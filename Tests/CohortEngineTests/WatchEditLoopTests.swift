import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// `cohort watch` as the edit loop, driven through `WatchLoop` and `WatchSession` with a scripted
/// change source and an injected clock: broken definitions at the start and after an edit, stray
/// files, a new dataset taking its waiting files, rejections, and the quiet period.
@Suite struct WatchEditLoopTests {
    /// Changes the test hands out one wait at a time; after a non-empty answer the next wait (the loop
    /// gathering the rest of the burst) is quiet. Once the script is done, `finished` stops the loop.
    final class ScriptedSource: ChangeSource {
        private var steps: [() throws -> WorkspaceChanges]
        private var burstEnds = false
        private(set) var finished = false

        init(_ steps: [() throws -> WorkspaceChanges]) {
            self.steps = steps
        }

        func wait(timeout: Double) -> WorkspaceChanges {
            if burstEnds {
                burstEnds = false
                return WorkspaceChanges()
            }
            guard !steps.isEmpty else {
                finished = true
                return WorkspaceChanges()
            }
            let changes = (try? steps.removeFirst()()) ?? WorkspaceChanges()
            burstEnds = !changes.isEmpty
            return changes
        }
    }

    static let start = Timestamp.milliseconds(from: "2026-11-20T08:00:00Z")!

    static func definitions() -> WorkspaceChanges {
        var changes = WorkspaceChanges()
        changes.definitions = true
        return changes
    }

    static func files(_ paths: String...) -> WorkspaceChanges {
        var changes = WorkspaceChanges()
        changes.completeFiles = Set(paths)
        return changes
    }

    static func write(_ text: String, _ path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The events a loop printed, readable by the script while it runs.
    final class EventLog {
        var events: [WatchEvent] = []
    }

    /// Runs a loop over `session` with the script; returns the events it printed.
    @discardableResult
    static func run(_ session: WatchSession, clock: @escaping () -> Int64, quietPeriod: Double = 0, log: EventLog = EventLog(),
                    _ steps: [() throws -> WorkspaceChanges]) -> [WatchEvent] {
        let source = ScriptedSource(steps)
        var loop = WatchLoop(session: session, source: source, stopped: { source.finished }, now: clock) { log.events.append($0) }
        loop.quietPeriod = quietPeriod
        loop.run()
        return log.events
    }

    @Test func aBrokenStartIsReportedAndWaitedOnUntilItIsFixed() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let segment = root.appendingPathComponent("segments/email-reachable.pql")
        let good = try String(contentsOf: segment, encoding: .utf8)
        try "personalEmail.address.isNotNull() and".write(to: segment, atomically: true, encoding: .utf8)
        var events: [WatchEvent] = []
        let source = ScriptedSource([{
            try good.write(to: segment, atomically: true, encoding: .utf8)
            return Self.definitions()
        }])
        let valid = try WatchLoop.waitForValidDefinitions(root: root, source: source, stopped: { source.finished }) {
            events.append($0)
        }
        #expect(valid)
        #expect(events.map(\.kind) == [.definitionsInvalid, .definitionsValid])
        let text = events[0].text(at: Self.start)
        #expect(text.contains { $0.hasPrefix("08:00:00 segments/email-reachable.pql:1:") })
        #expect(text.last == "08:00:00 definitions have errors: nothing is built until they validate; waiting for a fix")
        #expect(events[1].text(at: Self.start + 61_000) == ["08:01:01 definitions are valid again"])

        let object = try #require(try JSONSerialization.jsonObject(with: Data(events[0].json(at: Self.start).utf8)) as? [String: Any])
        #expect(object["event"] as? String == "definitions-invalid")
        #expect(object["time"] as? String == "2026-11-20T08:00:00Z")
        #expect(object["waiting"] as? Bool == true)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["file"] as? String == "segments/email-reachable.pql")
        #expect(diagnostics.first?["line"] as? Int == 1)
        #expect((diagnostics.first?["column"] as? Int ?? 0) > 1)
        #expect(diagnostics.first?["severity"] as? String == "error")
        // Now valid, a session can start.
        _ = try WatchSession(root: root, clock: { Self.start })
    }

    @Test func aBrokenStartThatIsNeverFixedEndsWhenStopped() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try "loyalty.tier in [".write(to: root.appendingPathComponent("segments/broken.pql"), atomically: true, encoding: .utf8)
        var events: [WatchEvent] = []
        // An inbox file arriving meanwhile is no reason to look again: only a definition edit is.
        let source = ScriptedSource([{ Self.files("inbox/crm/early.json") }])
        let valid = try WatchLoop.waitForValidDefinitions(root: root, source: source, stopped: { source.finished }) {
            events.append($0)
        }
        #expect(!valid)
        #expect(events.map(\.kind) == [.definitionsInvalid])
    }

    @Test func aBrokenEditKeepsTheLastGoodDefinitionsAndItsFixIsAnnounced() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let session = try WatchSession(root: root, clock: { Self.start })
        let segment = root.appendingPathComponent("segments/gold-members.json")
        let good = try String(contentsOf: segment, encoding: .utf8)
        let events = Self.run(session, clock: { Self.start }, [
            {
                try "{\"id\": \"gold-members\",".write(to: segment, atomically: true, encoding: .utf8)
                return Self.definitions()
            },
            {
                // Broken again in another way: reported again, still "invalid".
                try "{\"id\": ".write(to: segment, atomically: true, encoding: .utf8)
                return Self.definitions()
            },
            {
                try good.replacingOccurrences(of: #"[\"gold\", \"platinum\"]"#, with: #"[\"platinum\"]"#)
                    .write(to: segment, atomically: true, encoding: .utf8)
                return Self.definitions()
            },
        ])
        #expect(events.map(\.kind) == [.definitionsInvalid, .definitionsInvalid, .definitionsValid, .step])
        #expect(events[0].lines.contains { $0.hasPrefix("segments/gold-members.json:1:") }, "\(events[0].lines)")
        #expect(events[0].lines.last == "definitions have errors: the last good definitions and exports stay")
        #expect(events[0].fields["waiting"] == .bool(false))
        #expect(events[3].fields["trigger"] == .string("watch: definitions"))
        #expect(session.workspace.segment("gold-members")?.expression.text.contains("platinum") == true)
    }

    @Test func strayFilesAreReportedOnceAndANewDatasetTakesItsWaitingFiles() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        nonisolated(unsafe) var now = Self.start
        let session = try WatchSession(root: root, clock: { now })
        let record = WatchCommandRecords.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold")
        let events = Self.run(session, clock: { now }, [
            {
                try Self.write(record, "inbox/loyalty-partner/one.json", in: root)
                try Self.write("a,b\n", "inbox/loose.csv", in: root)
                return Self.files("inbox/loyalty-partner/one.json", "inbox/loose.csv")
            },
            {
                // The same strays once more: nothing new to say.
                now += 1000
                return Self.files("inbox/loose.csv")
            },
            {
                now += 1000
                let loyalty = try String(contentsOf: root.appendingPathComponent("datasets/loyalty.xml"), encoding: .utf8)
                try loyalty.replacingOccurrences(of: #"id="loyalty""#, with: #"id="loyalty-partner""#)
                    .write(to: root.appendingPathComponent("datasets/loyalty-partner.xml"), atomically: true, encoding: .utf8)
                return Self.definitions()
            },
        ])
        let strays = events.filter { $0.kind == .stray }.flatMap(\.lines)
        #expect(strays.count == 2, "\(strays)")
        #expect(strays.contains { $0.hasPrefix("warning: inbox/loose.csv: files go in inbox/<dataset-id>/") })
        #expect(strays.contains { $0.hasPrefix(#"warning: inbox/loyalty-partner/: no dataset has the id "loyalty-partner""#) })
        let pickedUp = try #require(events.first { $0.kind == .pickedUp })
        #expect(pickedUp.fields["dataset"] == .string("loyalty-partner"))
        #expect(pickedUp.fields["files"] == .array([.string("inbox/loyalty-partner/one.json")]))
        #expect(pickedUp.lines == [#"dataset "loyalty-partner" is new: taking the 1 file waiting in inbox/loyalty-partner/"#])
        let after = events.drop { $0.kind != .pickedUp }
        let step = try #require(after.first { $0.kind == .step })
        #expect(step.lines.joined(separator: "\n").contains("inbox/loyalty-partner/one.json: 1 records (0 rejected)"), "\(step.lines)")
        let archived = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("archive/loyalty-partner").path)
        #expect(archived.count == 1)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("inbox/loose.csv").path))
    }

    @Test func aBatchWithRejectionsSaysTheFirstReasonsAndWhereTheRestAre() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let session = try WatchSession(root: root, clock: { Self.start })
        let purchases = try String(contentsOf: TemplateWorkspaceTests.root.appendingPathComponent("inbox/offline-purchases/purchases.ndjson"),
                                   encoding: .utf8).split(separator: "\n").prefix(40).joined(separator: "\n")
        let events = Self.run(session, clock: { Self.start }, [{
            try Self.write(purchases + "\n{\"_id\": \"cut\", \"timestamp\": \n", "inbox/offline-purchases/day.ndjson", in: root)
            return Self.files("inbox/offline-purchases/day.ndjson")
        }])
        #expect(events.map(\.kind) == [.step, .rejected])
        let rejected = events[1]
        #expect(rejected.fields["file"] == .string("inbox/offline-purchases/day.ndjson"))
        #expect(rejected.fields["count"] == .integer(1))
        guard case .array(let reasons)? = rejected.fields["reasons"], case .string(let first)? = reasons.first,
              case .string(let rejectedFile)? = rejected.fields["rejectedFile"] else {
            Issue.record("no reasons in \(rejected.fields)")
            return
        }
        #expect(first.hasPrefix("line 41: "), "\(first)")
        #expect(rejectedFile.hasPrefix("rejected/offline-purchases/"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(rejectedFile).path))
        #expect(rejected.text(at: Self.start) == ["08:00:00 warning: inbox/offline-purchases/day.ndjson: 1 record rejected (\(first)); "
                                                  + "every reason is in \(rejectedFile)"])
    }

    @Test func aQuietPeriodWaitsUntilAFileHasNotChangedForThatLong() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        nonisolated(unsafe) var now = Self.start
        let session = try WatchSession(root: root, clock: { now })
        let path = "inbox/loyalty/slow.json"
        let record = WatchCommandRecords.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold")
        let log = EventLog()
        var eventsBeforeThePeriodEnded: [WatchEvent]?
        Self.run(session, clock: { now }, quietPeriod: 10, log: log, [
            {
                // The first piece, closed: complete, but the writer is not done.
                try Self.write(String(record.dropLast()), path, in: root)
                return Self.files(path)
            },
            {
                now += 6000
                try Self.write(record, path, in: root)
                return Self.files(path)
            },
            {
                // 12 s after the first piece, 6 s after the last: still waiting.
                now += 6000
                return WorkspaceChanges()
            },
            {
                // Written again without the source saying so: the change is seen on disk, the wait starts again.
                try Self.write(record + " ", path, in: root)
                now += 5000
                return WorkspaceChanges()
            },
            {
                // 9 s after that change.
                now += 9000
                return WorkspaceChanges()
            },
            {
                eventsBeforeThePeriodEnded = log.events
                now += 1000
                return WorkspaceChanges()
            },
        ])
        #expect(eventsBeforeThePeriodEnded == [])
        #expect(log.events.map(\.kind) == [.step])
        #expect(log.events.first?.lines.first?.hasPrefix("inbox/loyalty/slow.json: 1 records (0 rejected) → 1 profile") == true)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path))
    }

    /// A file waiting for a dataset that an edit then defines may still be being written: with a quiet
    /// period it is announced at once but read only once it has not changed for the period.
    @Test func aQuietPeriodHoldsTheFilesANewDatasetPicksUp() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        nonisolated(unsafe) var now = Self.start
        let session = try WatchSession(root: root, clock: { now })
        let path = "inbox/loyalty-partner/one.json"
        let record = WatchCommandRecords.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold")
        let log = EventLog()
        var eventsBeforeThePeriodEnded: [WatchEvent] = []
        Self.run(session, clock: { now }, quietPeriod: 10, log: log, [
            {
                try Self.write(String(record.dropLast()), path, in: root)
                return Self.files(path)
            },
            {
                now += 1000
                let loyalty = try String(contentsOf: root.appendingPathComponent("datasets/loyalty.xml"), encoding: .utf8)
                try loyalty.replacingOccurrences(of: #"id="loyalty""#, with: #"id="loyalty-partner""#)
                    .write(to: root.appendingPathComponent("datasets/loyalty-partner.xml"), atomically: true, encoding: .utf8)
                return Self.definitions()
            },
            {
                // The writer finishes 4 s after the definition appeared, without the source saying so.
                now += 4000
                try Self.write(record, path, in: root)
                return WorkspaceChanges()
            },
            {
                now += 9000
                eventsBeforeThePeriodEnded = log.events
                return WorkspaceChanges()
            },
            {
                now += 1000
                return WorkspaceChanges()
            },
        ])
        #expect(eventsBeforeThePeriodEnded.contains { $0.kind == .pickedUp })
        #expect(!eventsBeforeThePeriodEnded.flatMap(\.lines).contains { $0.contains("one.json: ") }, "\(eventsBeforeThePeriodEnded.flatMap(\.lines))")
        let read = log.events.flatMap(\.lines).filter { $0.contains("inbox/loyalty-partner/one.json: ") }
        #expect(read.count == 1 && read[0].hasPrefix("inbox/loyalty-partner/one.json: 1 records (0 rejected)"), "\(read)")
    }

    @Test func withoutAQuietPeriodAFileIsTakenAtOnce() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let session = try WatchSession(root: root, clock: { Self.start })
        let path = "inbox/loyalty/fast.json"
        let events = Self.run(session, clock: { Self.start }, [{
            try Self.write(WatchCommandRecords.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold"), path, in: root)
            return Self.files(path)
        }])
        #expect(events.map(\.kind) == [.step])
    }
}

/// Records as `cohort watch` tests drop them.
enum WatchCommandRecords {
    static func loyalty(_ loyaltyId: Int, crm: String, tier: String) -> String {
        #"[{"_techmarketingdemos": {"systemIdentifier": {"loyaltyId": \#(loyaltyId), "crmId": "\#(crm)"}}, "loyalty": {"points": 5210, "tier": "\#(tier)", "joinDate": "2016-02-28"}, "extSourceSystemAudit": {"lastUpdatedDate": "2026-11-20T08:00:00Z"}}]"#
    }
}
