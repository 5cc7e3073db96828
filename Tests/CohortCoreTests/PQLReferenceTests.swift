import Foundation
import Testing
@testable import CohortCore

/// The PQL registry and its reference: every example works, the checker and the compiler accept the
/// same names and reject others with the same error, and docs/pql.md is the generated reference.
@Suite struct PQLReferenceTests {
    static let workspace = PQLFixture.workspace(profileFields: """
        <field path="person.name.firstName" type="string"/><field path="person.name.middleName" type="string"/>
        <field path="person.name.lastName" type="string"/><field path="person.gender" type="string"/>
        <field path="person.birthDate" type="string" format="date"/>
        <field path="personalEmail.address" type="string"/>
        <field path="loyalty.tier" type="string"/><field path="loyalty.points" type="number"/>
        <field path="loyalty.joinDate" type="string" format="date-time"/>
        <field path="favoriteColors" type="array" items="string"/>
        <field path="orders" type="array" items="object"/>
        <field path="orders.storeId" type="string"/><field path="orders.price" type="number"/>
        <field path="preferences" type="map" values="string"/>
        """, eventFields: """
        <field path="timestamp" type="string" format="date-time"/>
        <field path="eventType" type="string"/>
        <field path="commerce.order.priceTotal" type="number"/>
        """)

    static var environment: PQLEnvironment {
        var environment = PQLEnvironment(workspace: workspace)
        environment.segments.insert("gold-members")
        return environment
    }

    /// Ann, of whom every example in the reference holds (the day is 2026-11-21).
    static let ann = PQLContext(
        attributes: PQLFixture.attributes(#"""
            {"crmId": "a", "person": {"name": {"firstName": "Ann", "lastName": "Hansson"}, "gender": "female",
             "birthDate": "1990-11-21"}, "personalEmail": {"address": "ann@luma.com"},
             "loyalty": {"tier": "gold", "points": 1200, "joinDate": "2026-11-20T18:00:00Z"},
             "favoriteColors": ["red", "blue"],
             "orders": [{"storeId": "A", "price": 30}, {"storeId": "B", "price": 120}, {"storeId": "A", "price": 75}],
             "preferences": {"channel": "email", "language": "de"}}
            """#),
        events: [
            PQLFixture.event(1, #"""
                {"_id": "1", "timestamp": "2026-11-18T12:00:00Z", "eventType": "commerce.productListAdds"}
                """#),
            PQLFixture.event(2, #"""
                {"_id": "2", "timestamp": "2026-11-19T12:00:00Z", "eventType": "commerce.purchases",
                 "commerce": {"order": {"priceTotal": 150}}}
                """#),
        ],
        now: PQLFixture.now, memberships: ["gold-members"])

    @Test(arguments: PQLReference.entries)
    func everyExampleParsesChecksAndHolds(_ entry: PQLReference.Entry) throws {
        #expect(try PQLFixture.matches(entry.example, Self.ann, in: Self.environment), "\(entry.example)")
    }

    @Test func everyRegisteredNameIsDocumentedOnce() {
        let documented = PQLReference.sections.dropLast().flatMap(\.entries).map(\.name)
        #expect(Set(documented).count == documented.count)
        #expect(Set(documented) == Set(PQLRegistry.allNames))
        let operators = PQLReference.sections.last?.entries.map(\.name) ?? []
        #expect(PQLBinaryOperator.allCases.allSatisfy { operators.contains($0.rawValue) })
    }

    /// A call of each registered name in its form: the checker finds no unknown function and the
    /// compiler compiles it; in the other form both refuse it with one error.
    @Test(arguments: PQLRegistry.allNames)
    func checkerAndCompilerAcceptTheSameNames(_ name: String) throws {
        let isMethod = PQLMethod(rawValue: name) != nil
        // `yesterday` and `tomorrow` are written without parentheses, as their signatures show.
        let signature = PQLReference.entries.first { $0.name == name }?.signatures.first ?? ""
        let call = signature.hasPrefix(name + " ") ? name : "\(name)()"
        let asRegistered = isMethod ? "loyalty.tier.\(name)()" : call
        let other = isMethod ? "\(name)()" : "loyalty.tier.\(name)()"
        let node = try PQLParser.parse(asRegistered).get()
        let checked = PQLChecker.check(node, in: Self.environment, allowingValues: true)
        #expect(!checked.errors.contains { $0.message.hasPrefix("unknown function") }, "\(asRegistered)")
        #expect(throws: Never.self) { _ = try PQLProgram(node) }
        try expectSameError(other)
    }

    @Test(arguments: ["startWith", "sortBy", "cunt", "dates", "nosuchfunction"])
    func unknownNamesGetTheSameErrorFromBoth(_ name: String) throws {
        try expectSameError("loyalty.tier.\(name)(1)")
        try expectSameError("loyalty.points > 1 and \(name)(1)")
    }

    @Test func unknownNameSuggestsTheRegisteredOne() throws {
        let node = try PQLParser.parse("loyalty.tier.startWith(\"g\")").get()
        #expect(throws: PQLError(offset: 0, message: "unknown function `startWith`; did you mean `startsWith`?")) {
            _ = try PQLProgram(node)
        }
    }

    private func expectSameError(_ text: String) throws {
        let node = try PQLParser.parse(text).get()
        let checked = PQLChecker.check(node, in: Self.environment, allowingValues: true)
        let unknown = checked.errors.filter { $0.message.hasPrefix("unknown function") }
        #expect(unknown.count == 1, "\(text): \(checked.errors)")
        guard let error = unknown.first else { return }
        #expect(throws: error) { _ = try PQLProgram(node) }
    }

    @Test func docsHoldTheGeneratedReference() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let written = (try? String(contentsOf: root.appendingPathComponent("docs/pql.md"), encoding: .utf8)) ?? ""
        #expect(written == PQLReference.markdown() + "\n",
                "docs/pql.md is out of date; regenerate it: swift run cohort help pql --markdown > docs/pql.md")
    }

    @Test func textNamesEverySignature() {
        let text = PQLReference.text()
        for entry in PQLReference.entries {
            #expect(entry.signatures.allSatisfy(text.contains), "\(entry.name)")
        }
    }
}
