import CohortSampleData
import Foundation
import Testing

/// The binary alone: `cohort init` from the template built into it (no template on disk), the committed
/// source that carries the template, `make install`, and shell completion of definition ids.
@Suite struct StandaloneBinaryTests {
    static let template = CohortProcess.repositoryRoot.appendingPathComponent("workspace-template")
    static let embeddedSource = CohortProcess.repositoryRoot
        .appendingPathComponent("Sources/cohort/EmbeddedTemplate.swift")
    static let regenerate = "COHORT_UPDATE_GOLDEN=1 swift test --filter StandaloneBinaryTests"

    /// Sources/cohort/EmbeddedTemplate.swift carries every template file that the sample-data generator
    /// does not write; `COHORT_UPDATE_GOLDEN=1` rewrites it.
    @Test func theEmbeddedTemplateIsTheTemplateOnDisk() throws {
        let expected = try Self.renderEmbeddedTemplate()
        if ProcessInfo.processInfo.environment["COHORT_UPDATE_GOLDEN"] == "1" {
            try Data(expected.utf8).write(to: Self.embeddedSource)
        }
        let committed = try String(contentsOf: Self.embeddedSource, encoding: .utf8)
        #expect(committed == expected,
                "Sources/cohort/EmbeddedTemplate.swift is stale: run `\(Self.regenerate)`, then rebuild")
    }

    /// Installed by `make install-built` into a temporary prefix and run far from any checkout, with no
    /// COHORT_TEMPLATE: the workspace is byte for byte the template, inbox/ sample data included.
    @Test func initFromTheInstalledBinaryAloneEqualsTheTemplate() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let prefix = folder.appendingPathComponent("prefix")
        let make = try CohortProcess.run(["make", "-s", "-C", CohortProcess.repositoryRoot.path, "install-built",
                                          "PREFIX=\(prefix.path)",
                                          "BIN_PATH=\(CohortProcess.executable.deletingLastPathComponent().path)"],
                                         executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(make.status == 0, "make install-built: \(make.stderr)")
        let binary = prefix.appendingPathComponent("bin/cohort")
        let created = try CohortProcess.run(["init", "luma"], in: folder, executable: binary,
                                            unsetting: ["COHORT_TEMPLATE"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("from the template built into cohort"), "\(created.stdout)")
        let workspace = try Self.files(under: folder.appendingPathComponent("luma"))
        var expected = try Self.files(under: Self.template)
        expected[".gitignore"] = try #require(workspace[".gitignore"])
        #expect(workspace.keys.sorted() == expected.keys.sorted())
        for (path, bytes) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(workspace[path] == bytes,
                    "\(path) differs from workspace-template/\(path): run `\(Self.regenerate)`")
        }
        #expect(try CohortProcess.run(["validate", "-C", "luma"], in: folder, executable: binary).status == 0)
    }

    @Test func theCompletionScriptCallsBackForSegmentIDs() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try CohortProcess.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("---completion explain -- "),
                    "\(shell): no custom completion of explain's segment")
        }
    }

    /// What the shell asks when completing `cohort explain -C DIR <TAB>`: the workspace's segment ids, sorted.
    @Test func segmentIDsCompleteFromTheWorkspaceNamedOnTheCommandLine() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("w")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        try Data("true\n".utf8).write(to: workspace.appendingPathComponent("segments/aaa-everyone.pql"))
        let segments = workspace.appendingPathComponent("segments")
        let expected = try FileManager.default.contentsOfDirectory(atPath: segments.path)
            .map { String($0.split(separator: ".").first ?? "") }.sorted()
        #expect(expected.count == 8)
        let named = try CohortProcess.run(["---completion", "explain", "--", "positional@0", "4", "0",
                                           "cohort", "explain", "-C", workspace.path, ""], in: folder)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.split(separator: "\n").map(String.init) == expected)
        // Without -C: the workspace around the current folder.
        let bare = ["---completion", "explain", "--", "positional@0", "2", "0", "cohort", "explain", ""]
        let here = try CohortProcess.run(bare, in: segments)
        #expect(here.stdout.split(separator: "\n").map(String.init) == expected)
        // A definition that does not parse takes only its own id away; `--workspace=DIR` names the workspace too.
        try Data("{\"id\": \"broken\", ".utf8).write(to: workspace.appendingPathComponent("segments/broken.json"))
        let broken = try CohortProcess.run(["---completion", "explain", "--", "positional@0", "3", "0",
                                            "cohort", "explain", "--workspace=\(workspace.path)", ""], in: folder)
        #expect(broken.status == 0 && broken.stderr.isEmpty, "\(broken.stderr)")
        #expect(broken.stdout.split(separator: "\n").map(String.init) == expected)
        // Outside any workspace: nothing, and no error.
        let nowhere = try CohortProcess.run(bare, in: folder)
        #expect(nowhere.status == 0 && nowhere.stderr.isEmpty)
        #expect(nowhere.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    // MARK: Helpers

    /// Every file under a folder by relative path, dotfiles included.
    static func files(under root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for relative in FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [] {
            var isDirectory: ObjCBool = false
            let url = root.appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }

    /// The Swift source that carries the template's files other than the generated sample data: each as a raw
    /// multi-line string literal, with enough `#`s that nothing in the file can end it or interpolate.
    static func renderEmbeddedTemplate() throws -> String {
        let generated = Set(LumaSampleData.files().map(\.path))
        var source = """
            // Generated from workspace-template/ by `\(regenerate)`; do not edit.

            /// The template's files other than its inbox/ sample data (which `CohortSampleData` generates), built into
            /// the binary so that `cohort init` needs no template on disk.
            enum EmbeddedTemplate {
                static let files: [(path: String, contents: String)] = [

            """
        for (path, bytes) in try files(under: template).sorted(by: { $0.key < $1.key }) where !generated.contains(path) {
            let text = try #require(String(data: bytes, encoding: .utf8), "\(path) is not UTF-8")
            #expect(!text.contains("\r"), "\(path) has a carriage return, which a Swift string literal would not keep")
            let hashes = String(repeating: "#", count: longestHashRun(in: text) + 1)
            source += "        (\n            \(JSONString(path)),\n"
            source += "            \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)\n        ),\n"
        }
        return source + "    ]\n}\n"
    }

    /// The longest run of `#` after a quote or a backslash: a raw literal needs one `#` more.
    static func longestHashRun(in text: String) -> Int {
        var longest = 0
        var run: Int?
        for character in text {
            if character == "#", let count = run {
                run = count + 1
                longest = max(longest, count + 1)
            } else {
                run = character == "\"" || character == "\\" ? 0 : nil
            }
        }
        return longest
    }

    static func JSONString(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(String(decoding: data ?? Data(), as: UTF8.self).dropFirst().dropLast())
    }
}
