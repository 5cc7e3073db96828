import Foundation
import Testing

/// Diagnostics through the binary: `validate --json` fields, `--strict` on validate, build and plan,
/// plain lines into a pipe and drawn lines on a terminal, and "did you mean" for a mistyped command.
@Suite struct DiagnosticsCommandTests {
    /// A copy of the template with `mergePolicy=` written for `mergePolicyId=` in an XML segment.
    static func workspaceWithUnknownAttribute(in folder: URL) throws -> URL {
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let segment = workspace.appendingPathComponent("segments/high-value-customers.xml")
        let text = try String(contentsOf: segment, encoding: .utf8).replacingOccurrences(of: "mergePolicyId=", with: "mergePolicy=")
        try text.write(to: segment, atomically: true, encoding: .utf8)
        return workspace
    }

    @Test func validateJSONGivesEachDiagnosticACodeAHintAndAnEnd() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("datasets"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: folder.appendingPathComponent("cohort.json"))
        try #"{"id": "crm", "schema": "missing", "profle": true}"#.write(to: folder.appendingPathComponent("datasets/crm.json"),
                                                                       atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("segments"), withIntermediateDirectories: true)
        try #"<segment id="s"/>"#.write(to: folder.appendingPathComponent("segments/s.xml"), atomically: true, encoding: .utf8)
        let output = try CohortProcess.run(["validate", "--json", "-C", folder.path])
        #expect(output.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 3)
        let reference = try #require(errors.first)
        #expect(reference["file"] as? String == "datasets/crm.json")
        #expect(reference["line"] as? Int == 1)
        #expect(reference["column"] as? Int == 25)
        #expect(reference["severity"] as? String == "error")
        #expect(reference["message"] as? String == "unknown schema \"missing\"")
        #expect(reference["code"] as? String == "unknown-reference")
        #expect(reference["hint"] == nil)
        // `"missing"` with its quotes.
        #expect(reference["endLine"] as? Int == 1)
        #expect(reference["endColumn"] as? Int == 25 + 9)
        let key = errors[1]
        #expect(key["code"] as? String == "unknown-key")
        #expect(key["severity"] as? String == "warning")
        #expect(key["hint"] as? String == "did you mean `profile`?")
        #expect(key["column"] as? Int == 36)
        // `"profle"` with its quotes.
        #expect(key["endColumn"] as? Int == 36 + 8)
        #expect(key["endLine"] as? Int == 1)
        #expect(Set(key.keys) == ["file", "line", "column", "endLine", "endColumn", "severity", "code", "message", "hint"])
        // Extent unknown: the one character at the start.
        let missing = errors[2]
        #expect(missing["code"] as? String == "missing-key")
        #expect(missing["line"] as? Int == 1)
        #expect(missing["column"] as? Int == 1)
        #expect(missing["endLine"] as? Int == 1)
        #expect(missing["endColumn"] as? Int == 2)
    }

    @Test func strictModeFailsValidateBuildAndPlanOnAnUnknownAttribute() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = try Self.workspaceWithUnknownAttribute(in: folder)
        let warning = "segments/high-value-customers.xml:2:64: warning: unknown attribute `mergePolicy` is ignored; did you mean `mergePolicyId`?\n"
        let relaxed = try CohortProcess.run(["validate", "-C", workspace.path])
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr == warning)
        let strict = try CohortProcess.run(["validate", "--strict", "-C", workspace.path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("2:64: error: unknown attribute `mergePolicy` is not allowed in strict mode; did you mean `mergePolicyId`?"))
        for command in ["plan", "build"] {
            let run = try CohortProcess.run([command, "--strict", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"])
            #expect(run.status == 1, "\(command)")
            #expect(run.stderr.contains("unknown attribute `mergePolicy` is not allowed in strict mode"), "\(command)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("exports").path))

        // The same from cohort.json, for every command without the flag.
        let settings = workspace.appendingPathComponent("cohort.json")
        let text = try String(contentsOf: settings, encoding: .utf8).replacingOccurrences(of: "{", with: "{\n  \"strict\": true,")
        try text.write(to: settings, atomically: true, encoding: .utf8)
        #expect(try CohortProcess.run(["validate", "-C", workspace.path]).status == 1)
        #expect(try CohortProcess.run(["plan", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"]).status == 1)
    }

    @Test func aPipeGetsPlainLinesWithoutColourOrSourceLines() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = try Self.workspaceWithUnknownAttribute(in: folder)
        let output = try CohortProcess.run(["validate", "-C", workspace.path], environment: ["TERM": "xterm-256color"])
        #expect(!output.stderr.contains("\u{1B}"))
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    /// On a terminal (a pseudo-terminal from `script`, where it is installed): colour and the caret line,
    /// and with NO_COLOR the caret line without colour.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aTerminalGetsColourAndTheSourceLineUnlessNoColor() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = try Self.workspaceWithUnknownAttribute(in: folder)
        let command = "'\(CohortProcess.executable.path)' validate -C '\(workspace.path)'"
        let script = URL(fileURLWithPath: "/usr/bin/script")
        let coloured = try CohortProcess.run(["-qec", command, "/dev/null"], executable: script, environment: ["NO_COLOR": "", "TERM": "xterm"])
        #expect(coloured.stdout.contains("\u{1B}[1;33mwarning:\u{1B}[0m unknown attribute `mergePolicy`"))
        #expect(coloured.stdout.contains(" 2 | <segment id=\"high-value-customers\""))
        #expect(coloured.stdout.contains("|" + String(repeating: " ", count: 64) + "\u{1B}[1;33m^" + String(repeating: "~", count: 10) + "\u{1B}[0m"))
        let plain = try CohortProcess.run(["-qec", command, "/dev/null"], executable: script, environment: ["NO_COLOR": "1", "TERM": "xterm"])
        #expect(!plain.stdout.contains("\u{1B}"))
        #expect(plain.stdout.contains("|" + String(repeating: " ", count: 64) + "^" + String(repeating: "~", count: 10) + "\r\n"))
    }

    @Test func aMistypedCommandGetsDidYouMeanAndExitTwo() throws {
        let build = try CohortProcess.run(["buidl"])
        #expect(build.status == 2)
        #expect(build.stderr == "error: unknown command 'buidl'; did you mean 'build'?\n")
        #expect(build.stdout == "")
        let validate = try CohortProcess.run(["valdiate", "-C", "nowhere"])
        #expect(validate.status == 2)
        #expect(validate.stderr == "error: unknown command 'valdiate'; did you mean 'validate'?\n")
        // Nothing close: the argument parser's own message, still exit 2.
        let far = try CohortProcess.run(["frobnicate"])
        #expect(far.status == 2)
        #expect(!far.stderr.contains("did you mean"))
        #expect(try CohortProcess.run(["--version"]).status == 0)
    }
}
