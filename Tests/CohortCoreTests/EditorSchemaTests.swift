@testable import CohortCore
import Foundation
import Testing

/// The editor schemas describe what the loaders read: every described key is one a loader knows,
/// every top-level key a loader asks for is described, and every property says what it is for.
@Suite struct EditorSchemaTests {
    @Test(arguments: DefinitionKind.allCases)
    func everyPropertyHasADescription(kind: DefinitionKind) {
        var missing: [String] = []
        Self.walkProperties(of: .object(EditorSchemas.schema(for: kind)), path: "") { path, property in
            if case .object(let members) = property, case .string(let text)? = members["description"], !text.isEmpty {
                return
            }
            missing.append(path)
        }
        #expect(missing == [], "\(EditorSchemas.fileName(for: kind)): properties without a description")
    }

    /// Each described key, alone in a definition with a null value (wrapped in the objects and arrays that lead to
    /// it), is read by the loader: no "unknown key" warning names it.
    @Test(arguments: DefinitionKind.allCases)
    func everyDescribedKeyIsOneTheLoaderKnows(kind: DefinitionKind) throws {
        var documents: [(path: String, json: String)] = []
        Self.documents(for: .object(EditorSchemas.schema(for: kind)), root: .object(EditorSchemas.schema(for: kind))) {
            path, json in documents.append((path, json))
        }
        #expect(documents.count >= 5)
        for (path, json) in documents {
            let result = WorkspaceLoader.load([SourceFile(path: Self.filePath(for: kind), text: json)])
            let unknown = result.warnings.filter { $0.message.contains("unknown") }
            #expect(unknown.isEmpty, "\(path) in \(json): \(unknown.map(\.message))")
        }
    }

