import Foundation
import Testing

/// `cohort schema`, the schemas the template ships, and an independent validator's view of both.
@Suite struct EditorSchemaCommandTests {
    static let template = CohortProcess.repositoryRoot.appendingPathComponent("workspace-template")
    static let committed = template.appendingPathComponent(".vscode/schemas")
    static let regenerate = "swift run cohort schema --out workspace-template/.vscode/schemas"

    @Test func theTemplatesSchemasAreWhatCohortSchemaWrites() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("schemas")
        let first = try CohortProcess.run(["schema", "--out", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        let written = try Self.contents(of: out)
        #expect(written.count == 9, "a schema per definition kind and the test files' one")
        #expect(try CohortProcess.run(["schema", "--out", out.path]).status == 0)
        #expect(try Self.contents(of: out) == written, "a second run wrote other bytes")
        let shipped = try Self.contents(of: Self.committed)
        #expect(shipped.keys.sorted() == written.keys.sorted(), "run `\(Self.regenerate)`")
        for (name, bytes) in written.sorted(by: { $0.key < $1.key }) {
            #expect(shipped[name] == bytes, "workspace-template/.vscode/schemas/\(name) is stale: run `\(Self.regenerate)`")
        }
    }

    /// settings.json maps cohort.json and each definition folder's *.json to the schema of that kind.
    @Test func theTemplatesSettingsMapEachFolderToItsSchema() throws {
        let mapping = try Self.settingsMapping()
        var expected = ["/cohort.json": "./.vscode/schemas/cohort.schema.json"]
        for folder in ["schemas", "namespaces", "datasets", "merge-policies", "segments", "destinations", "policies",
                       "tests"] {
            expected["/\(folder)/*.json"] = "./.vscode/schemas/\(folder).schema.json"
        }
        #expect(mapping == expected)
    }

    @Test(.enabled(if: PythonJSONSchema.shouldRun, PythonJSONSchema.skipReason))
    func everyTemplateJSONFileValidatesAgainstItsSchema() throws {
        var pairs: [String: String] = [:]
        for (pattern, url) in try Self.settingsMapping() {
            let schema = Self.template.appendingPathComponent(String(url.dropFirst(2))).path
            for file in try Self.matching(pattern, in: Self.template) { pairs[file.path] = schema }
        }
        #expect(pairs.count >= 15, "the mapping matched too few template files")
        for folder in ["cohort.json", "schemas/", "namespaces/", "datasets/", "merge-policies/", "segments/",
                       "destinations/", "policies/", "tests/"] {
            #expect(pairs.keys.contains { $0.contains("workspace-template/" + folder) }, "no file checked in \(folder)")
        }
        let errors = try PythonJSONSchema.errors(pairs)
        #expect(errors.count == pairs.count)
        for (file, messages) in errors.sorted(by: { $0.key < $1.key }) {
            #expect(messages == [], "\(file)")
        }
    }

    /// A definition the schema accepts loads without warnings; one it rejects is refused by `cohort validate` too.
    @Test(.enabled(if: PythonJSONSchema.shouldRun, PythonJSONSchema.skipReason))
    func whatTheSchemaAcceptsLoadsAndWhatItRejectsIsRefused() throws {
        let cases: [(path: String, json: String, accepted: Bool)] = [
            ("datasets/extra.json", #"{"$schema": "../.vscode/schemas/datasets.schema.json", "id": "extra", "schema": "luma-crm", "format": "json", "errorThreshold": 5}"#, true),
            ("datasets/extra.json", #"{"id": "extra", "schema": "luma-crm", "format": "parquet"}"#, false),
            ("datasets/extra.json", #"{"id": "extra", "format": "json"}"#, false),
            ("datasets/extra.json", #"{"id": "extra", "schema": "luma-crm", "errorThreshold": 120}"#, false),
            // Hive's default delimiter, a control character, is one cohort reads; "," and a line break is two characters.
            ("datasets/extra.json", #"{"id": "extra", "schema": "luma-crm", "format": "csv", "csv": {"delimiter": "\u0001"}}"#, true),
            ("datasets/extra.json", #"{"id": "extra", "schema": "luma-crm", "format": "csv", "csv": {"delimiter": ",\n"}}"#, false),
            ("namespaces/shop.json", #"{"$schema": "x", "code": "shopId", "type": "cross_device", "limit": 2}"#, true),
            ("namespaces/shop.json", #"{"code": "shopId", "type": "person"}"#, false),
            ("namespaces/shop.json", #"{"code": "shop id", "type": "cookie"}"#, false),
            ("merge-policies/newest.json", #"{"id": "newest", "attributeMerge": {"type": "timestampOrdered"}}"#, true),
            ("merge-policies/newest.json", #"{"id": "newest", "attributeMerge": {"type": "newest"}}"#, false),
            ("segments/everyone.json", #"{"id": "everyone", "expression": {"type": "PQL", "format": "pql/text", "value": "true"}}"#, true),
            ("segments/everyone.json", #"{"id": "everyone", "description": "no expression"}"#, false),
            ("destinations/extra.json", #"{"id": "extra", "segments": ["gold-members"], "identity": {"namespace": "Email", "hash": "sha256"}}"#, true),
            ("destinations/extra.json", #"{"id": "extra", "segments": ["gold-members"], "identity": {"namespace": "Email", "hash": "md5"}}"#, false),
            ("destinations/extra.json", #"{"id": "extra", "segments": ["gold-members"], "mode": "delta"}"#, false),
            ("destinations/extra.json", #"{"id": "extra", "segments": []}"#, false),
            ("policies/extra.json", #"{"id": "extra", "marketingAction": "emailTargeting", "status": "DRAFT", "deny": {"label": "C9"}}"#, true),
            ("policies/extra.json", #"{"id": "extra", "marketingAction": "emailTargeting", "status": "ACTIVE", "deny": {"label": "C9"}}"#, false),
            ("policies/extra.json", #"{"id": "extra", "marketingAction": "emailTargeting"}"#, false),
            ("cohort.json", #"{"$schema": "./.vscode/schemas/cohort.schema.json", "name": "luma", "defaultMergePolicy": "default", "limits": {"identitiesPerGraph": 50}}"#, true),
            ("cohort.json", #"{"name": "luma", "defaultMergePolicy": "default", "limits": {"identitiesPerGraph": 0}}"#, false),
            ("cohort.json", #"{"name": "luma", "defaultMergePolicy": "default", "defaultCountry": "XX"}"#, false),
        ]
        let mapping = try Self.settingsMapping()
        for (path, json, accepted) in cases {
            let workspace = try CohortProcess.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: workspace) }
            #expect(try CohortProcess.run(["init", "--force", workspace.path]).status == 0)
            let file = workspace.appendingPathComponent(path)
            try Data(json.utf8).write(to: file)
            let pattern = try #require(mapping.keys.first { Self.matches($0, "/" + path) }, "no schema for \(path)")
            let schema = workspace.appendingPathComponent(String(try #require(mapping[pattern]).dropFirst(2)))
            let messages = try #require(try PythonJSONSchema.errors([file.path: schema.path])[file.path])
            #expect(messages.isEmpty == accepted, "jsonschema on \(path) \(json): \(messages)")
            let validate = try CohortProcess.run(["validate", "-C", workspace.path])
            #expect((validate.status == 0) == accepted,
                    "cohort validate on \(path) \(json): \(validate.stdout)\(validate.stderr)")
            if accepted { #expect(validate.stdout.contains("; 0 warnings"), "\(validate.stdout)") }
        }
    }

    /// A test file the schema accepts runs under `cohort test`; one it rejects (no `asOf`, or a dataset's records
    /// that are neither a list nor a file's text) is refused by `cohort test` too.
    @Test(.enabled(if: PythonJSONSchema.shouldRun, PythonJSONSchema.skipReason))
    func whatTheTestSchemaAcceptsRunsAndWhatItRejectsIsRefused() throws {
        // The template's own test, with the `$schema` key an editor adds.
        let shipped = try String(contentsOf: Self.template.appendingPathComponent("tests/gold-members.json"), encoding: .utf8)
        let accepted = shipped.replacingOccurrences(of: "{", with: #"{"$schema": "../.vscode/schemas/tests.schema.json", "#,
                                                    options: [], range: shipped.range(of: "{"))
        let cases = [(accepted, true), (#"{"expect": [{"segment": "gold-members", "members": ["Email:a@b.example"]}]}"#, false),
                     (#"{"asOf": "2026-11-21T00:00:00Z", "records": {"loyalty": 3}}"#, false)]
        for (json, isAccepted) in cases {
            let workspace = try CohortProcess.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: workspace) }
            #expect(try CohortProcess.run(["init", "--force", workspace.path]).status == 0)
            let tests = workspace.appendingPathComponent("tests")
            try FileManager.default.removeItem(at: tests)
            try FileManager.default.createDirectory(at: tests, withIntermediateDirectories: true)
            let file = tests.appendingPathComponent("one.json")
            try Data(json.utf8).write(to: file)
            let schema = workspace.appendingPathComponent(".vscode/schemas/tests.schema.json")
            let messages = try #require(try PythonJSONSchema.errors([file.path: schema.path])[file.path])
            #expect(messages.isEmpty == isAccepted, "jsonschema on \(json): \(messages)")
            let run = try CohortProcess.run(["test", "-C", workspace.path])
            #expect((run.status == 0) == isAccepted, "cohort test on \(json): \(run.stdout)\(run.stderr)")
        }
    }

    // MARK: Helpers

    static func contents(of folder: URL) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return try Dictionary(uniqueKeysWithValues: names.map {
            ($0, try Data(contentsOf: folder.appendingPathComponent($0)))
        })
    }

    /// settings.json's `json.schemas`: each fileMatch pattern and its schema's url.
    static func settingsMapping() throws -> [String: String] {
        let data = try Data(contentsOf: template.appendingPathComponent(".vscode/settings.json"))
        let settings = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(settings["json.schemas"] as? [[String: Any]])
        var mapping: [String: String] = [:]
        for entry in entries {
            let url = try #require(entry["url"] as? String)
            for pattern in try #require(entry["fileMatch"] as? [String]) { mapping[pattern] = url }
        }
        return mapping
    }

    /// VS Code's reading of a workspace-relative pattern such as `/datasets/*.json` (`*` within one folder).
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let patternParts = pattern.split(separator: "/")
        let pathParts = path.split(separator: "/")
        guard patternParts.count == pathParts.count else { return false }
        return zip(patternParts, pathParts).allSatisfy { pattern, part in
            guard let star = pattern.firstIndex(of: "*") else { return pattern == part }
            let prefix = pattern[..<star]
            let suffix = pattern[pattern.index(after: star)...]
            return part.count >= prefix.count + suffix.count && part.hasPrefix(prefix) && part.hasSuffix(suffix)
        }
    }

    static func matching(_ pattern: String, in root: URL) throws -> [URL] {
        let relatives = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
        return relatives.filter { matches(pattern, "/" + $0) }.sorted().map { root.appendingPathComponent($0) }
    }
}
