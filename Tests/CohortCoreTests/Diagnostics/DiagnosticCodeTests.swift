import Foundation
import Testing
@testable import CohortCore

/// Every diagnostic has a stable code from a closed set; the README documents each one.
@Suite struct DiagnosticCodeTests {
    static func code(of result: WorkspaceLoader.Result, startingWith prefix: String) -> DiagnosticCode? {
        result.diagnostics.first { $0.message.hasPrefix(prefix) }?.code
    }

    @Test func theMistakesOfTheDiagnosticsWorkspaceHaveTheirCodes() {
        let result = WorkspaceLoader.load(DiagnosticsWorkspaceTests.files)
        let expected: [(String, DiagnosticCode)] = [
            ("unknown schema \"persn\"", .unknownReference),
            ("duplicate dataset id", .duplicateID),
            ("`profile` must be true or false", .badValue),
            ("unknown field \"timestmp\"", .unknownField),
            ("`mode` cannot be \"sometimes\"", .badValue),
            ("unknown namespace \"Emial\"", .unknownReference),
            ("unknown profile field", .unknownField),
            ("unknown key `titel`", .unknownKey),
            ("a <!DOCTYPE> declaration", .syntax),
            ("unexpected end of file", .syntax),
            ("unknown merge policy", .unknownReference),
            ("`blocked` pattern", .invalid),
        ]
        for (prefix, code) in expected {
            #expect(Self.code(of: result, startingWith: prefix) == code, "\(prefix)")
        }
        #expect(result.diagnostics.first { $0.message.hasPrefix("`mode` cannot be") }?.hint == "expected one of \"full\", \"incremental\"")
        #expect(result.diagnostics.first { $0.message.hasPrefix("unknown namespace") }?.hint == "did you mean `Email`?")
    }

    @Test func missingKeysPQLAndPoliciesHaveTheirCodes() {
        let result = WorkspaceLoader.load(StrictModeTests.files(JSONAndXMLFormsTests.jsonFiles, [
            "segments/empty.xml": #"<segment id="empty"/>"#,
            "segments/cut.pql": #"loyalty.tier = "#,
            "segments/typed.pql": #"loyalty.tier > 5 and loyalty.points = "many""#,
        ]))
        #expect(Self.code(of: result, startingWith: "missing <pql>") == .missingKey)
        #expect(result.diagnostics.first { $0.location.file == "segments/cut.pql" }?.code == .pqlSyntax)
        #expect(result.diagnostics.first { $0.location.file == "segments/typed.pql" }?.code == .pqlType)
        let blocked = WorkspaceLoader.load(StrictModeTests.files(JSONAndXMLFormsTests.jsonFiles, [
            "policies/no-email.json": #"{"id": "no-email", "marketingAction": "emailTargeting", "deny": {"label": "C2"}}"#,
        ]))
        #expect(!blocked.violations.isEmpty)
        #expect(blocked.errors.allSatisfy { $0.code == .policyViolation })
    }

    @Test func aReferenceEndsWhereItIsWrittenAcrossEscapesAndEntities() {
        let result = WorkspaceLoader.load([
            SourceFile(path: "datasets/a.json", text: #"{"id": "a", "schema": "mis\u0073ing"}"#),
            SourceFile(path: "datasets/b.xml", text: #"<dataset id="b" schema="per&amp;son"/>"#),
            SourceFile(path: "datasets/c.xml", text: "<dataset id=\"c\">\n  <schema>\n    per </schema></dataset>"),
        ])
        let extents = result.errors.map { "\($0.location.line):\($0.location.column)-\($0.end.map { "\($0.line):\($0.column)" } ?? "?")" }
        // The JSON string and the attribute with their quotes; the element's text trimmed.
        #expect(extents == ["1:23-1:37", "1:24-1:37", "3:5-3:8"])
    }

    @Test func codesAreKebabCaseUniqueAndDocumentedInTheReadme() throws {
        let raw = DiagnosticCode.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        #expect(raw.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        #expect(raw.filter { !text.contains("`\($0)`") } == [])
    }
}
