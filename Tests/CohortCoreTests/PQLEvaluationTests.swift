import Testing
@testable import CohortCore

/// Evaluation over hand-built profiles; each expected membership is worked out in the comment.
@Suite struct PQLEvaluationTests {
    /// Ann: gold, 1,200 points, born 1990-05-17, likes golf and yoga; bought for 300 on Nov 18 (items PS and LLMH09),
    /// added to cart on Nov 19, bought for 250 on Nov 20; viewed a page in January 2025. Member of "gold".
    static let ann = PQLContext(
        attributes: PQLFixture.attributes(#"{"crmId": "a", "person": {"name": {"firstName": "Ann"}, "birthDate": "1990-05-17", "birthYear": 1990}, "loyalty": {"tier": "gold", "points": 1200}, "interests": ["golf", "yoga"], "isVip": true}"#),
        events: [
            PQLFixture.event(1, #"{"_id": "1", "timestamp": "2026-11-18T12:00:00Z", "eventType": "commerce.purchases", "commerce": {"order": {"priceTotal": 300}}, "productListItems": [{"SKU": "PS"}, {"SKU": "LLMH09"}]}"#),
            PQLFixture.event(2, #"{"_id": "2", "timestamp": "2026-11-19T10:00:00Z", "eventType": "addToCart"}"#),
            PQLFixture.event(3, #"{"_id": "3", "timestamp": "2026-11-20T09:00:00Z", "eventType": "commerce.purchases", "commerce": {"order": {"priceTotal": 250}}}"#),
            PQLFixture.event(4, #"{"_id": "4", "timestamp": "2025-01-10T08:00:00Z", "eventType": "web.webpagedetails.pageViews"}"#),
        ],
        now: PQLFixture.now, memberships: ["gold"])

    /// Bob: bronze, 10 points, no first name, no birth date, no events.
    static let bob = PQLContext(attributes: PQLFixture.attributes(#"{"crmId": "b", "loyalty": {"tier": "bronze", "points": 10}}"#), events: [], now: PQLFixture.now)

    private func matches(_ text: String, _ context: PQLContext) throws -> Bool {
        try PQLFixture.matches(text, context, in: PQLCheckerTests.environment)
    }

    @Test(arguments: [
        // (expression, Ann, Bob)
        (#"person.name.firstName = "Ann""#, true, false),
        (#"person.name.firstName != "Ann""#, false, false),               // missing compares false
        (#"not (person.name.firstName = "Ann")"#, false, true),           // not negates the boolean it gets
        (#"loyalty.tier in ["gold", "platinum"]"#, true, false),
        (#"loyalty.tier notIn ["gold", "platinum"]"#, false, true),
        (#"person.name.firstName notIn ["Bob"]"#, true, false),           // notIn on a missing value is false
        (#"loyalty.points >= 1200 and loyalty.points < 1201"#, true, false),
        (#"if(loyalty.points > 100, "high", "low") = "low""#, false, true),
        (#"interests.intersects(["golf", "chess"])"#, true, false),
        (#"interests.supersetOf(["golf", "yoga"]) and interests.subsetOf(["golf", "yoga", "chess"])"#, true, false),
        (#"interests.distinct().count() = 2"#, true, false),
        (#"person.name.firstName.startsWith("an", false) and person.name.firstName.endsWith("n")"#, true, false),
        (#"person.name.firstName.contains("NN")"#, false, false),
        (#"person.name.firstName.like("A_n") and person.name.firstName.matches("^A")"#, true, false),
        (#"person.name.firstName.isNull()"#, false, true),
        (#"person.birthDate.getYear() = 1990 and person.birthDate.getMonth() = 5 and person.birthDate.getDayOfMonth() = 17"#, true, false),
        (#"currentYear() - person.birthYear = 36"#, true, false),
        (#"person.birthDate < date(1991, 1, 1)"#, true, false),
        (#"xEvent[eventType = "commerce.purchases"].count() = 2"#, true, false),
        (#"xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal) > 500"#, true, false),  // 300 + 250
        (#"xEvent[eventType = "commerce.purchases"].average(commerce.order.priceTotal) = 275"#, true, false),
        (#"xEvent[eventType = "commerce.purchases" and timestamp occurs <= 2 days before now].count() = 1"#, true, false),  // only Nov 20
        (#"xEvent[productListItems[SKU = "PS"]].count() > 0"#, true, false),
        (#"exists E from xEvent where E.commerce.order.priceTotal > 280"#, true, false),
        (#"forall E from xEvent where E.timestamp occurs after date(2025, 1, 1)"#, true, true),  // vacuously true for Bob
        (#"select X from xEvent where X.eventType = "addToCart""#, true, false),
        (#"xEvent[eventType = "web.webpagedetails.pageViews" and timestamp occurs between date(2025, 1, 1) and date(2025, 1, 10)].count() = 1"#, true, false),
        (#"xEvent[timestamp occurs on date(2026, 11, 19)].count() = 1"#, true, false),
        (#"xEvent[timestamp occurs last year].count() = 1"#, true, false),    // January 2025
        (#"xEvent[timestamp occurs this month].count() = 3"#, true, false),
        (#"xEvent[timestamp occurs between last year and last month].count() = 1"#, true, false),  // Jan 2025 to Oct 2026
        (#"xEvent[timestamp occurs between last month and this month].count() = 3"#, true, false),
        (#"chain(xEvent, timestamp, [A: WHAT(eventType = "addToCart"), B: WHAT(eventType = "commerce.purchases")])"#, true, false),
        (#"chain(xEvent, timestamp, [A: WHAT(eventType = "commerce.purchases") COUNT(2), B: WHAT(eventType = "addToCart")])"#, false, false),  // the cart add is between the purchases
        (#"chain(xEvent, timestamp, [A: WHAT(eventType = "addToCart") WHEN(<= 24 hours before now)])"#, false, false),  // Nov 19 10:00 is 38 hours ago
        (#"inSegment("gold") and isVip = true"#, true, false),
        // Forms from Adobe's documentation: nested from clauses, infix like, occurs on a bare day.
        (#"exists E from xEvent where E.eventType = "commerce.purchases", I from E.productListItems where I.SKU = "PS""#, true, false),
        (#"person.name.firstName like "A%""#, true, false),
        (#"xEvent[timestamp occurs yesterday].count() = 1"#, true, false),   // Nov 20
        (#"CHAIN(xEvent, timestamp, [C0: WHAT(eventType.equals("ADDTOCART", false)) WHEN(<= 2 days before now)])"#, true, false),
        // A field or object named as a condition: it exists (Bob has no first name, no events).
        (#"person.name.firstName"#, true, false),
        (#"person.name and loyalty"#, true, false),
        (#"not person.birthDate"#, false, true),
        (#"select X from xEvent where X.commerce.order"#, true, false),
        (#"xEvent[commerce.order.priceTotal].count() = 2"#, true, false),      // the two purchases
        (#"xEvent[productListItems].count() = 1"#, true, false),
        // Keywords in any case.
        (#"loyalty.tier IN ["gold"] AND NOT (isVip = FALSE)"#, true, false),
        (#"SELECT X FROM xEvent WHERE X.eventType = "addToCart""#, true, false),
        (#"xEvent[eventType = "commerce.purchases" AND timestamp OCCURS <= 2 Days BEFORE NOW].count() = 1"#, true, false),
        (#"loyalty.tier NotIn ["gold"] Or person.name.firstName = NULL"#, false, true),
        (#"xEvent[timestamp occurs BETWEEN Last Year AND Last Month].count() = 1"#, true, false),
        (#"chain(xEvent, timestamp, [A: what(eventType = "addToCart") When(<= 3 days before now)])"#, true, false),
        // The colon form of a quantifier.
        (#"exists E from xEvent : E.eventType = "addToCart""#, true, false),
        // let, and aggregates over the items of an array (Ann's purchases: 300 + 250).
        (#"let S = (sum X.commerce.order.priceTotal over X from xEvent where X.eventType = "commerce.purchases") in (S > 100 and S < 1000)"#, true, false),
        (#"let T = loyalty.tier in T = "gold" or T = "bronze""#, true, true),
        (#"max X.commerce.order.priceTotal over X from xEvent = 300"#, true, false),
        // A select gives its events, whose fields project (and which, as a condition, means there are some).
        (#"(select X from xEvent where X.eventType = "commerce.purchases").commerce.order.priceTotal.includes(250)"#, true, false),
        (#"(select X from xEvent where X.eventType = "addToCart").timestamp occurs on date(2026, 11, 19)"#, true, false),
        // Parent references: `^` is the event around an item, `^^` the profile around that.
        (#"xEvent[productListItems[SKU = "XX" or ^^.loyalty.tier = "gold"]].count() = 1"#, true, false),
        (#"xEvent[productListItems[^.eventType = "commerce.purchases"]].count() = 1"#, true, false),
        (#"xEvent[productListItems[^.eventType = "addToCart"]].count() = 0"#, true, true),
        // The profile named as the first parameter ($1) or as a lambda's variable.
        (#"$1.loyalty.tier = "gold""#, true, false),
        (#"(Profile) => Profile.loyalty.tier = "gold" and Profile.loyalty.points > 100"#, true, false),
        // Two event variables compared with each other: two different purchases; a cart add before a purchase.
        (#"select F1 from xEvent where F1.eventType = "commerce.purchases", F2 from xEvent where F2.eventType = "commerce.purchases" and F1 != F2"#, true, false),
        (#"select F1 from xEvent where F1.eventType = "addToCart", F2 from xEvent where F2.eventType = "commerce.purchases" and F1.timestamp occurs before F2.timestamp"#, true, false),
        (#"select F1 from xEvent where F1.eventType = "addToCart", F2 from xEvent where F2.eventType = "addToCart" and F1 != F2"#, false, false),
        // equals / notEqualTo with several values: any of them, none of them.
        (#"person.name.firstName.equals("Bob", "Ann")"#, true, false),
        (#"person.name.firstName.equals("bob", "ANN", false)"#, true, false),
        (#"person.name.firstName.equals("bob", "ANN")"#, false, false),
        (#"loyalty.tier.notEqualTo("gold", "silver")"#, false, true),
        (#"loyalty.tier.notEqualTo("Gold", "BRONZE", false)"#, false, false),
    ])
    func evaluates(_ text: String, _ expectedAnn: Bool, _ expectedBob: Bool) throws {
        #expect(try matches(text, Self.ann) == expectedAnn, "Ann: \(text)")
        #expect(try matches(text, Self.bob) == expectedBob, "Bob: \(text)")
        // explain's verdict (its first line) agrees with the evaluator.
        let node = try PQLParser.parse(text).get()
        #expect(try PQLExplainer.explain(node, source: text, context: Self.ann).first?.value == (expectedAnn ? "true" : "false"))
        #expect(try PQLExplainer.explain(node, source: text, context: Self.bob).first?.text == text)
    }

    @Test func explainShowsEachClauseWithItsValue() throws {
        let text = #"loyalty.tier in ["gold"] and person.name.firstName.startsWith("B")"#
        let lines = try PQLExplainer.explain(try PQLParser.parse(text).get(), source: text, context: Self.ann)
        #expect(lines.map { "\($0.depth) \($0.text) → \($0.value)" } == [
            #"0 loyalty.tier in ["gold"] and person.name.firstName.startsWith("B") → false"#,
            #"1 loyalty.tier in ["gold"] → true"#,
            #"2 loyalty.tier → "gold""#,
            #"1 person.name.firstName.startsWith("B") → false"#,
            #"2 person.name.firstName → "Ann""#,
        ])
    }

    @Test func relativeWindowsFollowTheComparison() {
        let calendar = PQLCalendar(timeZone: "UTC")
        let now = PQLFixture.now
        let day: Int64 = 86_400_000
        func holds(_ comparison: PQLBinaryOperator, _ daysAgo: Int64) -> Bool {
            let condition = PQLTimeCondition.relative(comparison: comparison, amount: PQLNode(.number("7"), start: 0, end: 0), unit: .day,
                                                      after: false, anchor: PQLNode(.now, start: 0, end: 0))
            return condition.holds(for: now - daysAgo * day, anchors: [7, now], now: PQLFixture.now, calendar: calendar, endOfDayForLastAnchor: false)
        }
        #expect(holds(.lessOrEqual, 7) && holds(.lessOrEqual, 0) && !holds(.lessOrEqual, 8))
        #expect(holds(.greater, 8) && !holds(.greater, 7))
        #expect(holds(.equal, 7) && !holds(.equal, 6) && !holds(.equal, 8))
    }

    /// Numbers far outside any calendar (from a segment or from data) make a condition false or
    /// reach the end of time; they never stop the evaluation.
    @Test(arguments: [
        "xEvent[timestamp occurs <= 9000000000000000 hours before now].count() > 0",
        "xEvent[timestamp occurs between date(99999999999999999999, 1, 1) and now].count() > 0",
        "xEvent[timestamp occurs = 9000000000000000 months before now].count() > 0",
        "xEvent[timestamp occurs > -9000000000000000 minutes after now].count() > 0",
        "xEvent[timestamp occurs >= 9000000000000000 weeks after now].count() > 0",
        "xEvent[timestamp occurs <= -9000000000000000 days before now].count() > 0",
        "person.birthDate > date(99999999999999999999, 1, 1)",
        "person.birthDate < date(2000, 10000000000000000000, 1)",
        "person.birthDate < date(loyalty.points, 1, 1)",
    ])
    func hugeNumbersNeverStopEvaluation(text: String) throws {
        var huge = Self.ann
        huge.attributes = PackedValue(.object(PQLFixture.attributes(#"{"loyalty": {"points": 1e300}, "person": {"birthDate": "1990-05-17"}}"#)))
        for context in [Self.ann, Self.bob, huge] { _ = try matches(text, context) }
        // Ann's purchases are inside a window that reaches back to the start of time.
        #expect(try matches("xEvent[timestamp occurs <= 9000000000000000 hours before now].count() > 0", Self.ann))
    }
}
