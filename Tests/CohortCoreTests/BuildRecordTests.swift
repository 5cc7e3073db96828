import Testing
@testable import CohortCore

/// `history/builds.ndjson` lines: one record per line, the same bytes for the same record, read back
/// leniently.
@Suite struct BuildRecordTests {
    static func sample() -> BuildRecord {
        var record = BuildRecord(trigger: "build", asOf: Timestamp.milliseconds(from: "2026-11-21T12:00:00Z")!)
        record.files = [BuildRecord.File(dataset: "crm", archive: "archive/crm/000001-crm.json", read: 10, kept: 9, rejected: 1, duplicates: 0)]
        record.failedFiles = 1
        record.duplicateEvents = 2
        record.profiles = 7
        record.segments = ["gold": BuildRecord.SegmentCounts(members: 4, entered: 4, exited: 0),
                           "lapsed": BuildRecord.SegmentCounts(members: 0, entered: 0, exited: 3)]
        var counts = ExportCounts()
        counts.members = 4
        counts.exported = 3
        counts.consent = 1
        record.destinations = [
            "email": BuildRecord.DestinationCounts(files: ["email_gold.csv": 3], written: ["email_gold.csv", "manifest.json"],
                                                   segments: ["gold": counts]),
            "ads": BuildRecord.DestinationCounts(blockedBy: ["no-third-party": ["label C2 on field email"]]),
        ]
        var graph = GraphStats(graphs: 5, identities: 12, atLimit: 1, droppedLinks: 2, droppedByUnique: 1, evicted: 3)
        graph.sizes[0] = 2
        graph.sizes[2] = 3
        record.identity = BuildRecord.IdentityCounts(graph: graph, droppedValues: [
            IdentityRules.DroppedValues(namespace: "Email", drop: .blocked): 2,
            IdentityRules.DroppedValues(namespace: "Phone", drop: .invalid): 1,
        ])
        return record
    }

    @Test func aRecordIsOneLineWithItsSummaryFirstAndReadsBackTheSame() throws {
        let record = Self.sample()
        let line = record.line
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix(#"{"asOf":"2026-11-21T12:00:00Z","trigger":"build","profiles":7,"segments":{"gold":"#))
        #expect(line.contains(#""graphsBySize":{"1":2,"3-4":3}"#))
        #expect(line.contains(#""linksDropped":{"limit":1,"unique":1}"#))
        #expect(line.contains(#""valuesDropped":{"Email":{"blocked":2},"Phone":{"invalid":1}}"#))
        let read = try #require(BuildRecord(line: Array(line.utf8)))
        #expect(read == record)
        #expect(read.line == line)
        #expect(read.recordsKept == 9 && read.recordsRejected == 1)
    }

    @Test func readingIgnoresUnknownKeysAndTakesMissingCountsAsZero() throws {
        let read = try #require(BuildRecord(line: Array(#"{"asOf":"2026-01-02T03:04:05Z","later":{"x":1},"segments":{"s":{"members":2}}}"#.utf8)))
        #expect(read.trigger == "build")
        #expect(read.segments == ["s": BuildRecord.SegmentCounts(members: 2, entered: 0, exited: 0)])
        #expect(read.files.isEmpty && read.destinations.isEmpty && read.identity == BuildRecord.IdentityCounts())
    }

    @Test func aDamagedLineIsAWarningAtItsLineAndTheOthersAreKept() {
        let good = Self.sample().line
        let text = good + "\n" + String(good.prefix(40)) + "\n\n[1,2]\n" + good + "\n"
        let parsed = BuildRecord.parseHistory(Array(text.utf8), file: "history/builds.ndjson")
        #expect(parsed.records.count == 2)
        #expect(parsed.diagnostics.map(\.location.line) == [2, 4])
        #expect(parsed.diagnostics.allSatisfy { $0.description.hasPrefix("history/builds.ndjson:") })
    }

    @Test func notAnObjectOrWithoutATimeIsNoRecord() {
        for text in ["", "null", "{}", #"{"asOf":"yesterday"}"#, #"{"asOf":12}"#, "\u{FF}\u{FE}"] {
            #expect(BuildRecord(line: Array(text.utf8)) == nil, "\(text)")
        }
    }
}

extension BuildRecordTests {
    /// An edited line's absurd counts are clamped, so that adding them up cannot overflow.
    @Test func countsOutOfRangeAreClamped() throws {
        let huge = "9223372036854775807"
        let text = #"{"asOf":"2026-11-21T12:00:00Z","profiles":-5,"files":[{"dataset":"d","archive":"a","kept":\#(huge)},"#
            + #"{"dataset":"d","archive":"b","kept":\#(huge)}],"identity":{"linksDropped":{"unique":\#(huge),"limit":\#(huge)}}}"#
        let read = try #require(BuildRecord(line: Array(text.utf8)))
        #expect(read.profiles == 0)
        #expect(read.recordsKept == 2 * Int(Int32.max))
        #expect(read.identity.graph.droppedLinks == 2 * Int(Int32.max))
        #expect(BuildRecord(line: Array(read.line.utf8)) == read)
    }
}
