import Foundation
import Testing

@Suite struct ValidateCommandTests {
    let template = CohortProcess.repositoryRoot.appendingPathComponent("workspace-template")

    @Test func theTemplateValidatesCleanlyWithASummaryLine() throws {
        let output = try CohortProcess.run(["validate", "-C", template.path])
        #expect(output.status == 0)
        #expect(output.stderr == "")
        #expect(output.stdout == "ok: 4 schemas, 5 namespaces, 5 datasets, 2 merge policies, 7 segments, 6 destinations, 1 policy; 0 warnings\n")
    }

    @Test func jsonOutputSaysHowEachSegmentIsEvaluated() throws {
        let output = try CohortProcess.run(["validate", "--json", "-C", template.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let segments = try #require(object["segments"] as? [[String: String]])
        let modes = Dictionary(uniqueKeysWithValues: segments.compactMap { segment in segment["id"].map { ($0, segment["evaluation"] ?? "") } })
        #expect(modes == ["cart-abandoners": "batch", "email-reachable": "streaming", "gold-members": "streaming", "gold-recent-buyers": "batch",
                          "high-value-customers": "batch", "hoodie-shoppers": "streaming", "recent-buyers": "batch"])
        #expect(segments.first { $0["id"] == "gold-recent-buyers" }?["reason"] == #"it depends on the batch segment "recent-buyers""#)
    }

    @Test func errorsGoToStandardErrorAsFileLineColumnAndExitOne() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("datasets"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: folder.appendingPathComponent("cohort.json"))
        try #"{"id": "crm", "schema": "missing", "colour": 1}"#.write(to: folder.appendingPathComponent("datasets/crm.json"), atomically: true, encoding: .utf8)
        let output = try CohortProcess.run(["validate", "-C", folder.path])
        #expect(output.status == 1)
        #expect(output.stderr == """
            datasets/crm.json:1:25: error: unknown schema "missing"
            datasets/crm.json:1:36: warning: unknown key `colour` is ignored

            """)
        #expect(output.stdout.hasPrefix("1 error: 0 schemas, 0 namespaces, 1 dataset,"))
    }

    /// One document indented by two spaces with keys sorted, so the same workspace gives the same bytes.
    @Test func jsonOutputIsIndentedWithSortedKeys() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("datasets"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: folder.appendingPathComponent("cohort.json"))
        try #"{"id": "crm", "schema": "missing"}"#.write(to: folder.appendingPathComponent("datasets/crm.json"), atomically: true, encoding: .utf8)
        let output = try CohortProcess.run(["validate", "--json", "-C", folder.path])
        #expect(output.status == 1)
        #expect(output.stdout.hasPrefix("""
            {
              "errors": [
                {
                  "code": "unknown-reference",
                  "column": 25,
                  "endColumn": 34,
                  "endLine": 1,
                  "file": "datasets/crm.json",
                  "line": 1,
                  "message": "unknown schema \\"missing\\"",
                  "severity": "error"
                }
              ],
              "summary": {
                "datasets": 1,
                "destinations": 0,
            """))
        #expect(output.stdout.hasSuffix("""
                "warnings": 0
              }
            }

            """))
        #expect(try CohortProcess.run(["validate", "--json", "-C", folder.path]).stdout == output.stdout)
    }

    @Test func jsonOutputHasTheDocumentedShape() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("segments"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: folder.appendingPathComponent("cohort.json"))
        try "<segment id=\"s\"></segment>".write(to: folder.appendingPathComponent("segments/s.xml"), atomically: true, encoding: .utf8)
        let output = try CohortProcess.run(["validate", "--json", "-C", folder.path])
        #expect(output.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["file"] as? String == "segments/s.xml")
        #expect(errors.first?["line"] as? Int == 1)
        #expect(errors.first?["column"] as? Int == 1)
        #expect(errors.first?["severity"] as? String == "error")
        #expect((errors.first?["message"] as? String)?.hasPrefix("missing <pql>") == true)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["segments"] as? Int == 1)
        #expect(summary["errors"] as? Int == 1)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CohortProcess.run(["validate", "--no-such-flag"]).status == 2)
        #expect(try CohortProcess.run(["frobnicate"]).status == 2)
        #expect(try CohortProcess.run(["validate", "-C", "/no/such/folder"]).status == 2)
    }

    @Test func versionAndHelpAreThere() throws {
        let version = try CohortProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
        for command in [[], ["init"], ["validate"]] {
            let help = try CohortProcess.run(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE: cohort"))
        }
        #expect(try CohortProcess.run(["validate", "--help"]).stdout.contains("-C, --workspace <dir>"))
    }
}

/// `validate --engine spark`: each PQL construct the Spark engine cannot run, located, and exit 1;
/// without the option the same workspace validates as before.
@Suite struct ValidateSparkEngineTests {
    @Test func theTemplateRunsOnSpark() throws {
        let template = CohortProcess.repositoryRoot.appendingPathComponent("workspace-template")
        let output = try CohortProcess.run(["validate", "--engine", "spark", "-C", template.path])
        #expect(output.status == 0)
        #expect(output.stderr == "")
    }

    @Test func unsupportedConstructsAreReportedAtTheirTokens() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CohortProcess.run(["init", folder.path])
        try """
            loyalty.tier = "gold"
              and (person.name.firstName.matches("^A") or xEvent.eventType.count() > 1)

            """.write(to: folder.appendingPathComponent("segments/spark-only-not.pql"), atomically: true, encoding: .utf8)
        let native = try CohortProcess.run(["validate", "-C", folder.path])
        #expect(native.status == 0)
        #expect(native.stderr == "")
        let spark = try CohortProcess.run(["validate", "--engine", "spark", "-C", folder.path])
        #expect(spark.status == 1)
        #expect(spark.stderr == """
            segments/spark-only-not.pql:2:30: error: `matches(…)` cannot run on Spark: regular expressions differ \
            between the engines (ICU and Java)
            segments/spark-only-not.pql:2:47: error: `xEvent.eventType` cannot run on Spark: a field of every event \
            as one list is not supported; filter events with xEvent[…]

            """)
        #expect(spark.stdout.hasPrefix("2 errors:"))
    }
}
