import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `cohort test` as a user runs it: the template's tests, failures with explain's clause values,
/// exit codes, JUnit XML read back, and a workspace left as it was.
@Suite struct TestCommandTests {
    static let template = CohortProcess.repositoryRoot.appendingPathComponent("workspace-template")

    /// A copy of the template in a temporary folder, removed by the caller.
    private func templateCopy() throws -> URL {
        let folder = try CohortProcess.temporaryFolder()
        let copy = folder.appendingPathComponent("ws")
        try FileManager.default.copyItem(at: Self.template, to: copy)
        return copy
    }

    private func edit(_ file: URL, _ old: String, _ new: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(old), "\(file.lastPathComponent) no longer holds \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }

    /// The `<testsuite>` elements of a JUnit file: name, and per test case its name and failure message (nil: passed).
    private func junit(_ url: URL) throws -> [(suite: String, cases: [(name: String, failure: String?, error: String?)])] {
        let document = try XMLDocument(contentsOf: url, options: [.nodeLoadExternalEntitiesNever])
        let suites = try document.nodes(forXPath: "/testsuites/testsuite").compactMap { $0 as? XMLElement }
        return suites.map { suite in
            let cases = suite.elements(forName: "testcase").map { testCase in
                (name: testCase.attribute(forName: "name")?.stringValue ?? "",
                 failure: testCase.elements(forName: "failure").first?.attribute(forName: "message")?.stringValue,
                 error: testCase.elements(forName: "error").first?.attribute(forName: "message")?.stringValue)
            }
            return (suite.attribute(forName: "name")?.stringValue ?? "", cases)
        }
    }

    @Test func theTemplatesTestsPassAndCoverEverySegment() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("junit.xml")
        let output = try CohortProcess.run(["test", "-C", Self.template.path, "--junit", report.path])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stderr == "")
        #expect(output.stdout.hasSuffix("7 test files: 7 passed, 0 failed, 0 broken; 13 of 13 expectations met\n"))
        let suites = try junit(report)
        #expect(suites.count == 7)
        #expect(suites.allSatisfy { $0.cases.allSatisfy { $0.failure == nil && $0.error == nil } })
        let segments = try FileManager.default.contentsOfDirectory(atPath: Self.template.appendingPathComponent("segments").path)
            .map { ($0 as NSString).deletingPathExtension }
        let tested = Set(suites.flatMap(\.cases).compactMap { $0.name.split(separator: ":").first.map(String.init) })
        #expect(Set(segments).subtracting(tested) == [], "segments without a test in the template")
    }

    @Test func aFailureExitsOneAndShowsTheProfilesClauseValues() throws {
        let workspace = try templateCopy()
        defer { try? FileManager.default.removeItem(at: workspace.deletingLastPathComponent()) }
        try edit(workspace.appendingPathComponent("tests/gold-members.json"),
                 #""members": ["lumaLoyaltyId:1001", "lumaLoyaltyId:1002"]"#, #""members": ["lumaLoyaltyId:1001", "lumaLoyaltyId:1003"]"#)
        let report = workspace.appendingPathComponent("junit.xml")
        let output = try CohortProcess.run(["test", "--junit", "junit.xml"], in: workspace)
        #expect(output.status == 1)
        #expect(output.stdout.contains("""
            FAIL tests/gold-members.json (Gold and platinum loyalty members, and the email export of them): 2 of 3 expectations met
            tests/gold-members.json:40:68: gold-members: expected lumaLoyaltyId:1003 in, but it is out
              gold-members for lumaLoyaltyId:1003: OUT
                loyalty.tier in ["gold", "platinum"]  →  false
                  loyalty.tier  →  "silver"
            tests/gold-members.json:40:5: gold-members: lumaLoyaltyId:1002 is a member, but `members` names none of its identities
              gold-members for lumaLoyaltyId:1002: IN
            """))
        #expect(output.stdout.hasSuffix("7 test files: 6 passed, 1 failed, 0 broken; 12 of 13 expectations met\n"))
        let suite = try #require(try junit(report).first { $0.suite == "tests/gold-members.json" })
        #expect(suite.cases.map(\.name) == ["gold-members: members", "gold-members: in/out", "email-sftp: rows"])
        #expect(suite.cases.map(\.failure) == ["gold-members: expected lumaLoyaltyId:1003 in, but it is out", nil, nil])
        let document = try XMLDocument(contentsOf: report, options: [.nodeLoadExternalEntitiesNever])
        let lines = try document.nodes(forXPath: "//testsuite[@name='tests/gold-members.json']/testcase/@line").map(\.stringValue)
        #expect(lines == ["40", "41", "42"])
        // Run again: the same bytes.
        let first = try Data(contentsOf: report)
        _ = try CohortProcess.run(["test", "--junit", "junit.xml"], in: workspace)
        #expect(try Data(contentsOf: report) == first)
    }

    @Test func aFailureShowsWhatExplainShowsAfterABuildOfTheSameRecords() throws {
        let workspace = try templateCopy()
        defer { try? FileManager.default.removeItem(at: workspace.deletingLastPathComponent()) }
        let inbox = workspace.appendingPathComponent("inbox")
        try FileManager.default.removeItem(at: inbox)
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent("loyalty"), withIntermediateDirectories: true)
        try Data(#"[{"_techmarketingdemos": {"systemIdentifier": {"loyaltyId": 1003}}, "loyalty": {"tier": "silver"}}]"#.utf8)
            .write(to: inbox.appendingPathComponent("loyalty/silver.json"))
        try FileManager.default.removeItem(at: workspace.appendingPathComponent("tests"))
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try Data("""
            {"asOf": "2026-11-21T00:00:00Z",
             "records": {"loyalty": [{"_techmarketingdemos": {"systemIdentifier": {"loyaltyId": 1003}}, "loyalty": {"tier": "silver"}}]},
             "expect": [{"segment": "gold-members", "in": ["lumaLoyaltyId:1003"]}]}
            """.utf8).write(to: workspace.appendingPathComponent("tests/silver.json"))
        let asOf = "2026-11-21T00:00:00Z"
        #expect(try CohortProcess.run(["build", "-C", workspace.path, "--as-of", asOf]).status == 0)
        let explain = try CohortProcess.run(["explain", "gold-members", "lumaLoyaltyId:1003", "-C", workspace.path, "--as-of", asOf])
        #expect(explain.status == 0)
        let test = try CohortProcess.run(["test", "-C", workspace.path])
        #expect(test.status == 1)
        let shown = test.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }.map { String($0.dropFirst(2)) }
        #expect(shown == explain.stdout.split(separator: "\n").map(String.init))
        #expect(shown.count == 3)
    }

    @Test func aBrokenTestFileIsALocatedErrorAndAJUnitError() throws {
        let workspace = try templateCopy()
        defer { try? FileManager.default.removeItem(at: workspace.deletingLastPathComponent()) }
        try edit(workspace.appendingPathComponent("tests/hoodie-shoppers.json"), #""web-events": ["#, #""web-event": ["#)
        try Data("notes".utf8).write(to: workspace.appendingPathComponent("tests/README.txt"))
        let output = try CohortProcess.run(["test", "-C", workspace.path, "--junit", workspace.appendingPathComponent("j.xml").path])
        #expect(output.status == 1)
        #expect(output.stdout.contains(#"tests/hoodie-shoppers.json:5:5: error: unknown dataset "web-event"; did you mean `web-events`?"#))
        #expect(output.stdout.contains("BROKEN tests/hoodie-shoppers.json: the test did not run"))
        #expect(output.stderr == "warning: tests/README.txt: ignored; test files end in .json or .xml\n")
        let suite = try #require(try junit(workspace.appendingPathComponent("j.xml")).first { $0.suite == "tests/hoodie-shoppers.json" })
        #expect(suite.cases.count == 1)
        #expect(suite.cases.first?.error?.hasPrefix("tests/hoodie-shoppers.json:5:5: error: unknown dataset") == true)
        // validate reads definitions only: a broken test file is not its business.
        let validate = try CohortProcess.run(["validate", "-C", workspace.path])
        #expect(validate.status == 0)
        #expect(!validate.stderr.contains("tests/"))
    }

    @Test func brokenDefinitionsStopEveryTest() throws {
        let workspace = try templateCopy()
        defer { try? FileManager.default.removeItem(at: workspace.deletingLastPathComponent()) }
        try edit(workspace.appendingPathComponent("segments/recent-buyers.pql"), "count()", "cont()")
        let output = try CohortProcess.run(["test", "-C", workspace.path, "--junit", workspace.appendingPathComponent("j.xml").path])
        #expect(output.status == 1)
        #expect(output.stderr.contains("segments/recent-buyers.pql:1:"))
        #expect(output.stderr.contains("so no test can run"))
        #expect(try junit(workspace.appendingPathComponent("j.xml")).map(\.suite) == ["definitions"])
    }

    @Test func testsNeverTouchTheStoreInboxOrExports() throws {
        let workspace = try templateCopy()
        defer { try? FileManager.default.removeItem(at: workspace.deletingLastPathComponent()) }
        let before = FileManager.default.enumerator(atPath: workspace.path)?.allObjects as? [String]
        let output = try CohortProcess.run(["test", "-C", workspace.path])
        #expect(output.status == 0)
        #expect(FileManager.default.enumerator(atPath: workspace.path)?.allObjects as? [String] == before)
    }

    /// `test` takes no lock and reads no store: two runs started together on one workspace both pass
    /// and print the same bytes, and their JUnit reports are the same.
    @Test func twoRunsAtOnceBothPassWithTheSameOutput() throws {
        let workspace = try templateCopy()
        let folder = workspace.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let runs = try (0..<2).map { index in
            let process = Process()
            process.executableURL = CohortProcess.executable
            process.arguments = ["test", "-C", workspace.path, "--junit", folder.appendingPathComponent("j\(index).xml").path]
            let (out, err) = (folder.appendingPathComponent("\(index).out"), folder.appendingPathComponent("\(index).err"))
            #expect(FileManager.default.createFile(atPath: out.path, contents: nil))
            #expect(FileManager.default.createFile(atPath: err.path, contents: nil))
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            return (process, out, err)
        }
        for (process, _, _) in runs { try process.run() }
        var outputs: [String] = []
        for (process, out, err) in runs {
            process.waitUntilExit()
            let stderr = try String(contentsOf: err, encoding: .utf8)
            #expect(process.terminationStatus == 0, "\(stderr)")
            outputs.append(try String(contentsOf: out, encoding: .utf8) + stderr)
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].hasSuffix("13 of 13 expectations met\n"), "\(outputs[0])")
        let reports = try (0..<2).map { try Data(contentsOf: folder.appendingPathComponent("j\($0).xml")) }
        #expect(reports[0] == reports[1])
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".cohort").path))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CohortProcess.run(["test", "-C", Self.template.path, "--junit"]).status == 2)
        #expect(try CohortProcess.run(["test", "-C", Self.template.path, "--colour"]).status == 2)
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try CohortProcess.run(["test", "-C", folder.path]).status == 2, "not a workspace")
    }

    @Test func aWorkspaceWithoutTestsSaysSoAndPasses() throws {
        let workspace = try templateCopy()
        defer { try? FileManager.default.removeItem(at: workspace.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: workspace.appendingPathComponent("tests"))
        let output = try CohortProcess.run(["test", "-C", workspace.path])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("no test files in tests/"))
    }
}
