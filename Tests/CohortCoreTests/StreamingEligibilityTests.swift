import Testing
@testable import CohortCore

@Suite struct StreamingEligibilityTests {
    private func eligibility(_ text: String, modes: [String: StreamingEligibility] = [:]) throws -> String {
        let node = try PQLParser.parse(text).get()
        let result = PQLChecker.check(node, in: PQLCheckerTests.environment)
        let mode = StreamingEligibility.of(node, dependencies: result, modes: modes)
        return "\(mode.isStreaming ? "streaming" : "batch"): \(mode.reason)"
    }

    @Test(arguments: [
        (#"loyalty.tier = "gold""#, "streaming: it reads profile attributes only"),
        (#"xEvent[eventType = "addToCart"].count() > 0"#, "streaming: its events have no time window or one of at most 24 hours"),
        (#"xEvent[eventType = "addToCart" and timestamp occurs <= 24 hours before now].count() > 0 and isVip = true"#,
         "streaming: its events have no time window or one of at most 24 hours"),
        (#"xEvent[timestamp occurs <= 2 days before now].count() > 0"#, "batch: it has a time window longer than 24 hours"),
        (#"xEvent[eventType = "x"].sum(commerce.order.priceTotal) > 5"#, "batch: it aggregates events with sum()"),
        (#"forall E from xEvent where E.eventType = "x""#, "batch: forall needs every event, so it waits for the batch"),
        (#"person.birthDate occurs this month"#, "batch: it uses a calendar period (month)"),
        (#"chain(xEvent, timestamp, [A: WHAT(eventType = "a") WHEN(<= 30 minutes before now)])"#,
         "streaming: its events have no time window or one of at most 24 hours"),
        (#"inSegment("gold")"#, "streaming: it reads profile attributes only"),
        (#"xEvent[eventType = "x"].topN(commerce.order.priceTotal, 1).head().eventType = "x""#,
         "batch: it ranks events with topN(), which needs every event"),
        (#"xEvent.exists(eventType = "addToCart")"#, "streaming: its events have no time window or one of at most 24 hours"),
    ])
    func decidesWithAReason(_ text: String, _ expected: String) throws {
        #expect(try eligibility(text) == expected)
    }

    @Test func dependingOnABatchSegmentIsBatch() throws {
        #expect(try eligibility(#"inSegment("gold")"#, modes: ["gold": StreamingEligibility(isStreaming: false, reason: "x")])
                == #"batch: it depends on the batch segment "gold""#)
    }
}