    /// The keys a loader asks for at the top of a definition are all described.
    @Test(arguments: DefinitionKind.allCases)
    func everyKeyTheLoaderReadsIsDescribed(kind: DefinitionKind) throws {
        let schema = EditorSchemas.schema(for: kind)
        guard case .object(let properties)? = schema["properties"] else { Issue.record("no properties"); return }
        let described = Set(properties.keys)
        var read: Set<String> = []
        // Each described key alone, so that every branch of the loader that a key opens is taken.
        for key in described.sorted() {
            read.formUnion(try Self.keysRead(kind: kind, json: "{\(Self.quoted(key)): null}"))
        }
        #expect(read.subtracting(described).subtracting(AEPResponse.bookkeepingKeys).sorted() == [],
                "read by the loader but not described in \(EditorSchemas.fileName(for: kind))")
        #expect(described.subtracting(read).sorted() == [], "described but never read")
    }

    @Test func closedSetsComeFromTheLoadersEnums() throws {
        let namespace = EditorSchemas.schema(for: .namespace)
        guard case .object(let properties)? = namespace["properties"], case .object(let type)? = properties["type"] else {
            Issue.record("no namespace type"); return
        }
        #expect(type["enum"] == .array(Namespace.IdentityType.allCases.map { .string($0.rawValue) }))
        #expect(EditorSchemas.files().map(\.name) == [
            "cohort.schema.json", "schemas.schema.json", "namespaces.schema.json", "datasets.schema.json",
            "merge-policies.schema.json", "segments.schema.json", "destinations.schema.json", "policies.schema.json",
            "tests.schema.json",
        ])
        #expect(EditorSchemas.files() == EditorSchemas.files())
    }

    /// A CSV delimiter or quote the schema allows is one the loader accepts, and the other way round:
    /// every ASCII character (controls included), a non-ASCII one and two characters.
    @Test func csvCharactersAllowedAreTheOnesTheLoaderAccepts() throws {
        guard case .object(let properties)? = EditorSchemas.schema(for: .dataset)["properties"],
              case .object(let csv)? = properties["csv"], case .object(let options)? = csv["properties"],
              case .object(let delimiter)? = options["delimiter"], case .string(let pattern)? = delimiter["pattern"] else {
            Issue.record("no csv delimiter in the dataset schema"); return
        }
        let regex = try NSRegularExpression(pattern: pattern)
        let candidates = (0...127).map { String(Unicode.Scalar(UInt8($0))) } + ["é", ";;"]
        for candidate in candidates {
            let length = candidate.unicodeScalars.count
            let range = NSRange(candidate.startIndex..., in: candidate)
            let allowed = regex.firstMatch(in: candidate, range: range) != nil
                && delimiter["minLength"] == .integer(1) && delimiter["maxLength"] == .integer(1) && length == 1
            var text = ""
            JSONWriter.writeString(candidate, to: &text)
            let loaded = WorkspaceLoader.load([SourceFile(path: "datasets/d.json",
                                                          text: #"{"id": "d", "schema": "s", "format": "csv", "csv": {"delimiter": \#(text)}}"#)])
            let accepted = !loaded.diagnostics.contains { $0.message.contains("must be a single ASCII character") }
            #expect(allowed == accepted, "\(candidate.unicodeScalars.map(\.value))")
        }
    }

    @Test func schemaKeyIsAcceptedInEveryJSONDefinitionAndListWithoutWarning() {
        let files = [
            SourceFile(path: "cohort.json", text: #"{"$schema": "./.vscode/schemas/cohort.schema.json", "name": "w"}"#),
            SourceFile(path: "namespaces/shop.json", text: #"{"$schema": "x", "code": "shopId", "type": "cross_device"}"#),
            SourceFile(path: "segments/all.json", text: #"{"$schema": "x", "segments": [{"id": "all", "expression": {"value": "true"}}]}"#),
            SourceFile(path: "merge-policies/m.json", text: #"{"$schema": "x", "id": "m", "default": true}"#),
        ]
        let result = WorkspaceLoader.load(files)
        #expect(result.diagnostics.filter { $0.message.contains("$schema") } == [])
        #expect(result.workspace.segments.map(\.id.value) == ["all"])
    }

    // MARK: Helpers

    static func filePath(for kind: DefinitionKind) -> String {
        kind == .settings ? "cohort.json" : "\(kind.folder)/probe.json"
    }

    static func quoted(_ key: String) -> String { JSONWriter.string(.string(key)) }

    /// Calls every property (with its dotted path) of a schema and of the objects inside it.
    static func walkProperties(of schema: Value, path: String, _ visit: (String, Value) -> Void) {
        guard case .object(let members) = schema else { return }
        if case .object(let properties)? = members["properties"] {
            for (key, property) in properties.sorted(by: { $0.key < $1.key }) {
                let inner = path.isEmpty ? key : path + "." + key
                visit(inner, property)
                walkProperties(of: property, path: inner, visit)
            }
        }
        for key in ["items", "additionalProperties"] {
            if let nested = members[key] { walkProperties(of: nested, path: path + "[\(key)]", visit) }
        }
        if case .object(let definitions)? = members["$defs"] {
            for (name, definition) in definitions { walkProperties(of: definition, path: "$defs." + name, visit) }
        }
    }

    /// For each property, a JSON document holding only that key (null), inside the keys that lead to it.
    static func documents(for schema: Value, root: Value, wrap: @escaping (String) -> String = { $0 }, path: String = "",
                          depth: Int = 0, _ emit: (String, String) -> Void) {
        guard depth < 4, case .object(var members) = schema else { return }
        if case .string(let reference)? = members["$ref"], reference.hasPrefix("#/$defs/"),
           case .object(let rootMembers) = root, case .object(let definitions)? = rootMembers["$defs"],
           case .object(let target)? = definitions[String(reference.dropFirst("#/$defs/".count))] {
            members = target
        }
        guard case .object(let properties)? = members["properties"] else { return }
        for (key, property) in properties.sorted(by: { $0.key < $1.key }) {
            let inner = path.isEmpty ? key : path + "." + key
            emit(inner, wrap("{\(quoted(key)): null}"))
            let field = { (value: String) in wrap("{\(quoted(key)): \(value)}") }
            documents(for: property, root: root, wrap: field, path: inner, depth: depth + 1, emit)
            if case .object(let members) = property, let items = members["items"] {
                documents(for: items, root: root, wrap: { field("[\($0)]") }, path: inner + "[]", depth: depth + 1, emit)
            }
        }
    }

    /// The keys the kind's loader asked for at the top of a JSON definition.
    static func keysRead(kind: DefinitionKind, json: String) throws -> Set<String> {
        let file = SourceFile(path: filePath(for: kind), text: json)
        let node = try JSONParser.parse(file.bytes, file: file.path).get()
        let object = try #require(DefinitionObject(json: node, sink: DiagnosticSink(), what: "probe"))
        switch kind {
        case .settings: _ = SettingsLoader.load(object, file: file)
        case .schema: _ = XEDSchemaReader.load(object, file: file, registry: XDMRegistry(files: []))
        case .namespace: _ = NamespaceLoader.load(object, file: file)
        case .dataset: _ = DatasetLoader.load(object, file: file)
        case .mergePolicy: _ = MergePolicyLoader.load(object, file: file)
        case .segment: _ = SegmentLoader.load(object, file: file)
        case .destination: _ = DestinationLoader.load(object, file: file)
        case .policy: _ = PolicyLoader.load(object, file: file)
        }
        // What WorkspaceLoader marks as known for every JSON definition.
        return object.readKeys.union(["$schema"])
    }
}
