/// JSON Schemas (draft 2020-12) of every definition kind's JSON form and of `cohort.json`, for editors:
/// completion, hover descriptions and misspelt keys flagged as cohort's loaders would flag them.
/// Closed sets (namespace types, merge rules, formats, hashes…) are read from the enums the loaders
/// read into, so a schema cannot offer a value cohort refuses. `cohort schema --out DIR` writes them.
public enum EditorSchemas {
    /// One schema file: its name (the kind's folder, `cohort` or `tests`, then `.schema.json`) and its bytes.
    public struct File: Sendable, Equatable {
        public let name: String
        public let contents: String
    }

    /// Every kind's schema file, in `DefinitionKind` order, then the test files' (`tests.schema.json`);
    /// indented JSON with sorted keys, so the same cohort always writes the same bytes.
    public static func files() -> [File] {
        DefinitionKind.allCases.map { kind in
            File(name: fileName(for: kind), contents: JSONWriter.pretty(.object(schema(for: kind))))
        } + [File(name: "tests.schema.json", contents: JSONWriter.pretty(.object(testFileSchema)))]
    }

    /// The schema of a `cohort test` file's JSON form (`tests/*.json`).
    public static var testFileSchema: [String: Value] {
        var schema = TestFileKeys.schema
        schema["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        schema["title"] = .string("cohort test")
        return schema
    }

    /// `datasets.schema.json`, …, and `cohort.schema.json` for the settings.
    public static func fileName(for kind: DefinitionKind) -> String {
        (kind == .settings ? "cohort" : kind.folder) + ".schema.json"
    }

    /// The schema of one kind's JSON form.
    public static func schema(for kind: DefinitionKind) -> [String: Value] {
        let shape: JSONSchemaTerms.Schema
        switch kind {
        case .settings: shape = SettingsKeys.schema
        case .schema: shape = SchemaKeys.schema
        case .namespace: shape = NamespaceKeys.schema
        case .dataset: shape = DatasetKeys.schema
        case .mergePolicy: shape = MergePolicyKeys.schema
        case .segment: shape = SegmentKeys.schema
        case .destination: shape = DestinationKeys.schema
        case .policy: shape = PolicyKeys.schema
        }
        var schema = shape
        if kind != .settings { schema["patternProperties"] = bookkeepingPattern }
        schema["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        schema["title"] = .string(kind == .settings ? "cohort.json" : "cohort \(kind.displayName)")
        return schema
    }

    /// `$schema`, which every JSON definition and cohort.json accept: the file's editor schema.
    static func commonKeys() -> [(String, JSONSchemaTerms.Schema)] {
        let description = "The JSON Schema this file follows, for editors; cohort accepts and ignores it."
        return [("$schema", JSONSchemaTerms.string(description))]
    }

    /// What AEP's responses add to a definition (`AEPResponse.bookkeepingKeys`), which cohort passes
    /// over: accepted by a pattern, so that editors do not offer them.
    static var bookkeepingPattern: Value {
        .object(["^(" + AEPResponse.bookkeepingKeys.joined(separator: "|") + ")$": .object([
            "description": .string("Added by Adobe Experience Platform's API responses; cohort passes it over."),
        ])])
    }

    /// `id`, `name` and `description`, which most kinds share.
    static func identification(_ what: String) -> [(String, JSONSchemaTerms.Schema)] {
        [
            ("id", JSONSchemaTerms.id("The \(what)'s id; without it, the file name is the id")),
            ("name", JSONSchemaTerms.string("A display name; defaults to the id.")),
            ("description", JSONSchemaTerms.string("Free text for people; cohort does not read it.")),
        ]
    }
}
