import Testing
@testable import CohortCore

/// How `cohort query` spreads a value expression over profiles.
@Suite struct ValueDistributionTests {
    @Test func numbersHaveARangeAndAMean() {
        var distribution = ValueDistribution()
        for value: PQLValue in [.number(2), .number(10), .missing, .number(3), .number(2)] { distribution.add(value) }
        #expect(distribution.profiles == 5)
        #expect(distribution.withValue == 4)
        #expect(distribution.minimum == 2 && distribution.maximum == 10 && distribution.mean == 4.25)
        #expect(distribution.topValues(2).map { "\($0.text)=\($0.count)" } == ["2=2", "10=1"])  // then by text: "10" < "3"
        #expect(distribution.lines(expression: "x", limit: 2) == [
            "x: 4 of 5 profiles have a value",
            "  numbers: 4, min 2, max 10, mean 4.25",
            "  3 distinct values, the 2 most common:",
            "    2   2",
            "    10  1",
        ])
    }

    @Test func aListCountsEachDistinctItemOncePerProfile() {
        var distribution = ValueDistribution()
        distribution.add(.list([.string("golf"), .string("golf"), .string("yoga")]))
        distribution.add(.list([.string("golf")]))
        distribution.add(.list([]))
        distribution.add(.map([]))
        #expect(distribution.withValue == 2)
        #expect(distribution.topValues(5).map { "\($0.text)=\($0.count)" } == [#""golf"=2"#, #""yoga"=1"#])
        #expect(distribution.minimum == nil && distribution.mean == nil)
    }

    @Test func eventsCountAndTheJSONKeepsTypes() {
        var distribution = ValueDistribution()
        distribution.add(.events([PackedValue.emptyObject, PackedValue.emptyObject]))
        distribution.add(.string("gold"))
        distribution.add(.bool(true))
        distribution.add(.time(0))
        #expect(JSONWriter.string(distribution.json(limit: 10)) == #"{"distinctValues":4,"numbers":{"count":1,"max":2,"mean":2,"min":2},"profiles":4,"#
            + #""values":[{"count":1,"value":"gold"},{"count":1,"value":"1970-01-01T00:00:00Z"},{"count":1,"value":2},{"count":1,"value":true}],"withValue":4}"#)
    }

    @Test func aFilterOrABooleanIsAConditionAndABareFieldIsAValue() throws {
        let environment = PQLCheckerTests.environment
        func isValue(_ text: String) throws -> Bool {
            let node = try PQLParser.parse(text).get()
            return ValueDistribution.isValue(node, of: PQLChecker.check(node, in: environment, allowingValues: true).type)
        }
        #expect(try isValue("loyalty.tier"))
        #expect(try isValue("xEvent.count()"))
        #expect(try !isValue(#"loyalty.tier = "gold""#))
        #expect(try !isValue(#"xEvent[eventType = "x"]"#))
        #expect(try !isValue("isVip"))
    }
}
