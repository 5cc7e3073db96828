import Foundation
@testable import CohortCore

/// Expressions and profiles where a translation to SQL is most easily wrong: missing values under
/// NOT, booleans (only ever equal), numbers of both schema types, text, `in`/`notIn`, empty and
/// missing arrays, aggregates of none, `chain`, `like`, and dates and time windows in a zone whose
/// clocks skip midnight (Chile: 6 September 2026, 00:00 → 01:00), evaluated just after that change.
enum SparkPQLSemanticsCases {
    static let workspace = PQLFixture.workspace(profileFields: """
        <field path="name" type="string"/><field path="tier" type="string"/>
        <field path="points" type="integer"/><field path="ratio" type="number"/>
        <field path="optIn" type="boolean"/><field path="other" type="boolean"/>
        <field path="birthDate" type="string" format="date"/><field path="joined" type="string" format="date-time"/>
        <field path="tags" type="array" items="string"/>
        <field path="orders" type="array" items="object"/><field path="orders.price" type="number"/><field path="orders.sku" type="string"/>
        <field path="consents.marketing.email.val" type="string"/>
        """, eventFields: """
        <field path="_id" type="string"/><field path="timestamp" type="string" format="date-time"/>
        <field path="eventType" type="string"/><field path="value" type="number"/><field path="count" type="integer"/>
        <field path="productListItems" type="array" items="object"/><field path="productListItems.SKU" type="string"/>
        """, more: [SourceFile(path: "cohort.json", text: #"{"name": "edges", "timezone": "America/Santiago"}"#)])

    /// Just after Chile's clocks skipped from 00:00 to 01:00 on Sunday 6 September 2026 (UTC-4 → UTC-3).
    static let now = Timestamp.milliseconds(from: "2026-09-07T03:30:00Z")!

    static let expressions = [
        #"name = "Ana""#, #"name != "Ana""#, #"not (name = "Ana")"#, #"name < "B""#, #"name >= "Ana""#,
        #"tier in ["gold", "platinum"]"#, #"tier notIn ["gold", "platinum"]"#, #"not (tier in ["gold"])"#, "tier notIn []",
        "points > 10", "points = 10.0", "points <= 10 or ratio > 0.25", "ratio < -0.1", "not (points > 10)", "10 < points",
        "optIn = true", "optIn", "not optIn", "optIn != other", "optIn = other", "optIn = false", "other = optIn and optIn",
        "name.isNull()", "name.isNotNull() and not tags.isNull()", "orders.isNotNull()",
        #"name.startsWith("An")"#, #"name.doesNotStartWith("An")"#, #"name.endsWith("a")"#, #"name.contains("n")"#,
        #"name.doesNotContain("x")"#, #"name.equals("Ana", "Bo")"#, #"name.notEqualTo("Ana")"#, #"name.like("A_a")"#,
        #"name.like("%o%")"#, #"name.like("a.b")"#,
        "tags.count() = 0", "tags.count() > 1", #"tags.includes("a")"#, #"tags.intersects(["b", "z"])"#,
        #"tags.subsetOf(["a", "b", "c"])"#, #"tags.supersetOf(["x", "y"])"#, #"not tags.includes(["a", "q"])"#, "orders.count() >= 2", #"orders[sku = "A"].count() = 1"#,
        "orders.sum(price) > 10", "orders.sum(price) = 0", "orders.average(price) > 3", "orders.min(price) < 6",
        "orders.max(price) >= 90", #"orders.exists(sku = "B")"#, #"orders[price > 10]"#,
        #"exists O from orders where O.sku = "A""#, "forall O from orders where O.price > 1",
        "xEvent.count() > 2", #"xEvent[eventType = "buy"].count() >= 1"#, #"xEvent[eventType = "buy"].sum(value) > 15"#,
        "xEvent.sum(count) = 3", "xEvent.average(value) < 20", "xEvent.max(value) > 0", "xEvent.min(value) = 5",
        #"xEvent[productListItems[SKU.startsWith("LL")]].count() > 0"#, #"xEvent.exists(eventType = "view")"#,
        #"exists E from xEvent where E.eventType = "buy" and E.value > 10"#, #"forall E from xEvent where E.eventType = "buy""#,
        "birthDate = date(2026, 9, 6)", "birthDate occurs on date(2026, 9, 6)", "birthDate < date(2026, 9, 6)",
        "birthDate >= today", "birthDate occurs yesterday", "birthDate occurs this week", "birthDate occurs last month",
        "birthDate occurs between date(2026, 9, 1) and date(2026, 9, 6)", "birthDate.getDayOfMonth() = 6",
        "birthDate.getMonth() = 9 and birthDate.getYear() = 2026", "birthDate occurs <= 2 days before now",
        "joined occurs today", "joined occurs < 24 hours before now", "joined > date(2026, 9, 6)", "joined occurs this month",
        "joined occurs between last week and this week", "joined occurs >= 1 day before now", "joined != now",
        "birthDate != date(2026, 9, 6)", #"name = ["Ana", "Bo"]"#, #"name < ["B", "A"]"#,
        #"xEvent[timestamp occurs today].count() > 0"#, #"xEvent[timestamp occurs <= 2 days before now].count() = 2"#,
        #"chain(xEvent, timestamp, [A: WHAT(eventType = "view"), B: WHAT(eventType = "buy")])"#,
        #"chain(xEvent, timestamp, [A: WHAT(eventType = "buy"), B: WHAT(eventType = "view")])"#,
        #"chain(xEvent, timestamp, [A: WHAT(eventType = "buy") COUNT(2)])"#,
        #"chain(xEvent, timestamp, [A: WHAT(eventType = "view") WHEN(<= 1 days before now)])"#,
        #"chain(xEvent, timestamp, [A: WHAT(eventType = "view"), B: WHAT(eventType = "buy") WHEN(today)])"#,
    ]

    static func context(_ attributes: String, _ events: [String]) -> PQLContext {
        PQLContext(attributes: PQLFixture.attributes(attributes),
                   events: events.enumerated().map { PQLFixture.event($0.offset + 1, $0.element) },
                   now: now, timeZone: "America/Santiago")
    }

    static let profiles: [(name: String, context: PQLContext)] = [
        ("ana", context(#"""
            {"crmId": "ana", "name": "Ana", "tier": "gold", "points": 10, "ratio": 0.5, "optIn": true, "other": false,
             "birthDate": "2026-09-06", "joined": "2026-09-06T01:30:00-03:00", "tags": ["a", "b"],
             "orders": [{"price": 5, "sku": "A"}, {"price": 90, "sku": "B"}]}
            """#, [
                #"{"_id": "1", "timestamp": "2026-09-05T10:00:00Z", "eventType": "view", "value": 5, "count": 1, "productListItems": [{"SKU": "LL1"}]}"#,
                #"{"_id": "2", "timestamp": "2026-09-06T12:00:00Z", "eventType": "buy", "value": 20, "count": 2}"#,
                #"{"_id": "3", "timestamp": "2026-09-07T03:00:00Z", "eventType": "buy", "value": 0.1}"#,
            ])),
        ("bo", context(#"""
            {"crmId": "bo", "name": "Bo", "tier": "silver", "points": 11, "optIn": false, "other": false,
             "birthDate": "2026-09-05", "joined": "2026-08-31T12:00:00Z", "tags": [], "orders": [{"sku": "A"}, null]}
            """#, [
                #"{"_id": "4", "timestamp": "2026-09-06T04:30:00Z", "eventType": "buy", "value": 7}"#,
                #"{"_id": "5", "timestamp": "2026-09-06T05:30:00Z", "eventType": "view"}"#,
            ])),
        ("none", context(#"{"crmId": "none"}"#, [])),
        ("odd", context(#"""
            {"crmId": "odd", "name": "50% off", "ratio": -0.25, "birthDate": "2026-08-31", "joined": "2026-09-07",
             "orders": [], "tags": ["x", "y", "z"]}
            """#, [#"{"_id": "6", "eventType": "view", "value": -1}"#])),
        ("dot", context(#"{"crmId": "dot", "name": "a.b", "other": true, "birthDate": "2026-09-07"}"#, [])),
    ]
}
