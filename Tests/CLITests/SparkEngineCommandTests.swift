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
        let conditions = (plan["segments"] as? [[String: Any]] ?? []).compactMap { $0["sql"] as? String }
        #expect(conditions.count == segments.count, "every segment has its Spark SQL condition")
        // Stream and lookup destinations need their members' whole profiles; file destinations get rows made on Spark.
        let exported = plan["exported"] as? [String] ?? []
        #expect(exported.contains("cart-abandoners") && !exported.contains("gold-recent-buyers"), "\(exported)")
        let rowDestinations = (plan["exportRows"] as? [[String: Any]] ?? []).compactMap { $0["destination"] as? String }
        #expect(rowDestinations.contains("ads-hashed"), "\(rowDestinations)")
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
        let json = try CohortProcess.run(["build", "-C", workspace.path, "--engine", "spark", "--json"],
                                         environment: ["SPARK_HOME": folder.appendingPathComponent("no-spark").path])
        #expect(json.status == 1, "--json is taken with --engine spark")
        #expect(json.stderr.contains("spark-submit not found"), "\(json.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("archive").path))
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

    /// Ctrl-C or `kill` while the job runs stops the job too: no spark-submit is left running after
    /// cohort ends. A stand-in spark-submit (a shell script that writes its pid and sleeps) takes Spark's place.
    @Test(arguments: [SIGINT, SIGTERM])
    func aStoppedBuildStopsItsSparkJob(signalNumber: Int32) throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let pidFile = folder.appendingPathComponent("spark-submit.pid")
        let home = try Self.standInSpark(in: folder, running: "echo $$ > '\(pidFile.path)'\nexec sleep 120")

        let build = try Self.sparkBuild(of: workspace, sparkHome: home)
        defer { if build.isRunning { kill(build.processIdentifier, SIGKILL) } }
        guard Self.waitForLine(in: pidFile, while: build) else { return }
        let job = try #require(Int32((try String(contentsOf: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(job, SIGKILL) }
        kill(build.processIdentifier, signalNumber)
        let stopping = Date()
        while build.isRunning && Date().timeIntervalSince(stopping) < 30 { usleep(50_000) }
        #expect(!build.isRunning, "cohort did not end after signal \(signalNumber)")
        #expect(build.terminationStatus != 0)
        // The job is gone (a zombie not yet reaped by its parent counts as gone: it runs nothing).
        var alive = kill(job, 0) == 0
        let waiting = Date()
        while alive && Date().timeIntervalSince(waiting) < 10 {
            usleep(50_000)
            alive = kill(job, 0) == 0 && !Self.isZombie(job)
        }
        #expect(!alive, "spark-submit (pid \(job)) still runs after cohort ended")
        let crm = try FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("inbox/crm").path)
        #expect(!crm.isEmpty, "the inbox is left as it was")
    }

    /// A schema pattern the Spark job cannot check as ICU does (`\w`) is an error of `validate --engine spark` at
    /// the pattern, saying what would work, and a Spark build refuses to start on it: spark-submit never runs.
    @Test func aPatternSparkCannotCheckIsReportedAtThePattern() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let schema = workspace.appendingPathComponent("schemas/luma-offline-purchases.json")
        let text = try String(contentsOf: schema, encoding: .utf8)
        try text.replacingOccurrences(of: #""pattern": "^[A-Z]{3}$""#, with: #""pattern": "^\\w{3}$""#)
            .write(to: schema, atomically: true, encoding: .utf8)
        #expect(try CohortProcess.run(["validate", "-C", workspace.path]).status == 0, "the native engine reads it")
        let validate = try CohortProcess.run(["validate", "-C", workspace.path, "--engine", "spark"])
        #expect(validate.status == 1)
        let expected = "schemas/luma-offline-purchases.json:156:40: error: the Spark engine cannot check the pattern "
            + #""^\w{3}$" as the native engine does (its escape \w)"#
        #expect(validate.stderr.contains(expected + "; write it with what both engines read alike"), "\(validate.stderr)")
        #expect(validate.stderr.contains("classes of literals and ranges (`[A-Za-z0-9_]` for `\\w`)"))

        let ran = folder.appendingPathComponent("spark-submit ran")
        let home = try Self.standInSpark(in: folder, running: "touch '\(ran.path)'")
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--engine", "spark"],
                                          environment: ["SPARK_HOME": home.path])
        #expect(build.status == 1)
        #expect(build.stderr.contains(expected), "\(build.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ran.path), "spark-submit was not run")
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("archive").path))
    }

    /// One writer at a time holds for Spark builds too: while a Spark build runs (its stand-in spark-submit
    /// waits), a second Spark build of the same workspace is refused at once (exit 2) naming the first, with the
    /// words a native build gets, and runs nothing.
    @Test func aSecondSparkBuildIsRefusedWhileOneRuns() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let runs = folder.appendingPathComponent("runs")
        let home = try Self.standInSpark(in: folder, running: "echo $$ >> '\(runs.path)'\nexec sleep 120")

        let first = try Self.sparkBuild(of: workspace, sparkHome: home)
        defer {
            if first.isRunning { kill(first.processIdentifier, SIGTERM) }
            first.waitUntilExit()
        }
        guard Self.waitForLine(in: runs, while: first) else { return }
        let second = try CohortProcess.run(["build", "-C", workspace.path, "--engine", "spark"],
                                           environment: ["SPARK_HOME": home.path])
        let native = try CohortProcess.run(["build", "-C", workspace.path])
        #expect(second.status == 2)
        #expect(second.stderr.contains("the workspace is locked by pid \(first.processIdentifier) (cohort build"),
                "\(second.stderr)")
        #expect(native.status == 2)
        #expect(second.stderr == native.stderr)
        let jobs = try String(contentsOf: runs, encoding: .utf8).split(separator: "\n")
        #expect(jobs.count == 1, "one spark-submit ran: \(jobs)")
    }

    /// `cohort build --engine spark` of `workspace` started with SPARK_HOME `sparkHome`, its output discarded.
    static func sparkBuild(of workspace: URL, sparkHome: URL) throws -> Process {
        let build = Process()
        build.executableURL = CohortProcess.executable
        build.arguments = ["build", "-C", workspace.path, "--engine", "spark"]
        build.environment = ProcessInfo.processInfo.environment.merging(["SPARK_HOME": sparkHome.path]) { _, new in new }
        build.standardOutput = FileHandle.nullDevice
        build.standardError = FileHandle.nullDevice
        try build.run()
        return build
    }

    /// Waits (up to a minute, while `process` runs) for the stand-in spark-submit to write a whole line to `file`;
    /// false, with an issue recorded, when it never does.
    static func waitForLine(in file: URL, while process: Process) -> Bool {
        let started = Date()
        while (try? String(contentsOf: file, encoding: .utf8))?.hasSuffix("\n") != true {
            guard Date().timeIntervalSince(started) < 60, process.isRunning else {
                Issue.record("the stand-in spark-submit never started")
                return false
            }
            usleep(50_000)
        }
        return true
    }

    /// A stand-in Spark installation in `folder`: `bin/spark-submit` is a shell script running `commands`;
    /// returns its folder, for SPARK_HOME.
    static func standInSpark(in folder: URL, running commands: String) throws -> URL {
        let home = folder.appendingPathComponent("spark")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("bin"), withIntermediateDirectories: true)
        let script = home.appendingPathComponent("bin/spark-submit")
        try "#!/bin/sh\n\(commands)\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return home
    }

    /// Whether `pid` has ended but not been reaped (state Z in /proc).
    private static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
