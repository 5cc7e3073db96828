import Testing
@testable import CohortCore

/// Test files of `cohort test` in JSON and XML: what they say, and every way they can be wrong,
/// reported at the file, line and column.
@Suite struct SegmentTestFormatTests {
    private func errors(_ text: String, path: String = "tests/t.json") -> [String] {
        SegmentTestFixture.run(text, path: path).errors.map(\.description)
    }

    @Test func theFixtureWorkspaceLoadsCleanly() {
        #expect(SegmentTestFixture.loaded.diagnostics.map(\.description) == [])
    }

    @Test func aJSONTestReadsItsRecordsAsOfAndExpectations() throws {
        let sink = DiagnosticSink()
        let test = try #require(SegmentTestReader.read(SourceFile(path: "tests/gold.json", text: SegmentTestFixture.passing), sink: sink))
        #expect(sink.diagnostics.isEmpty)
        #expect(test.name == "gold")
        #expect(test.asOf.value == Timestamp.milliseconds(from: "2026-11-21T00:00:00Z"))
        #expect(test.records.map(\.dataset.value) == ["members", "orders"])
        #expect(test.expectations.map(\.name) == ["gold: members", "gold: in/out", "buyers: in/out", "list: rows"])
        #expect(test.expectations[1].location.description == "tests/gold.json:12:5")
    }

