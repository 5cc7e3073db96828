import Testing
@testable import CohortCore

/// Running a test: expectations met and not met, what a failure shows, time windows from `asOf`,
/// exported rows, and the report and JUnit XML made of the outcomes.
@Suite struct SegmentTestEvaluationTests {
    /// The passing test, but expecting the silver member m2 in the gold segment.
    static let expectingM2In = SegmentTestFixture.passing.replacing(#""in": ["Email:Ann@Example.com"], "out": ["member:m2"]"#,
                                                                    with: #""in": ["Email:Ann@Example.com", "member:m2"]"#)

    @Test func aTestWhoseExpectationsHoldPasses() {
        let outcome = SegmentTestFixture.run(SegmentTestFixture.passing)
        #expect(outcome.diagnostics.map(\.description) == [])
        #expect(outcome.results.count == 4)
        #expect(outcome.results.flatMap(\.failures).map(\.text) == [])
        #expect(outcome.passed)
    }

    @Test func aProfileExpectedInButOutFailsWithTheClauseValuesExplainShows() throws {
        let text = Self.expectingM2In
        let outcome = SegmentTestFixture.run(text)
        #expect(outcome.errors.isEmpty)
        #expect(!outcome.passed)
        let failure = try #require(outcome.results[1].failures.first)
        #expect(outcome.results[1].failures.count == 1)
        #expect(failure.location.description == "tests/t.json:12:57")
        #expect(failure.message == "gold: expected member:m2 in, but it is out")
        #expect(failure.explanation == ["gold for member:m2: OUT", #"  tier = "gold"  →  false"#, #"    tier  →  "silver""#])
        #expect(outcome.results.enumerated().filter { !$0.element.passed }.map(\.offset) == [1])
    }

    @Test func membersIsTheExactSetEveryOtherMemberAndEveryMissingOneFails() {
        let text = SegmentTestFixture.passing
            .replacing(#"{"memberId": "m2", "tier": "silver"}"#, with: #"{"memberId": "m2", "tier": "gold"}"#)
            .replacing(#""members": ["member:m1"]"#, with: #""members": ["member:m1", "member:m3"]"#)
        let failures = SegmentTestFixture.run(text).results[0].failures
        #expect(failures.map(\.message) == [
            "gold: expected member:m3 in, but no profile has that identity (no record of the test holds it)",
            "gold: member:m2 is a member, but `members` names none of its identities",
        ])
        #expect(failures[1].explanation.first == "gold for member:m2: IN")
    }

    @Test func theAsOfTimeMovesTimeWindows() {
        // The order is 3 days before the as-of time; 8 days after it, it is out of the 7-day window.
        let later = SegmentTestFixture.passing.replacing("2026-11-21T00:00:00Z", with: "2026-11-26T00:00:00Z")
        let failures = SegmentTestFixture.run(later).results[2].failures
        #expect(failures.map(\.message) == ["buyers: expected member:m2 in, but it is out"])
        #expect(failures.first?.explanation.first == "buyers for member:m2: OUT")
    }

    @Test func anEventRepeatedWithTheSameIdCountsOnceAsTheStoreKeepsIt() {
        let text = SegmentTestFixture.passing.replacing(
            #""orders": [{"_id": "o1", "timestamp": "2026-11-18T00:00:00Z", "memberId": "m2", "total": 5}]"#,
            with: #""orders": [{"_id": "o1", "timestamp": "2026-11-18T00:00:00Z", "memberId": "m2"}, {"_id": "o1", "timestamp": "2026-11-01T00:00:00Z", "memberId": "m1"}]"#)
        let outcome = SegmentTestFixture.run(text)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.passed, "the second o1 (of m1, outside the window anyway) is dropped")
    }

    @Test func exportedRowsAreComparedBothWays() {
        let wrong = SegmentTestFixture.passing.replacing(#"{"member": "m1", "tier": "gold", "points": 10}"#,
                                                         with: #"{"member": "m1", "tier": "silver"}"#)
        let failures = SegmentTestFixture.run(wrong).results[3].failures
        #expect(failures.map(\.message) == [
            #"list: no exported row has {member: "m1", tier: "silver"}"#,
            #"list: the row {member: "m1", tier: "gold", points: "10"} is exported, but no expected row matches it"#,
        ])
        let none = SegmentTestFixture.passing.replacing(#"[{"member": "m1", "tier": "gold", "points": 10}]"#, with: "[]")
        #expect(SegmentTestFixture.run(none).results[3].failures.count == 1)
    }

    @Test func theSameOutcomesMakeTheSameReportAndJUnitBytes() {
        let failing = SegmentTestFixture.run(Self.expectingM2In)
        let broken = SegmentTestFixture.run("{", path: "tests/broken.json")
        let outcomes = [SegmentTestFixture.run(SegmentTestFixture.passing, path: "tests/a.json"), failing, broken]
        let again = [SegmentTestFixture.run(SegmentTestFixture.passing, path: "tests/a.json"),
                     SegmentTestFixture.run(Self.expectingM2In),
                     SegmentTestFixture.run("{", path: "tests/broken.json")]
        #expect(SegmentTestReport.junit(outcomes) == SegmentTestReport.junit(again))
        #expect(SegmentTestReport.text(outcomes) == SegmentTestReport.text(again))
        let text = SegmentTestReport.text(outcomes)
        #expect(text.contains("PASS tests/a.json (a): 4 of 4 expectations met"))
        #expect(text.contains("FAIL tests/t.json (t): 3 of 4 expectations met\ntests/t.json:12:57: gold: expected member:m2 in, but it is out"))
        #expect(text.contains("BROKEN tests/broken.json: the test did not run"))
        #expect(text.hasSuffix("3 test files: 1 passed, 1 failed, 1 broken; 7 of 8 expectations met\n"))
    }
}
