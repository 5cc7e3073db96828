import Testing
@testable import CohortCore

/// AEP's pql/json tree form: read from Adobe's documented example, written from text and read back.
@Suite struct PQLJSONTests {
    static func tree(_ json: String) throws -> JSONNode {
        try JSONParser.parse(Array(json.utf8), file: "t.json").get()
    }

    /// The Flow Service guide's filter ("Specify filtering conditions for ingestion").
    @Test func adobesDocumentedTreeReadsAsText() throws {
        let node = try Self.tree("""
            {"nodeType": "fnApply", "fnName": "=", "params": [{"nodeType": "fieldLookup", "fieldName": "city"}, {"nodeType": "literal", "value": "DDN"}]}
            """)
        #expect(try PQLJSON.text(from: node).get().text == #"city = "DDN""#)
    }

    @Test(arguments: [
        #"city = "DDN""#,
        #"loyalty.points >= 100 and not (person.gender != "female")"#,
        #"tier in ["gold", "platinum"] or tier notIn [1, 2.5, true, null]"#,
        #"(a = 1 or b = 2) and c < 3 and d.e > -4"#,
        #"firstName like "J%" and isVip = true"#,
    ])
    func textGoesToTheTreeAndBack(_ text: String) throws {
        let parsed = try PQLParser.parse(text).get()
        let tree = try PQLJSON.tree(from: parsed).get()
        let back = try PQLJSON.text(from: Self.tree(JSONWriter.string(tree))).get().text
        // The text read back means the same: it gives the same tree.
        #expect(try PQLJSON.tree(from: PQLParser.parse(back).get()).get() == tree, "\(text) → \(back)")
    }

    @Test func andAndOrKeepTheirGrouping() throws {
        let tree = try PQLJSON.tree(from: PQLParser.parse("(a = 1 or b = 2) and c = 3").get()).get()
        #expect(try PQLJSON.text(from: Self.tree(JSONWriter.string(tree))).get().text == "(a = 1 or b = 2) and c = 3")
    }

    @Test func whatTheTreeCannotHoldIsAnErrorAtItsPlace() throws {
        let error = try #require(PQLJSON.tree(from: PQLParser.parse("a = 1 and xEvent.count() > 1").get()).failure)
        #expect(error.offset == 10)
        #expect(error.message.hasPrefix("this cannot be written in the pql/json form"))
        // A parent reference is no field the tree can name.
        let parent = try #require(PQLJSON.tree(from: PQLParser.parse("b = 2 or ^^.a = 1").get()).failure)
        #expect(parent.offset == 9)
    }

    @Test(arguments: [
        (#"{"fnName": "="}"#, "t.json:1:1: error: expected a pql/json node: an object with `nodeType` \"fnApply\", \"fieldLookup\" or \"literal\""),
        (#"{"nodeType": "fieldLookup", "fieldName": "a..b"}"#, "t.json:1:1: error: a fieldLookup needs `fieldName`: a field's dotted path such as \"homeAddress.city\""),
        (#"{"nodeType": "fnApply", "fnName": "=", "params": [{"nodeType": "literal", "value": 1}]}"#, "t.json:1:1: error: `=` takes two parameters, found 1"),
        (#"{"nodeType": "literal", "value": {"a": 1}}"#, "t.json:1:34: error: a literal's `value` is a string, number, boolean, null or an array of them"),
        (#"{"nodeType": "lookup"}"#, "t.json:1:14: error: unknown nodeType \"lookup\"; expected \"fnApply\", \"fieldLookup\" or \"literal\""),
    ])
    func badTreesAreErrorsAtTheirNode(_ json: String, _ expected: String) throws {
        #expect(try PQLJSON.text(from: Self.tree(json)).failure?.description == expected)
    }

    /// A problem the checker finds in a tree's text is reported at the tree's node, not at a column
    /// of text the file does not have.
    @Test func aCheckErrorInATreePointsAtItsNode() {
        let result = WorkspaceLoader.load(JSONAndXMLFormsTests.jsonFiles + [
            SourceFile(path: "segments/tree.json", text: """
                {"expression": {"type": "PQL", "format": "pql/json", "value": {"nodeType": "fnApply", "fnName": "and", "params": [
                  {"nodeType": "fnApply", "fnName": "=", "params": [{"nodeType": "fieldLookup", "fieldName": "loyalty.tier"}, {"nodeType": "literal", "value": "gold"}]},
                  {"nodeType": "fnApply", "fnName": ">", "params": [{"nodeType": "fieldLookup", "fieldName": "loyalty.pointz"}, {"nodeType": "literal", "value": 1}]}]}}}
                """),
        ])
        #expect(result.errors.map(\.description) == [
            "segments/tree.json:3:53: error: unknown field `loyalty.pointz` in profiles; did you mean `loyalty.points`?",
        ])
    }

    @Test func segmentsLoadWithPqlJSONAsATreeOrAsText() {
        let result = WorkspaceLoader.load(JSONAndXMLFormsTests.jsonFiles + [
            SourceFile(path: "segments/tree.json", text: """
                {"name": "Tree", "expression": {"type": "PQL", "format": "pql/json", "value":
                  {"nodeType": "fnApply", "fnName": "=", "params": [{"nodeType": "fieldLookup", "fieldName": "loyalty.tier"}, {"nodeType": "literal", "value": "gold"}]}}}
                """),
            // As AEP's responses also write it: the text under pql/json.
            SourceFile(path: "segments/text.json", text: #"{"name": "Text", "expression": {"type": "PQL", "format": "pql/json", "value": "loyalty.points > 10"}}"#),
            SourceFile(path: "segments/bad.json", text: #"{"expression": {"type": "PQL", "format": "pql/json", "value": {"nodeType": "x"}}}"#),
        ])
        #expect(result.workspace.segment("tree")?.expression.text == #"loyalty.tier = "gold""#)
        #expect(result.workspace.segment("text")?.expression.text == "loyalty.points > 10")
        #expect(result.errors.map(\.description) == [#"segments/bad.json:1:76: error: unknown nodeType "x"; expected "fnApply", "fieldLookup" or "literal""#])
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