    @Test func anXMLTestSaysWhatTheJSONOneSaysAndPassesAlike() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <test name="gold, in XML" asOf="2026-11-21T00:00:00Z">
              <records dataset="members"><![CDATA[
            [{"memberId": "m1", "email": "ann@example.com", "tier": "gold", "points": 10},
             {"memberId": "m2", "tier": "silver"}]
            ]]></records>
              <records dataset="orders">{"_id": "o1", "timestamp": "2026-11-18T00:00:00Z", "memberId": "m2", "total": 5}</records>
              <records dataset="members-csv"><![CDATA[Member,Tier
            m3,gold
            ]]></records>
              <expect segment="gold"><member>member:m1</member><member>member:m3</member></expect>
              <expect segment="gold"><in>Email:Ann@Example.com</in><out>member:m2</out></expect>
              <expect segment="buyers" in="member:m2" out="member:m1"/>
              <expect destination="list"><row member="m1" tier="gold" points="10"/><row member="m3" tier="gold"/></expect>
            </test>
            """
        let outcome = SegmentTestFixture.run(xml, path: "tests/gold.xml")
        #expect(outcome.diagnostics.map(\.description) == [])
        #expect(outcome.name == "gold, in XML")
        #expect(outcome.results.map(\.name) == ["gold: members", "gold: in/out", "buyers: in/out", "list: rows"])
        #expect(outcome.results.flatMap(\.failures).map(\.text) == [])
        #expect(outcome.passed)
    }

    @Test func csvRowsWrittenAsObjectsGoThroughTheDatasetMapping() {
        let outcome = SegmentTestFixture.run("""
            {"asOf": "2026-11-21T00:00:00Z",
             "records": {"members-csv": [{"Member": "c1", "Tier": "gold"}, {"Member": "c2", "Tier": "bronze, \\"old\\""}]},
             "expect": [{"segment": "gold", "members": ["member:c1"]}]}
            """)
        #expect(outcome.diagnostics.map(\.description) == [])
        #expect(outcome.passed)
    }

    @Test func aDatasetsRecordsMayBeAFilesTextWithProblemsLocatedInsideTheString() {
        let outcome = SegmentTestFixture.run(#"""
            {"asOf": "2026-11-21T00:00:00Z",
             "records": {"members-csv": "Member,Tier\nc1,gold\nc2\nc3,\"gold\"\n"},
             "expect": [{"segment": "gold", "members": ["member:c1", "member:c3"]}]}
            """#)
        #expect(outcome.errors.map(\.description) == [
            #"tests/t.json:2:52: error: this record of "members-csv" would be rejected: (record): expected 2 fields, one per header, but found 1"#,
        ])
        let fixed = SegmentTestFixture.run(#"""
            {"asOf": "2026-11-21T00:00:00Z",
             "records": {"members-csv": "Member,Tier\nc1,gold\nc3,\"gold\"\n"},
             "expect": [{"segment": "gold", "members": ["member:c1", "member:c3"]}]}
            """#)
        #expect(fixed.diagnostics.isEmpty)
        #expect(fixed.passed)
    }

    @Test func rowsAreExpectedOfFileDestinationsOnly() {
        #expect(errors("""
            {"asOf": "2026-11-21T00:00:00Z", "expect": [{"destination": "hook", "rows": []}]}
            """) == [#"tests/t.json:1:61: error: "hook" is a stream destination; rows can be expected of file destinations only"#])
    }

    @Test func deepNestingInARecordIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        let found = errors(#"{"asOf": "2026-11-21T00:00:00Z", "records": {"members": [{"memberId": "m1", "tier": "# + deep + "}]}}")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("tests/t.json:1:") == true)
    }

    @Test func aMissingOrWrongAsOfIsAnErrorWhereItBelongs() {
        #expect(errors(#"{"records": {}, "expect": []}"#)
            == [#"tests/t.json:1:1: error: missing `asOf`: the time segments are evaluated at, e.g. "2026-11-21T00:00:00Z""#])
        let wrong = errors(#"{"asOf": "yesterday", "expect": []}"#)
        #expect(wrong.count == 1)
        #expect(wrong.first?.hasPrefix("tests/t.json:1:10: error: `asOf` \"yesterday\" is not a date-time") == true)
    }

    @Test func expectationsThatSayTooLittleOrTooMuchAreErrors() {
        let found = errors("""
            {"asOf": "2026-11-21T00:00:00Z", "expect": [
              {"segment": "gold"},
              {"segment": "gold", "destination": "list"},
              {"segment": "gold", "members": [], "in": ["member:m1"]},
              {"destination": "list"},
              {"members": ["member:m1"]}
            ]}
            """)
        #expect(found == [
            "tests/t.json:2:3: error: missing `members`, `in` or `out`: the profiles expected in or out of \"gold\"",
            "tests/t.json:3:3: error: an expectation names a `segment` or a `destination`, not both",
            "tests/t.json:4:3: error: give either `members` (the exact set) or `in`/`out`, not both",
            "tests/t.json:5:3: error: missing `rows`: the rows \"list\" should export",
            "tests/t.json:6:3: error: missing `segment` or `destination`: what the expectation is about",
        ])
    }

    @Test func unknownDatasetSegmentDestinationAndColumnAreNamedWithASuggestion() {
        let found = errors("""
            {"asOf": "2026-11-21T00:00:00Z",
             "records": {"member": [{"memberId": "m1"}]},
             "expect": [
              {"segment": "golden", "in": ["member:m1"]},
              {"destination": "lists", "rows": []},
              {"destination": "list", "rows": [{"tiers": "gold"}]}
            ]}
            """)
        #expect(found.count == 4)
        #expect(found[0].hasPrefix(#"tests/t.json:2:14: error: unknown dataset "member"; did you mean `members`?"#))
        #expect(found[1].hasPrefix(#"tests/t.json:4:15: error: unknown segment "golden"; did you mean `gold`?"#))
        #expect(found[2].hasPrefix(#"tests/t.json:5:19: error: unknown destination "lists"; did you mean `list`?"#))
        #expect(found[3].hasPrefix(#"tests/t.json:6:37: error: "list" has no column "tiers"; did you mean `tier`?"#))
    }

    @Test func anIdentityOutsideAnyNamespaceOrNotUsableInItsOwnIsAnErrorAtTheIdentity() {
        let found = errors("""
            {"asOf": "2026-11-21T00:00:00Z", "expect": [
              {"segment": "gold", "in": ["loyalty:m1", "ECID:123", "m1"]}
            ]}
            """)
        #expect(found.count == 3)
        #expect(found[0].hasPrefix(#"tests/t.json:2:30: error: unknown namespace "loyalty""#))
        #expect(found[1] == #"tests/t.json:2:44: error: "123" is not a usable ECID value: an ECID is 38 digits"#)
        #expect(found[2].hasPrefix(#"tests/t.json:2:56: error: "m1" is not NAMESPACE:VALUE"#))
    }

    @Test func aRecordTheDatasetWouldRejectIsAnErrorAtTheRecord() {
        let found = errors("""
            {"asOf": "2026-11-21T00:00:00Z",
             "records": {"members": [
               {"memberId": "m1", "tier": "gold"},
               {"memberId": "m2", "points": "many"},
               {"tier": "gold"}
             ]},
             "expect": [{"segment": "gold", "members": ["member:m1"]}]}
            """)
        #expect(found.count == 2)
        #expect(found[0].hasPrefix(#"tests/t.json:4:4: error: this record of "members" would be rejected: points"#))
        #expect(found[1].hasPrefix(#"tests/t.json:5:4: error: this record of "members" would be rejected: (record): no usable identity"#))
    }

    @Test func aRejectedLineOfAnInlineFileIsLocatedInTheTestFile() {
        let xml = """
            <test asOf="2026-11-21T00:00:00Z">
              <records dataset="orders">
            {"_id": "o1", "timestamp": "2026-11-18T00:00:00Z", "memberId": "m2"}
            {"_id": "o2", "memberId": "m2"}
              </records>
              <expect segment="buyers" in="member:m2"/>
            </test>
            """
        let found = errors(xml, path: "tests/t.xml")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix(#"tests/t.xml:4:1: error: this record of "orders" would be rejected: timestamp"#) == true)
    }

    @Test func aFileThatIsNotJSONOrXMLIsRefusedWithItsPosition() {
        #expect(errors("{\"asOf\": \"2026-11-21T00:00:00Z\", \"expect\": [", path: "tests/t.json").count == 1)
        #expect(errors("<test asOf=\"2026-11-21T00:00:00Z\"><expect", path: "tests/t.xml").count == 1)
        #expect(errors(#"<other/>"#, path: "tests/t.xml") == ["tests/t.xml:1:1: error: expected <test> as the root element of a test file, found <other>"])
        #expect(errors("[]").first?.hasPrefix("tests/t.json:1:1: error: a test must be a JSON object") == true)
        #expect(errors("<!DOCTYPE test [<!ENTITY x \"y\">]><test/>", path: "tests/t.xml").count == 1)
    }

    @Test func everyCutOfATestFileIsAnErrorOrAResultNeverACrash() {
        let bytes = Array(SegmentTestFixture.passing.utf8)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            let outcome = SegmentTestRunner.run(SourceFile(path: "tests/t.json", bytes: Array(bytes[..<length])),
                                                workspace: SegmentTestFixture.workspace)
            #expect(!outcome.errors.isEmpty, "a file cut at byte \(length) ran")
            for error in outcome.errors { #expect(error.location.file == "tests/t.json") }
        }
    }

    @Test func invalidUTF8IsAnErrorAtItsPlace() {
        var bytes = Array(#"{"asOf": "2026-11-21T00:00:00Z", "name": "x"#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#"", "expect": []}"#.utf8)
        let outcome = SegmentTestRunner.run(SourceFile(path: "tests/t.json", bytes: bytes), workspace: SegmentTestFixture.workspace)
        #expect(outcome.errors.count == 1)
        #expect(outcome.errors.first?.location.line == 1)
        var xml = Array(#"<test asOf="2026-11-21T00:00:00Z" name="x"#.utf8)
        xml += [0xC3]
        xml += Array(#""/>"#.utf8)
        #expect(!SegmentTestRunner.run(SourceFile(path: "tests/t.xml", bytes: xml), workspace: SegmentTestFixture.workspace).errors.isEmpty)
    }

    @Test func aOneLineFileReportsColumnsOnItsOneLine() {
        let oneLine = SegmentTestFixture.passing.split(separator: "\n").map { $0.trimmingPrefix(" ") }.joined()
            .replacing(#""member:m2"]}"#, with: #""member:m2", "member:m9"]}"#, maxReplacements: 1)
        let outcome = SegmentTestFixture.run(oneLine)
        #expect(outcome.errors.isEmpty)
        let failure = outcome.results.flatMap(\.failures).first
        #expect(failure?.location.line == 1)
        #expect(failure.map { $0.location.column > 100 } == true)
        #expect(failure?.message.contains("no profile has that identity") == true)
    }

    @Test func anUnknownKeyIsAWarningNamingItAndTheTestStillRuns() {
        let text = SegmentTestFixture.passing.replacing(#""asOf""#, with: #""asof": 1, "asOf""#)
            .replacing(#"{"segment": "buyers", "in""#, with: #"{"segment": "buyers", "inn": [], "in""#)
        let outcome = SegmentTestFixture.run(text)
        #expect(outcome.diagnostics.map(\.description) == [
            "tests/t.json:2:3: warning: unknown key `asof` is ignored; did you mean `asOf`?",
            "tests/t.json:13:27: warning: unknown key `inn` is ignored; did you mean `in`?",
        ])
        #expect(outcome.passed)
        #expect(SegmentTestReport.text([outcome]).hasPrefix("tests/t.json:2:3: warning: unknown key `asof`"))
    }

    @Test func otherFileTypesAreRefused() {
        #expect(errors("asOf: now", path: "tests/t.yaml") == ["tests/t.yaml:1:1: error: a test file ends in .json or .xml"])
    }
}
