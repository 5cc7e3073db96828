import Foundation
import Testing

/// `cohort compile --target spark` and the options of `cohort build --engine spark`, without running Spark.
@Suite struct SparkEngineCommandTests {
    @Test func compileWritesTheSameBytesEachTimeAndChangesNothing() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        var outputs: [[String: Data]] = []
        for run in ["first", "second"] {
            let out = folder.appendingPathComponent(run)
            let compile = try CohortProcess.run(["compile", "-C", workspace.path, "--target", "spark",
                                                 "--out", out.path, "--as-of", "2026-11-21T00:00:00Z"])
            #expect(compile.status == 0, "\(compile.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            #expect(names == ["cohort_spark_job.py", "plan.json"])
            outputs.append(try Dictionary(uniqueKeysWithValues: names.map {
                ($0, try Data(contentsOf: out.appendingPathComponent($0)))
            }))
        }
        #expect(outputs[0] == outputs[1])
        let planData = outputs[0]["plan.json"] ?? Data()
        let plan = try #require(try JSONSerialization.jsonObject(with: planData) as? [String: Any])
        #expect(plan["frames"] as? [String] == ["default", "loyalty-first"])
        let segments = (plan["segments"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let gold = try #require(segments.firstIndex(of: "gold-members"))
        let goldRecent = try #require(segments.firstIndex(of: "gold-recent-buyers"))
        #expect(gold < goldRecent, "a segment comes after the segments it reads with inSegment")
        let files = (plan["datasets"] as? [[String: Any]] ?? []).flatMap { $0["files"] as? [[String: Any]] ?? [] }
        #expect(files.compactMap { $0["sequence"] as? Int }.sorted() == [1, 2, 3, 4, 5])
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("archive").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".cohort").path))
    }

    @Test func sparkOptionsNeedTheSparkEngine() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--master", "spark://127.0.0.1:7077"])
        #expect(build.status != 0)
        #expect(build.stderr.contains("--master and --conf are for --engine spark"))
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("exports").path))
        let conf = try CohortProcess.run(["build", "-C", workspace.path, "--engine", "spark", "--conf",
                                          "spark.executor.memory"])
        #expect(conf.stderr.contains("is not KEY=VALUE"))
    }

    @Test func aMissingSparkIsNamedWithWhatToDo() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--engine", "spark"],
                                          environment: ["SPARK_HOME": folder.appendingPathComponent("no-spark").path])
        #expect(build.status == 1)
        #expect(build.stderr.contains("spark-submit not found: SPARK_HOME is"))
        #expect(build.stderr.contains("set SPARK_HOME to a Spark installation"))
        let crm = workspace.appendingPathComponent("inbox/crm")
        let inbox = try FileManager.default.contentsOfDirectory(atPath: crm.path)
        #expect(!inbox.isEmpty, "the inbox is left as it was")
    }
}
