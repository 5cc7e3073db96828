import Testing
@testable import CohortCore

@Suite struct JSONParserTests {
    private func parse(_ text: String) -> Result<JSONNode, Diagnostic> {
        JSONParser.parse(text, file: "f.json")
    }

    private func error(_ text: String) -> String? {
        if case .failure(let diagnostic) = parse(text) { return "\(diagnostic.location.line):\(diagnostic.location.column) \(diagnostic.message)" }
        return nil
    }

    @Test func everyValueAndKeyKnowsItsPosition() throws {
        let node = try parse("{\n  \"a\": [1, true,\n    {\"b\": null}],\n  \"é\": \"x\"\n}").get()
        let members = try #require(node.members)
        #expect(members.map(\.key) == ["a", "é"])
        #expect(members[0].keyLocation == SourceLocation(file: "f.json", line: 2, column: 3))
        let array = try #require(members[0].value.elements)
        #expect(array.map(\.location.column) == [9, 12, 5])
        #expect(array[2].location.line == 3)
        #expect(members[1].value.location == SourceLocation(file: "f.json", line: 4, column: 8))
    }

    @Test func numbersKeepTheirText() throws {
        let node = try parse("[0, -12, 3.50, 1e3, 2E-2]").get()
        let literals = try #require(node.elements).map { element -> String in
            if case .number(let literal) = element.value { return literal }
            return "?"
        }
        #expect(literals == ["0", "-12", "3.50", "1e3", "2E-2"])
    }

    @Test func escapesDecodeAndKeepPositions() throws {
        let node = try parse(#"{"k": "a\"b\u00e9\ud83d\ude00c\nd"}"#).get()
        let text = try #require(node["k"]?.stringValue)
        #expect(text.text == "a\"bé😀c\nd")
        // "c" comes after the 12-character surrogate-pair escape: column 8 + 1 + 2 + 1 + 6 + 12 = 30.
        let cOffset = Array(text.text.utf8).firstIndex(of: UInt8(ascii: "c"))!
        #expect(text.location(atUTF8Offset: cOffset).column == 30)
        let dOffset = Array(text.text.utf8).firstIndex(of: UInt8(ascii: "d"))!
        #expect(text.location(atUTF8Offset: dOffset) == SourceLocation(file: "f.json", line: 1, column: 33))
    }

    @Test func syntaxErrorsSayWhereAndWhatWasExpected() {
        #expect(error("") == "1:1 the file is empty; expected a JSON value")
        #expect(error("{\"a\": 1,}") == "1:9 unexpected '}'; expected a member name in double quotes")
        #expect(error("{\"a\" 1}") == "1:6 unexpected '1'; expected ':' after the member name \"a\"")
        #expect(error("[1 2]") == "1:4 unexpected '2'; expected ',' or ']' in the array")
        #expect(error("{\"a\": tru}") == "1:7 unexpected token; expected a value such as `true` (JSON literals are lowercase and strings need double quotes)")
        #expect(error("{\"a\": 'x'}") == "1:7 unexpected '''; expected a value (object, array, string, number, true, false or null)")
        #expect(error("[\"abc") == "1:2 unexpected end of file; the string that starts here is not closed with '\"'")
        #expect(error("[\n  {\"a\": 1}\n") == "3:1 unexpected end of file; the array opened at line 1, column 1 is not closed with ']'")
        #expect(error("{\"a\": 1, \"a\": 2}") == "1:10 duplicate key \"a\" in this object")
        #expect(error("[01]") == "1:3 a number cannot have a leading zero")
        #expect(error("[\"\\x\"]") == "1:3 unknown escape sequence '\\x'; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
        #expect(error("{} {}") == "1:4 unexpected '{' after the end of the JSON value")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(error(deep)?.hasSuffix("values are nested more than 256 levels deep") == true)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let node = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8), file: "f.json").get()
        #expect(node.location.column == 1)
        #expect(node["a"] != nil)
    }
}
