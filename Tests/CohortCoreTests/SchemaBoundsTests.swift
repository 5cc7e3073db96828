import Testing
@testable import CohortCore

/// `exclusiveMinimum`/`exclusiveMaximum` are enforced by both ingest paths (the fast lane and the
/// validator) in both schema forms, and validation keywords cohort does not enforce are warnings.
@Suite struct SchemaBoundsTests {
    static let loaded = WorkspaceLoader.load([
        SourceFile(path: "schemas/draft6.json", text: """
            {"id": "draft6", "meta:class": "profile", "properties": {
              "id": {"type": "string"},
              "score": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}}}
            """),
        SourceFile(path: "schemas/draft4.json", text: """
            {"id": "draft4", "meta:class": "profile", "properties": {
              "id": {"type": "string"},
              "score": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": true}}}
            """),
        SourceFile(path: "schemas/xml.xml", text: """
            <schema id="xml" class="profile">
              <field path="id" type="string"/>
              <field path="score" type="number" exclusiveMinimum="0" exclusiveMaximum="1"/>
            </schema>
            """),
    ])

    @Test(arguments: ["draft6", "draft4", "xml"])
    func valuesOnAnExclusiveBoundAreRejectedByBothPaths(schemaID: String) throws {
        #expect(Self.loaded.diagnostics.isEmpty)
        let schema = try #require(Self.loaded.workspace.schema(schemaID))
        let validator = RecordValidator(schema: schema)
        let fastLane = SchemaRecordReader(schema: schema, validator: validator)
        for (score, kept) in [("0", false), ("1", false), ("-3", false), ("1.5", false), ("0.5", true), ("0.000001", true)] {
            let text = #"{"id": "a", "score": \#(score)}"#
            guard case .success(let node) = JSONParser.parse(text, file: "r.json") else {
                Issue.record("bad fixture \(text)")
                continue
            }
            let outcome = validator.validate(Value(node))
            #expect((outcome.record != nil) == kept, "\(schemaID) \(score): \(outcome.errors)")
            #expect((fastLane.read(Array(text.utf8)) != nil) == kept, "\(schemaID) \(score): the fast lane")
        }
        let onBound = validator.validate(.object(["id": .string("a"), "score": .integer(0)]))
        #expect(onBound.errors == ["score: 0 is not more than 0 (exclusiveMinimum)"])
    }

    @Test func keywordsCohortDoesNotEnforceAreWarnings() {
        let result = WorkspaceLoader.load([SourceFile(path: "schemas/s.json", text: """
            {"id": "s", "meta:class": "profile", "properties": {
              "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": true},
              "kind": {"type": "string", "const": "a"},
              "n": {"type": "integer", "multipleOf": 2, "exclusiveMinimum": false},
              "x": {"type": "number", "exclusiveMaximum": true}}}
            """)])
        let messages = result.diagnostics.map(\.description)
        #expect(result.errors.isEmpty)
        #expect(messages.count == 5)
        for (key, path) in [("minItems", "tags"), ("uniqueItems", "tags"), ("const", "kind"), ("multipleOf", "n")] {
            #expect(messages.contains { $0.contains("warning: `\(key)` of `\(path)` is not enforced") }, "\(key)")
        }
        #expect(messages.contains { $0.contains("warning: `exclusiveMaximum`: true has no effect without `maximum`") })
    }

    @Test func anExclusiveBoundOfTheWrongTypeIsAnError() {
        let result = WorkspaceLoader.load([SourceFile(path: "schemas/s.json", text: """
            {"id": "s", "meta:class": "profile", "properties": {"n": {"type": "number", "exclusiveMinimum": "0"}}}
            """)])
        #expect(result.errors.map(\.description) == [
            #"schemas/s.json:1:97: error: `exclusiveMinimum` must be a number, found a string"#,
        ])
    }
}
