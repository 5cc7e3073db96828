import Testing
@testable import CohortCore

/// The checker: paths against the schemas, types, functions and arguments, dependencies.
@Suite struct PQLCheckerTests {
    static let workspace = PQLFixture.workspace(profileFields: """
        <field path="person.name.firstName" type="string"/>
        <field path="person.birthDate" type="string" format="date"/>
        <field path="person.birthYear" type="integer"/>
        <field path="loyalty.tier" type="string"/>
        <field path="loyalty.points" type="number"/>
        <field path="interests" type="array" items="string"/>
        <field path="isVip" type="boolean"/>
        """, eventFields: """
        <field path="eventType" type="string"/>
        <field path="commerce.order.priceTotal" type="number"/>
        <field path="productListItems" type="array" items="object"/>
        <field path="productListItems.SKU" type="string"/>
        """,
        more: [SourceFile(path: "segments/gold.pql", text: #"loyalty.tier = "gold""#)])

    static let environment = PQLEnvironment(workspace: workspace)

    private func check(_ text: String) -> PQLChecker.Result {
        guard case .success(let node) = PQLParser.parse(text) else { return PQLChecker.Result(errors: [PQLError(offset: -1, message: "syntax")]) }
        return PQLChecker.check(node, in: Self.environment)
    }

    private func errors(_ text: String) -> [String] {
        check(text).errors.map { "\($0.offset): \($0.message)" }
    }

    @Test func validExpressionsHaveNoErrorsAndKnowWhatTheyRead() {
        let text = #"loyalty.tier in ["gold", "platinum"] and xEvent[eventType = "commerce.purchases" and timestamp occurs <= 30 days before now].sum(commerce.order.priceTotal) > 500 and inSegment("gold") and person.name.firstName.startsWith("A", false)"#
        let result = check(text)
        #expect(result.errors == [])
        #expect(result.type == .boolean)
        #expect(result.profilePaths == ["loyalty.tier", "person.name.firstName"])
        #expect(result.eventPaths == ["eventType", "timestamp", "commerce.order.priceTotal"])
        let goldOffset = text.utf8.count - #""gold") and person.name.firstName.startsWith("A", false)"#.utf8.count
        #expect(result.segments == ["gold": goldOffset])
        #expect(result.usesTime && result.readsEvents)
        #expect(check(#"isVip = true or person.birthYear > 1990"#).usesTime == false)
        #expect(errors(#"xEvent[productListItems[SKU = "PS"]].count() > 0 and exists E from xEvent where E.commerce.order.priceTotal > 1"#) == [])
        #expect(errors(#"interests.intersects(["golf"]) and person.birthDate.getYear() = currentYear() - 30 and if(isVip, 1, 2) = 1"#) == [])
        #expect(errors(#"chain(xEvent, timestamp, [A: WHAT(eventType = "addToCart") WHEN(<= 24 hours before now)])"#) == [])
    }

    @Test(arguments: [
        (#"loyalty.tierr = "gold""#, #"0: unknown field `loyalty.tierr` in profiles; did you mean `loyalty.tier`?"#),
        (#"person.birthYear = "x""#, "19: cannot compare a number with a string"),
        (#"xEvent[eventTyp = "x"].count() > 0"#, "7: unknown field `eventTyp` in events; did you mean `eventType`?"),
        (#"loyalty.points + 1"#, "0: a segment must be a condition (true or false), but this is a number"),
        (#"person.name.firstName.startsWith(1)"#, "33: `startsWith` needs a string, but this is a number"),
        (#"person.name.firstName.startWith("A")"#, "0: unknown function `startWith`; did you mean `startsWith`?"),
        (#"loyalty.points.contains("1")"#, "0: `contains` works on a string, but this is a number"),
        (#"isVip.isNull(1)"#, "0: `isNull` takes 0 arguments, found 1"),
        (#"inSegment("glod")"#, #"10: unknown segment "glod"; did you mean `gold`?"#),
        (#"inSegment(gold)"#, #"0: `inSegment` takes one segment id in quotes, e.g. inSegment("gold-members")"#),
        (#"loyalty.tier occurs before now"#, "0: `occurs` needs a date or date-time, but this is a string"),
        (#"person.birthDate occurs before 5"#, "31: expected a date or date-time (now, today, date(…) or a date field), but this is a number"),
        (#"loyalty.tier in "gold""#, "16: `in` needs a list such as [\"a\", \"b\"], but this is a string"),
        (#"xEvent[eventType = "x"].sum() > 1"#, "0: `sum` over events needs the field to add up, e.g. .sum(commerce.order.priceTotal)"),
        (#"xEvent[eventType = "x"].sum(eventType) > 1"#, "28: `sum` needs a number, but this is a string"),
        (#"date(2025, 1) < now"#, "0: `date` takes year, month, day (and optionally hour, minute, second), found 2 arguments"),
        (#"isVip > false"#, "0: booleans can only be compared with = and !="),
        (#"loyalty.tier = "a" and loyalty.points * 2"#, "23: `and` needs a condition (true or false), but this is a number"),
        (#"$2.loyalty.tier = "gold""#, "0: `$2`: a segment has one parameter, the profile (`$1`)"),
        (#"^.loyalty.tier = "gold""#, "0: `^` reaches above the profile: there are fewer than 1 filters around it"),
        (#"xEvent[productListItems[^^^.isVip]].count() > 0"#, "24: `^^^` reaches above the profile: there are fewer than 3 filters around it"),
        (#"exists E from xEvent where E < E"#, "27: events and objects can only be compared with = and != (the same one, or another)"),
        (#"person.name.firstName.equals("Ann", 3)"#, "36: `equals` needs strings or, last, a case-sensitivity flag, but this is a number"),
        (#"person.name.firstName.notEqualTo(true, "Ann")"#, "33: `notEqualTo` needs strings, but this is a boolean"),
        (#"startsWith(person.name.firstName, "A")"#, "0: unknown function `startsWith`; it is called on a value, e.g. person.name.startsWith(…)"),
        (#"person.name.firstName.matches("(unclosed")"#, #"30: "(unclosed" is not a valid regular expression"#),
        (#"loyalty.tier[x = 1]"#, "0: only events (xEvent) and arrays of objects can be filtered with […]; this is a string"),
        (#"exists E from loyalty where E.x = 1"#, "14: `from` needs events (xEvent) or an array of objects, but this is an object"),
    ])
    func wrongExpressionsGetTheRightErrorAtTheRightPlace(_ text: String, _ expected: String) {
        #expect(errors(text) == [expected])
    }

    @Test func inSegmentCyclesAreErrors() {
        let result = WorkspaceLoader.load([
            SourceFile(path: "segments/a.pql", text: #"inSegment("b")"#),
            SourceFile(path: "segments/b.pql", text: #"inSegment("c") or true = true"#),
            SourceFile(path: "segments/c.pql", text: #"inSegment("a")"#),
            SourceFile(path: "segments/d.pql", text: #"inSegment("a")"#),
        ])
        #expect(result.diagnostics.map(\.description) == [
            #"segments/c.pql:1:11: error: inSegment("a") makes a cycle: a → b → c → a; a segment cannot depend on itself"#,
        ])
    }
}
