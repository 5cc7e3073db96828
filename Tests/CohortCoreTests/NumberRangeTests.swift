import Testing
@testable import CohortCore

/// Numbers too large for what holds them are errors everywhere they are written: CSV and XML text,
/// schema bounds, PQL literals. None becomes infinity or a rounded integer.
@Suite struct NumberRangeTests {
    let person = RecordValidator(schema: RecordValidatorTests.schemas.schema("person")!)
    static let tooWide = "does not fit a 64-bit integer (-9223372036854775808 to 9223372036854775807)"

    @Test func textTooLargeForItsFieldIsRejectedSayingWhy() {
        let outcome = person.validate(textFields: [("crmId", "c-42"), ("loyalty.points", "9223372036854775808"),
                                                   ("score", "-1e400")])
        #expect(outcome.record == nil)
        #expect(outcome.errors == [
            "loyalty.points: \"9223372036854775808\" \(Self.tooWide)",
            "score: \"-1e400\" is out of range (a number is at most ±1.8e308)",
        ])
        let words = person.validate(textFields: [("crmId", "c-42"), ("loyalty.points", "+12x"), ("score", "nan")])
        #expect(words.errors == ["loyalty.points: \"+12x\" is not a whole number", "score: \"nan\" is not a number"])
        let edge = person.validate(textFields: [("crmId", "c-42"), ("loyalty.points", "9223372036854775807"),
                                                ("score", "-1e300")])
        #expect(edge.errors == [])
    }

    @Test func jsonTooLargeForItsFieldIsRejectedSayingWhy() throws {
        let text = #"{"crmId": "c-42", "loyalty": {"points": 1E400}, "score": -1e400}"#
        guard case .success(let node) = JSONParser.parse(text, file: "r.json") else {
            Issue.record("not JSON")
            return
        }
        #expect(person.validate(Value(node)).errors == [
            "loyalty.points: the number \(Self.tooWide)",
            "score: the number is out of range (a number is at most ±1.8e308)",
        ])
    }

    @Test func definitionsWithNumbersTooLargeAreLocatedErrors() {
        let result = WorkspaceLoader.load([
            SourceFile(path: "schemas/s.json", text: """
                {"id": "s", "meta:class": "profile", "properties": {
                  "a": {"type": "number", "minimum": -1e400},
                  "b": {"type": "string", "maxLength": 99999999999999999999}}}
                """),
            SourceFile(path: "schemas/x.xml", text: """
                <schema id="x" class="profile">
                  <field path="c" type="number" maximum="2e308"/>
                </schema>
                """),
        ])
        #expect(result.diagnostics.map(\.description) == [
            "schemas/s.json:2:38: error: `minimum` is -1e400, which is out of range (a number is at most ±1.8e308)",
            "schemas/s.json:3:40: error: `maxLength` is 99999999999999999999, which \(Self.tooWide)",
            "schemas/x.xml:2:41: error: `maximum` is 2e308, which is out of range (a number is at most ±1.8e308)",
        ])
    }

    @Test func aPQLNumberTooLargeForADoubleIsAnErrorAtItsPlace() {
        let huge = "1" + String(repeating: "0", count: 400)
        guard case .failure(let error) = PQLParser.parse("loyalty.points > \(huge)") else {
            Issue.record("a number beyond a double was accepted")
            return
        }
        #expect(error.offset == 17)
        #expect(error.message == "the number \(huge) is out of range (a number is at most ±1.8e308)")
        #expect((try? PQLParser.parse("loyalty.points > 1" + String(repeating: "0", count: 300)).get()) != nil)
    }
}
