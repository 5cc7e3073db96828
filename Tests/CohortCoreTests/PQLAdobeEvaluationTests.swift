import Foundation
import Testing
@testable import CohortCore

/// Expressions from Adobe's PQL documentation (each is checked to be in the fixture file), checked
/// against a schema with the fields they use and evaluated over one hand-built profile, Cam, whose
/// expected result for each is worked out in the comment.
@Suite struct PQLAdobeEvaluationTests {
    static let workspace = PQLFixture.workspace(profileFields: """
        <field path="homeAddress.countryISO" type="string"/><field path="homeAddress.countryCode" type="string"/>
        <field path="homeAddress.stateProvince" type="string"/><field path="homeAddress.stateProvinceISO" type="string"/>
        <field path="homeAddress.country" type="string"/>
        <field path="workAddress.countryCode" type="string"/><field path="workAddress.stateProvince" type="string"/>
        <field path="workAddress.stateProvinceISO" type="string"/><field path="workAddress.country" type="string"/>
        <field path="person.birthMonth" type="integer"/><field path="person.birthYear" type="integer"/>
        <field path="person.gender" type="string"/><field path="person.name" type="string"/>
        <field path="person.firstName" type="string"/><field path="person.emailAddress" type="string"/>
        <field path="person.birthdate" type="string" format="date"/><field path="person.birthday" type="string" format="date"/>
        <field path="person.homeAddress.city" type="string"/>
        <field path="person.favoriteColors" type="array" items="string"/><field path="person.favoriteCities" type="array" items="string"/>
        <field path="person.visitedCities" type="array" items="string"/><field path="person.eatenFoods" type="array" items="string"/>
        <field path="workEmail.address" type="string"/><field path="firstName" type="string"/>
        <field path="city" type="string"/><field path="emailAddress" type="string"/>
        <field path="person.age" type="integer"/>
        <field path="person1.favoriteColors" type="array" items="string"/><field path="person2.favoriteColors" type="array" items="string"/>
        <field path="orders" type="array" items="object"/><field path="orders.price" type="number"/><field path="orders.storeId" type="string"/>
        <field path="product.inventory" type="integer"/><field path="product.price" type="number"/>
        """, eventFields: """
        <field path="eventType" type="string"/><field path="type" type="string"/><field path="destination" type="string"/>
        <field path="productListItems" type="array" items="object"/><field path="productListItems.SKU" type="string"/>
        <field path="commerce.item.price" type="number"/><field path="commerce.order.purchaseId" type="string"/>
        <field path="metrics.commerce.abandons.value" type="number"/>
        """)

