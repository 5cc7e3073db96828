import Testing
@testable import CohortCore

@Suite struct LedgerEntryTests {
    let entry = LedgerEntry(sequence: 3, dataset: "crm", originalName: "day 2.csv", archivePath: "archive/crm/000003-day 2.csv",
                            sha256: String(repeating: "ab", count: 32), ingestedAt: "2026-11-29T05:03:02Z",
                            recordsRead: 10, recordsKept: 9, recordsRejected: 1)

    @Test func aLineIsCompactSortedJSONThatReadsBack() {
        #expect(entry.line == #"{"archive":"archive/crm/000003-day 2.csv","dataset":"crm","file":"day 2.csv","ingestedAt":"2026-11-29T05:03:02Z","kept":9,"read":10,"rejected":1,"sequence":3,"sha256":"\#(String(repeating: "ab", count: 32))"}"#)
        let parsed = LedgerEntry.parseLedger(Array((entry.line + "\n").utf8))
        #expect(parsed.entries == [entry])
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test func aDamagedLineIsReportedAndTheOthersAreKept() {
        var second = entry
        second.sequence = 4
        let text = entry.line + "\n{\"sequence\": 9, \"dataset\"\n\n" + second.line + "\n{\"sequence\": 5}\n"
        let parsed = LedgerEntry.parseLedger(Array(text.utf8))
        #expect(parsed.entries.map(\.sequence) == [3, 4])
        #expect(parsed.diagnostics.map { "\($0.location.line):\($0.severity)" } == ["2:error", "5:error"])
    }

    @Test func jsonWriterEscapesAndSortsKeys() {
        let value = Value.object(["b": .array([.integer(1), .number(2.5), .number(3), .null, .bool(false)]),
                                  "a": .string("quote \" slash \\ tab \t nl \n bell \u{07} é")])
        #expect(JSONWriter.string(value) == #"{"a":"quote \" slash \\ tab \t nl \n bell \u0007 é","b":[1,2.5,3,null,false]}"#)
    }
}
