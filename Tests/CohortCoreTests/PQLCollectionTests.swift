import Testing
@testable import CohortCore

/// Adobe's array, map and regular-expression functions, checked against a schema and evaluated over
/// Dee, whose expected result for each expression is worked out in the comment.
@Suite struct PQLCollectionTests {
    static let workspace = PQLFixture.workspace(profileFields: """
        <field path="emailAddress" type="string"/>
        <field path="favoriteColors" type="array" items="string"/>
        <field path="orders" type="array" items="object"/>
        <field path="orders.storeId" type="string"/><field path="orders.price" type="number"/>
        <field path="preferences" type="map" values="string"/>
        """, eventFields: """
        <field path="eventType" type="string"/>
        <field path="metrics.commerce.abandons.value" type="number"/>
        <field path="productListItems" type="array" items="object"/>
        <field path="productListItems.name" type="string"/><field path="productListItems.priceTotal" type="number"/>
        """)

    /// Dee: orders of 30 (store A), 120 (B), 75 (A); favourite colours red and blue; prefers email;
    /// an abandoned cart (1) and a purchase of a Montana Wind Jacket (89) and socks (9).
    static let dee = PQLContext(
        attributes: PQLFixture.attributes(#"""
            {"crmId": "d", "emailAddress": "dee@luma.com", "favoriteColors": ["red", "blue"],
             "orders": [{"storeId": "A", "price": 30}, {"storeId": "B", "price": 120}, {"storeId": "A", "price": 75}],
             "preferences": {"channel": "email", "language": "de"}}
            """#),
        events: [
            PQLFixture.event(1, #"{"_id": "1", "timestamp": "2026-11-18T12:00:00Z", "eventType": "commerce.abandons", "metrics": {"commerce": {"abandons": {"value": 1}}}}"#),
            PQLFixture.event(2, #"{"_id": "2", "timestamp": "2026-11-19T12:00:00Z", "eventType": "commerce.purchases", "productListItems": [{"name": "Montana Wind Jacket", "priceTotal": 89}, {"name": "Socks", "priceTotal": 9}]}"#),
        ],
        now: PQLFixture.now)

    /// Eli: nothing at all.
    static let eli = PQLContext(attributes: PQLFixture.attributes(#"{"crmId": "e"}"#), events: [], now: PQLFixture.now)

    /// identityMap is the profile's identities by namespace, where no schema defines one.
    @Test func identityMapHoldsTheProfilesIdentities() throws {
        var dee = Self.dee
        dee.identities = [Identity(namespace: "crm", id: "d"), Identity(namespace: "Email", id: "dee@luma.com"),
                          Identity(namespace: "Email", id: "d2@luma.com")]
        #expect(try matches(#"identityMap.get("Email").count() = 2 and identityMap.get("Email").id.includes("dee@luma.com")"#, dee))
        #expect(try matches(#"identityMap.keys() = ["Email", "crm"]"#, dee))
        #expect(try !matches(#"identityMap.get("Phone").count() > 0"#, dee))
        #expect(try !matches(#"identityMap.get("Email").count() > 0"#, Self.eli))
    }

    private func matches(_ text: String, _ context: PQLContext) throws -> Bool {
        try PQLFixture.matches(text, context, in: PQLEnvironment(workspace: Self.workspace))
    }

    @Test(arguments: [
        // What the Segment Builder writes for "has an item named …" (case ignored).
        (#"select X from xEvent where X.productListItems.exists(name.equals("MONTANA WIND JACKET", false))"#, true, false),
        (#"xEvent.exists(eventType = "commerce.abandons")"#, true, false),
        (#"orders.exists(price > 100)"#, true, false),                          // 120
        (#"orders.filter(storeId = "A").count() = 2"#, true, false),             // 30 and 75
        (#"orders.map(storeId).distinct().count() > 1"#, true, false),           // A and B
        (#"orders.storeId.distinct().count() > 1"#, true, false),                // the same, projected through the array
        (#"orders.topN(price, 2).map(price) = [120, 75]"#, true, false),
        (#"orders.bottomN(price, 1).head().price = 30"#, true, false),
        (#"orders.topN(price, 5).head().storeId = "B""#, true, false),
        (#"xEvent.topN(timestamp, 1).head().eventType = "commerce.purchases""#, true, false),  // the latest event
        (#"favoriteColors.intersection(["blue", "green", "red"]) = ["red", "blue"]"#, true, false),
        (#"favoriteColors.intersection(["green"]).count() = 0"#, true, true),    // Eli has no colours: none in common
        (#"preferences.get("channel") = "email""#, true, false),
        (#"preferences.keys() = ["channel", "language"]"#, true, false),
        (#"preferences.values().includes("de")"#, true, false),
        (#"emailAddress.regexGroup("@(\\w+)", 1) = "luma""#, true, false),
        (#"emailAddress.regexGroup("^(\\w+)@", 0) = "dee@""#, true, false),
        // groupBy makes a map of each value's items; map((K, G) => mapEntry(…)) makes another.
        (#"orders.groupBy(storeId).map((K, G) => mapEntry(K, G.count())).get("A") = 2"#, true, false),
        (#"orders.groupBy(storeId).keys() = ["A", "B"]"#, true, false),
        (#"orders.groupBy(storeId).map((K, G) => mapEntry(K, G.sum(price))).get("A") = 105"#, true, false),   // 30 + 75
        (#"xEvent.groupBy(eventType).map((K, G) => mapEntry(K, G.count())).values() = [1, 1]"#, true, false),
        // A function of the item names it: (O) => O.price.
        (#"orders.filter((O) => O.price > 50).count() = 2"#, true, false),                // 120 and 75
        (#"orders.map((O) => O.storeId).distinct().count() = 2"#, true, false),
        (#"orders.topN((O) => O.price, 1).head().storeId = "B""#, true, false),
        (#"xEvent.exists((E) => E.eventType = "commerce.abandons")"#, true, false),
        // An event field compared with a value: some event matches.
        (#"xEvent.metrics.commerce.abandons.value > 0"#, true, false),
        (#"xEvent.productListItems.priceTotal >= 89"#, true, false),
    ])
    func evaluates(_ text: String, _ expectedDee: Bool, _ expectedEli: Bool) throws {
        #expect(try matches(text, Self.dee) == expectedDee, "Dee: \(text)")
        #expect(try matches(text, Self.eli) == expectedEli, "Eli: \(text)")
    }

    @Test(arguments: [
        (#"favoriteColors.exists(x = 1)"#, "0: `exists` works on events (xEvent) or an array of objects, but this is a list of strings"),
        (#"orders.filter(price + 1).count() > 0"#, "14: `filter` needs a condition (true or false), but this is a number"),
        (#"orders.topN(storeId).count() = 1"#, "0: `topN` takes 2 arguments (a value of each item, and how many), found 1"),
        (#"orders.topN(price, "5").count() = 1"#, #"19: the count of `topN` needs a number, but this is a string"#),
        (#"emailAddress.get("x") = "y""#, "0: `get` works on a map, but this is a string"),
        (#"emailAddress.regexGroup("(", 1) = "y""#, #"24: "(" is not a valid regular expression"#),
        (#"orders.sortBy(price)"#, "0: unknown function `sortBy`"),
        (#"orders.map((K, G) => 1).count() = 1"#, "11: the function of `map` takes one item, as in (X) => X.price > 10"),
        (#"count((X) => 1) = 1"#, "0: unknown function `count`; it is called on a value, e.g. person.name.count(…)"),
        (#"if((X) => true, 1, 2) = 1"#, "3: a function such as (X) => X.price > 10 goes only in an array function (filter, map, exists, topN, …) or, as (K, G) => mapEntry(…), in `map(…)` of a groupBy result"),
        (#"orders.groupBy(storeId).map((K, G) => K).count() = 1"#, "38: the function of `map` must make a mapEntry(key, value), but this is a string"),
        // Counted before anything else, so that a receiver of no known type (null) cannot pass a call short of arguments.
        (#"null.topN(1).count() = 0"#, "0: `topN` takes 2 arguments (a value of each item, and how many), found 1"),
        (#"null.get() = 1"#, "0: `get` takes 1 argument (the key), found 0"),
        (#"favoriteColors.intersection("red").count() = 0"#, #"28: `intersection` needs a list, but this is a string"#),
    ])
    func wrongCallsAreErrorsAtTheirPlace(_ text: String, _ expected: String) throws {
        let node = try PQLParser.parse(text).get()
        let errors = PQLChecker.check(node, in: PQLEnvironment(workspace: Self.workspace)).errors.map { "\($0.offset): \($0.message)" }
        #expect(errors == [expected])
    }
}