    /// Cam lives in Ontario, Canada and works in New York state; born 15 March 1985 per birthMonth/birthYear.
    /// Events (now is 2026-11-21 12:00 UTC): an add to cart of PS priced 60 on Nov 19, a flight to SJC on Nov 19,
    /// a page view on Nov 20 (yesterday), a checkout today at 11:00.
    static let cam = PQLContext(
        attributes: PQLFixture.attributes(#"""
            {"crmId": "cam", "homeAddress": {"countryISO": "CA", "countryCode": "CA", "stateProvince": "ON", "stateProvinceISO": "ON", "country": "Canada"},
             "workAddress": {"countryCode": "US", "stateProvince": "ON", "stateProvinceISO": "NY", "country": "canada"},
             "person": {"age": 40, "birthMonth": 3, "birthYear": 1985, "gender": "female", "name": "Joe Smith", "firstName": "John",
                        "emailAddress": "jane2010@gmail.com", "birthdate": "1992-06-15", "birthday": "1992-06-15", "homeAddress": {"city": "Ottawa"},
                        "favoriteColors": ["red", "black"], "favoriteCities": ["Paris"], "visitedCities": ["Paris", "Rome"],
                        "eatenFoods": ["sushi", "pizza", "tacos"]},
             "workEmail": {"address": "JOE@YAHOO.EDU"}, "firstName": "john", "city": "Los Angeles", "emailAddress": "a@b.edu",
             "person1": {"favoriteColors": ["red", "black", "blue", "green"]}, "person2": {"favoriteColors": ["green", "blue", "red"]},
             "orders": [{"price": 20, "storeId": "A"}, {"price": 90, "storeId": "B"}, {"price": 55, "storeId": "A"}],
             "product": {"inventory": 12, "price": 2.5}}
            """#),
        events: [
            PQLFixture.event(1, #"{"_id": "1", "timestamp": "2026-11-19T12:00:00Z", "eventType": "addToCart", "productListItems": [{"SKU": "PS"}], "commerce": {"item": {"price": 60}, "order": {"purchaseId": ""}}}"#),
            PQLFixture.event(2, #"{"_id": "2", "timestamp": "2026-11-19T15:00:00Z", "eventType": "flight", "type": "FLIGHT", "destination": "SJC"}"#),
            PQLFixture.event(4, #"{"_id": "4", "timestamp": "2026-11-20T08:00:00Z", "eventType": "pageView"}"#),
            PQLFixture.event(3, #"{"_id": "3", "timestamp": "2026-11-21T11:00:00Z", "eventType": "commerce.checkouts"}"#),
        ],
        now: Timestamp.milliseconds(from: "2026-11-21T12:00:00Z")!)

    /// The documentation's value expressions (computed-attribute style), evaluated over Cam.
    @Test(arguments: [
        (#"emailAddress.regexGroup("@(\\w+)", 1)"#, #""b""#),                  // a@b.edu
        ("product.inventory * product.price", "30"),                          // 12 × 2.5
        ("orders.topN(price, 5).head()", "an object"),
        ("orders.topN(price, 5).head().storeId", #""B""#),                    // the 90 order
        ("orders.groupBy(storeId)", "{\"A\": [an object, an object], \"B\": [an object]}"),
        // Cam's identities: crm:cam and Email:cam@example.com.
        ("identityMap.keys()", #"["Email", "crm"]"#),
        ("identityMap.values()", "[[an object], [an object]]"),
        (#"identityMap.get("example@example.com")"#, "missing"),                 // a namespace is the key
    ])
    func valuesAreWhatTheDocumentationSays(_ text: String, _ expected: String) throws {
        let fixture = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pql-adobe-examples.txt"), encoding: .utf8)
        #expect(fixture.contains(text.replacingOccurrences(of: ".storeId", with: "")), "not an example from the documentation fixture: \(text)")
        let node = try PQLParser.parse(text).get()
        #expect(PQLChecker.check(node, in: PQLEnvironment(workspace: Self.workspace), allowingValues: true).errors == [], "\(text)")
        var cam = Self.cam
        cam.identities = [Identity(namespace: "crm", id: "cam"), Identity(namespace: "Email", id: "cam@example.com")]
        #expect(PQLExplainer.describe(try PQLProgram(node).value(cam)) == expected, "\(text)")
    }

    @Test(arguments: [
        (#"homeAddress.countryISO = "CA""#, true),
        (#"homeAddress.countryISO != "CA""#, false),
        ("person.birthMonth > 2", true), ("person.birthMonth >= 3", true), ("person.birthMonth < 2", false), ("person.birthMonth <= 2", false),
        ("homeAddress.countryCode != workAddress.countryCode", true),        // CA vs US
        ("homeAddress.stateProvince = workAddress.stateProvince", true),     // ON and ON
        ("$1.homeAddress.stateProvince = $1.homeAddress.stateProvince", true),
        (#"xEvent[productListItems[SKU="PS" or ^^.person.gender="female"]]"#, true),          // the cart add has PS; Cam is female
        ("(Profile) => Profile.homeAddress.stateProvince = Profile.workAddress.stateProvince", true),
        (#"homeAddress.countryISO = "CA" and person.birthYear = 1985"#, true),
        (#"homeAddress.countryISO = "CA" or person.birthYear = 1985"#, true),
        (#"not (homeAddress.countryISO = "CA")"#, false),
        ("not(  person.birthYear = 1980 and homeAddress.countryCode != workAddress.countryCode )", true),   // born 1985
        ("!(  person.birthYear = 1980 and homeAddress.countryCode != workAddress.countryCode )", true),
        (#"person.birthYear = 1980 and (homeAddress.countryCode != workAddress.countryCode or homeAddress.countryCode = "US")"#, false),
        ("homeAddress.countryISO = \"US\" and\nhomeAddress.stateProvinceISO = \"CA\" and\nperson.birthYear > 1980", false),
        ("person.birthYear >= 2000", false),
        (#"homeAddress.countryISO = "US" and homeAddress.stateProvinceISO in ["CA", "OR"]"#, false),
        ("homeAddress.stateProvinceISO != workAddress.stateProvinceISO", true),   // ON vs NY
        (#"homeAddress.country = "US""#, false), (#"homeAddress.countryCode = "US""#, false),
        ("person.birthMonth in [3, 6, 9]", true), ("person.birthMonth notIn [3, 6, 9]", false),
        (#"person.favoriteColors.intersects(["red", "blue", "green"])"#, true),
        ("person.favoriteCities.subsetOf(person.visitedCities)", true),          // Paris is among Paris, Rome
        (#"person.eatenFoods.supersetOf(["sushi", "pizza"])"#, true),
        (#"person.favoriteColors.includes("red")"#, true),
        (#"city like "%es%""#, true),                                            // Los Angeles
        (#"person.firstName like "John%""#, true),
        (#"workEmail.address like "%.edu""#, false),                             // .EDU: like is case-sensitive
        (#"emailAddress like "%.edu" and homeAddress.stateProvinceISO="CA""#, false),
        (#"person.name.startsWith("Joe")"#, true),
        (#"workEmail.address.startsWith("joe", false)"#, true),
        (#"person.name.doesNotStartWith("Joe")"#, false),
        (#"person.emailAddress.endsWith(".com")"#, true),
        (#"workEmail.address.endsWith(".edu", false)"#, true),
        (#"person.emailAddress.doesNotEndWith(".com")"#, false),
        (#"person.emailAddress.contains("2010@gm")"#, true),
        (#"workEmail.address.contains("yahoo", false)"#, true),
        (#"person.emailAddress.doesNotContain("2010@gm")"#, false),
        (#"workEmail.address.doesNotContain("yahoo", true)"#, true),             // YAHOO is not yahoo when case counts
        (#"person.name.equals("John")"#, false),
        (#"firstName.equals("John", false)"#, true),
        (#"homeAddress.country.equals("Canada", false)"#, true),
        (#"person.name.notEqualTo("John")"#, true),
        (#"firstName.notEqualTo("John", false)"#, false),
        (#"person.name.matches("(?i)^John")"#, false),                          // Joe Smith
        (#"firstName matches "John""#, false),                                  // john: regular expressions are case-sensitive
        (#"person.firstName matches "^J.*n$""#, true),
        ("person.homeAddress.isNull()", false), ("person.homeAddress.isNotNull()", true),
        ("person.birthMonth = currentMonth()", false),                           // March vs November
        ("currentMonth() in [3, 4, 5]", false),
        ("person.birthdate.getMonth() = 6", true),
        ("person.birthday.getYear() in [1991, 1992, 1993, 1994, 1995]", true),
        ("select X from xEvent where X.timestamp.getYear() = currentYear()", true),
        ("select X from xEvent where X.timestamp.getDayOfMonth() <= 3", false),   // days 19, 19, 20, 21
        ("select X from xEvent where X.timestamp occurs on date(2017, 10, 1)", false),
        (#"xEvent[productListItems[SKU="PS"]]"#, true),
        (#"exists E from xEvent where (E.commerce.item.price > 50), I from E.productListItems where I.SKU = "PS""#, true),
        (#"forall E from xEvent where (E.commerce.item.price > 50), I from E.productListItems where I.SKU = "PS""#, false),
        ("select X from xEvent where X.timestamp occurs yesterday", true),       // the page view on Nov 20
        (#"select X from xEvent where X.type="FLIGHT" and X.destination in ["SJC","DAL"]"#, true),
        ("select X from xEvent where X.metrics.commerce.abandons.value > 0", false),
        (#"select X from xEvent where X.commerce.order.purchaseId != """#, false),  // the only purchaseId is ""
        (#"chain(xEvent, timestamp, [A: WHAT(eventType = "addToCart")])"#, true),
        (#"not(chain(xEvent, timestamp, [A: WHAT(eventType = "homePageView")]))"#, true),
        (#"chain(xEvent, timestamp, [X: WHAT(eventType = "addToCart") WHEN(< 8 days before now)])"#, true),
        (#"chain(xEvent, timestamp, [A: WHAT(eventType = "homePageView") WHEN(< 24 hours before now) COUNT(5) ] )"#, false),
        (#"CHAIN(xEvent, timestamp, [C0: WHAT(eventType.equals("commerce.checkouts", false)) WHEN(today)])"#, true),
        ("person.age % 5 = 0", true),                                                                     // 40
        (#"person1.favoriteColors.intersection(person2.favoriteColors) = ["red", "blue", "green"]"#, true),  // in person1's order
    ])
    func evaluates(_ text: String, _ expected: Bool) throws {
        let fixture = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pql-adobe-examples.txt"), encoding: .utf8)
        #expect(fixture.contains(text), "not an example from the documentation fixture: \(text)")
        #expect(try PQLFixture.matches(text, Self.cam, in: PQLEnvironment(workspace: Self.workspace)) == expected, "\(text)")
    }
}
