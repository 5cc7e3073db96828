import CohortSampleData
import Testing
@testable import CohortCore

/// Between now and the moment TimeDependence names, no membership can change by time alone.
@Suite struct TimeDependenceTests {
    static let workspace = WorkspaceLoader.load(ActivationFixture.definitions + [
        SourceFile(path: "segments/week.pql", text: #"xEvent[timestamp occurs <= 7 days before now].count() > 0"#),
        SourceFile(path: "segments/month.pql", text: #"xEvent[timestamp occurs <= 1 month before now].count() >= 2"#),
        SourceFile(path: "segments/this-week.pql", text: #"xEvent[timestamp occurs this week].count() > 0"#),
        SourceFile(path: "segments/third-hour.pql", text: #"xEvent[timestamp occurs = 3 hours before now].count() > 0"#),
        SourceFile(path: "segments/soon.pql", text: #"xEvent[timestamp occurs <= 2 days after now].count() > 0"#),
        SourceFile(path: "segments/cart.pql", text: #"chain(xEvent, timestamp, [A: WHAT(eventType = "add") WHEN(<= 24 hours before now)])"#),
        SourceFile(path: "cohort.json", text: #"{"name": "t", "timezone": "America/Los_Angeles"}"#),
    ]).workspace

    @Test func noMembershipChangesBeforeTheNextMoment() throws {
        let segments = SegmentSet(workspace: Self.workspace)
        #expect(segments.segments.count >= 9)
        let time = TimeDependence(segments: segments, timeZone: "America/Los_Angeles")
        var generator = SplitMix64(seed: 99)
        let start = Timestamp.milliseconds(from: "2026-10-20T00:00:00Z")!
        let span: Int64 = 60 * 86_400_000
        var checked = 0
        for profile in 0..<100 {
            let events = (0..<Int(generator.next() % 5)).map { number -> StoredRecord in
                let moment = (start + Int64(generator.next() % UInt64(span))) / 1000 * 1000  // events carry whole seconds
                return StoredRecord(dataset: "purchases", origin: RecordOrigin(sequence: 1, file: "f", index: number, line: number), isEvent: true,
                                    eventID: "e\(profile)-\(number)", timestamp: moment, primary: nil, identities: [],
                                    attributes: ["timestamp": .string(Timestamp.rfc3339(moment)), "eventType": .string(number % 2 == 0 ? "add" : "view")])
            }.sorted { $0.timestamp < $1.timestamp }
            var now = start + Int64(generator.next() % UInt64(span / 2))
            for _ in 0..<12 {
                let before = memberships(segments, events: events, at: now)
                guard let next = time.nextChange(after: now, attributes: .emptyObject, events: events) else { break }
                #expect(next > now)
                for probe in [now + 1, (now + next) / 2, next - 1] where probe > now && probe < next {
                    #expect(memberships(segments, events: events, at: probe) == before, "profile \(profile): changed at \(Timestamp.rfc3339(probe)) before \(Timestamp.rfc3339(next))")
                    checked += 1
                }
                now = next
            }
        }
        #expect(checked > 200)
    }

    /// A set prepared for one moment (a step's) names the moments an unprepared one names, at that
    /// moment and at any other, whatever the zone (month starts and daylight-saving days included).
    @Test func aPreparedSetWakesProfilesAsAnUnpreparedOne() throws {
        var generator = SplitMix64(seed: 5)
        let start = Timestamp.milliseconds(from: "2026-01-20T00:00:00Z")!
        let span: Int64 = 400 * 86_400_000
        for zone in ["America/Los_Angeles", "UTC", "Australia/Lord_Howe"] {
            let time = TimeDependence(segments: SegmentSet(workspace: Self.workspace), timeZone: zone)
            for _ in 0..<200 {
                let now = start + Int64(generator.next() % UInt64(span))
                let prepared = time.preparing(for: generator.next() % 4 == 0 ? now + 86_400_000 : now)
                let events = (0..<Int(generator.next() % 4)).map { number -> StoredRecord in
                    let moment = now - 40 * 86_400_000 + Int64(generator.next() % UInt64(50 * 86_400_000))
                    return StoredRecord(dataset: "purchases", origin: RecordOrigin(sequence: 1, file: "f", index: number, line: number),
                                        isEvent: true, eventID: "e\(number)", timestamp: moment, primary: nil, identities: [],
                                        attributes: ["timestamp": .string(Timestamp.rfc3339(moment))])
                }.sorted { $0.timestamp < $1.timestamp }
                #expect(prepared.nextChange(after: now, attributes: .emptyObject, events: events)
                        == time.nextChange(after: now, attributes: .emptyObject, events: events), "\(zone) \(now)")
            }
        }
    }

    /// Windows reaching past any calendar wake a profile never or at the ends of time, without a crash.
    @Test func windowsBeyondTheCalendarAreTheEndsOfTime() throws {
        let workspace = WorkspaceLoader.load(ActivationFixture.definitions + [
            SourceFile(path: "segments/ages.pql", text: #"xEvent[timestamp occurs <= 9000000000000000 hours before now].count() > 0"#),
            SourceFile(path: "segments/eons.pql", text: #"xEvent[timestamp occurs = 9000000000000000 days after now].count() > 0"#),
            SourceFile(path: "cohort.json", text: #"{"name": "t", "timezone": "America/Los_Angeles"}"#),
        ]).workspace
        let segments = SegmentSet(workspace: workspace)
        let time = TimeDependence(segments: segments, timeZone: "America/Los_Angeles")
        let now = Timestamp.milliseconds(from: "2026-11-21T00:00:00Z")!
        let event = StoredRecord(dataset: "purchases", origin: RecordOrigin(sequence: 1, file: "f", index: 1, line: 1), isEvent: true, eventID: "e",
                                 timestamp: now - 3_600_000, primary: nil, identities: [],
                                 attributes: ["timestamp": .string(Timestamp.rfc3339(now - 3_600_000))])
        #expect(memberships(segments, events: [event], at: now).contains("ages"))
        let next = time.nextChange(after: now, attributes: .emptyObject, events: [event])
        #expect(next.map { $0 > now } ?? true)
    }

    func memberships(_ segments: SegmentSet, events: [StoredRecord], at now: Int64) -> Set<String> {
        segments.memberships(PQLContext(attributes: [:], events: events, now: now, timeZone: "America/Los_Angeles"))
    }

    @Test func segmentsWithoutTimeNeverWake() {
        let workspace = WorkspaceLoader.load(ActivationFixture.definitions).workspace
        let time = TimeDependence(segments: SegmentSet(workspace: workspace), timeZone: "UTC")
        #expect(!time.dependsOnTime)
        #expect(time.nextChange(after: 0, attributes: .emptyObject, events: []) == nil)
    }
}
