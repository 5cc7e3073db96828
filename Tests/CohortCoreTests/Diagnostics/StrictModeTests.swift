import Testing
@testable import CohortCore

/// Strict mode: unknown keys, attributes and elements are warnings that name the key (and a close
/// known one) by default, and errors with `strict` or `"strict": true` in the settings.
@Suite struct StrictModeTests {
    /// The JSON or XML forms' workspace with some files replaced or added.
    static func files(_ base: [SourceFile], _ changes: [String: String]) -> [SourceFile] {
        let kept = base.filter { changes[$0.path] == nil }
        return kept + changes.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) }
    }

    static let unknownXMLAttribute = """
        <segment id="gold" name="Gold" mergePolicy="default" excludeOptOut="true">
          <pql>loyalty.tier = "gold"</pql>
        </segment>
        """

    @Test func mergePolicyInsteadOfMergePolicyIdWarnsNamingBothByDefault() throws {
        let result = WorkspaceLoader.load(Self.files(JSONAndXMLFormsTests.xmlFiles, ["segments/gold.xml": Self.unknownXMLAttribute]))
        #expect(!result.hasErrors)
        let warning = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(warning.description == "segments/gold.xml:1:32: warning: unknown attribute `mergePolicy` is ignored; did you mean `mergePolicyId`?")
        #expect(warning.code == .unknownKey)
        #expect(warning.hint == "did you mean `mergePolicyId`?")
        #expect(warning.end == SourceLocation(file: "segments/gold.xml", line: 1, column: 32 + "mergePolicy".count))
    }

    @Test func strictModeMakesTheUnknownAttributeAnError() throws {
        let files = Self.files(JSONAndXMLFormsTests.xmlFiles, ["segments/gold.xml": Self.unknownXMLAttribute])
        let result = WorkspaceLoader.load(files, strict: true)
        #expect(result.definitionErrors.map(\.description) == [
            "segments/gold.xml:1:32: error: unknown attribute `mergePolicy` is not allowed in strict mode; did you mean `mergePolicyId`?",
        ])
        #expect(result.errors.first?.code == .unknownKey)
    }

    /// Unknown keys in several kinds of definition, at the top and nested, JSON and XML.
    static let unknownKeys: [String: String] = [
        "datasets/orders.json": #"{"id": "orders", "schema": "orders", "format": "ndjson", "colour": "red"}"#,
        "namespaces/crm.json": #"{"code": "crm", "type": "cross_device", "unqiue": true}"#,
        "merge-policies/default.json": #"{"id": "default", "identityGraph": {"type": "pdg", "depth": 2}, "default": true}"#,
        "destinations/email.json": """
            {"id": "email", "segments": ["gold"], "identity": {"namespace": "Email"},
             "mappings": [{"source": "loyalty.tier", "target": "tier", "format": "upper"}]}
            """,
    ]

    @Test func unknownJSONKeysInEveryKindAreWarningsThenErrorsInStrictMode() {
        let files = Self.files(JSONAndXMLFormsTests.jsonFiles, Self.unknownKeys)
        let expected = [
            "datasets/orders.json:1:58: %@ key `colour` %@",
            "destinations/email.json:2:60: %@ key `format` %@",
            "merge-policies/default.json:1:52: %@ key `depth` %@",
            "namespaces/crm.json:1:41: %@ key `unqiue` %@; did you mean `unique`?",
        ]
        func rendered(_ severity: String, _ what: String) -> [String] {
            expected.map { line in
                var line = line
                line.replace("%@", with: "\(severity): unknown", maxReplacements: 1)
                line.replace("%@", with: what, maxReplacements: 1)
                return line
            }
        }
        let relaxed = WorkspaceLoader.load(files)
        #expect(relaxed.diagnostics.map(\.description) == rendered("warning", "is ignored"))
        #expect(!relaxed.hasErrors)
        let strict = WorkspaceLoader.load(files, strict: true)
        #expect(strict.diagnostics.map(\.description) == rendered("error", "is not allowed in strict mode"))
        #expect(strict.diagnostics.allSatisfy { $0.code == .unknownKey && $0.severity == .error })
    }

    @Test func unknownXMLElementsAndAttributesInSeveralKindsAreErrorsInStrictMode() {
        let files = Self.files(JSONAndXMLFormsTests.xmlFiles, [
            "namespaces/crm.xml": #"<namespace code="crm" type="cross_device" prority="5"/>"#,
            "destinations/email.xml": """
                <destination id="email" type="file" format="csv">
                  <segments><segment>gold</segment><segmnt>gold</segmnt></segments>
                  <identity namespace="Email"/>
                  <colour>red</colour>
                </destination>
                """,
        ])
        let relaxed = WorkspaceLoader.load(files)
        #expect(relaxed.diagnostics.map(\.description) == [
            "destinations/email.xml:2:36: warning: unknown element <segmnt> in <segments> is ignored; expected <segment>",
            "destinations/email.xml:4:3: warning: unknown element <colour>, key `colour` is ignored",
            "namespaces/crm.xml:1:43: warning: unknown attribute `prority` is ignored; did you mean `priority`?",
        ])
        let strict = WorkspaceLoader.load(files, strict: true)
        #expect(strict.errors.count == 3)
        #expect(strict.warnings.isEmpty)
        #expect(strict.errors.allSatisfy { $0.code == .unknownKey })
    }

    @Test func theSettingsFileTurnsStrictModeOnForEveryFileIncludingItself() {
        for settings in [
            SourceFile(path: "cohort.json", text: #"{"name": "shop", "strict": true, "defaultMergePolicy": "default", "colour": 1}"#),
            SourceFile(path: "cohort.xml", text: #"<cohort name="shop" strict="true" defaultMergePolicy="default" colour="1"/>"#),
        ] {
            let files = Self.files(JSONAndXMLFormsTests.jsonFiles.filter { $0.path != "cohort.json" }, Self.unknownKeys) + [settings]
            let result = WorkspaceLoader.load(files)
            #expect(result.workspace.settings.strict)
            #expect(result.errors.count == 5)
            #expect(result.errors.contains { $0.location.file == settings.path && $0.message.hasPrefix("unknown ") })
            #expect(result.warnings.isEmpty)
        }
    }

    @Test func strictFalseInTheSettingsDoesNotOverrideTheCommandLine() {
        let files = Self.files(JSONAndXMLFormsTests.jsonFiles, Self.unknownKeys.merging([
            "cohort.json": #"{"name": "shop", "strict": false, "defaultMergePolicy": "default"}"#,
        ]) { $1 })
        #expect(WorkspaceLoader.load(files).errors.isEmpty)
        #expect(WorkspaceLoader.load(files, strict: true).errors.count == 4)
    }

    @Test func strictMustBeABoolean() {
        let files = Self.files(JSONAndXMLFormsTests.jsonFiles, ["cohort.json": #"{"name": "shop", "strict": "yes"}"#])
        let errors = WorkspaceLoader.load(files).errors
        #expect(errors.map(\.description) == [#"cohort.json:1:28: error: `strict` must be true or false, found a string"#])
        #expect(errors.first?.code == .badValue)
    }

    @Test func strictModeLeavesOtherWarningsWarnings() {
        // A file cohort does not read, and a label that is only close to a standard one, stay warnings.
        let files = Self.files(JSONAndXMLFormsTests.jsonFiles, [
            "segments/notes.txt": "not a segment",
            "datasets/orders.json": #"{"id": "orders", "schema": "orders", "labels": ["C1O"]}"#,
        ])
        let result = WorkspaceLoader.load(files, strict: true)
        #expect(!result.hasErrors)
        #expect(result.warnings.map(\.code) == [.invalid, .ignoredFile])
        #expect(result.warnings.first?.hint == "did you mean `C1`?")
    }
}
