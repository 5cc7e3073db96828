import Foundation
import Testing

/// `cohort bench generate` writes a valid, deterministic workspace; `cohort bench run` measures it.
@Suite struct BenchCommandTests {
    @Test func generateIsDeterministicValidAndBuildsWithOneBadRecordInTwenty() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a")
        let second = folder.appendingPathComponent("b")
        let generate = try CohortProcess.run(["bench", "generate", first.path, "--profiles", "400", "--events-per-profile", "5"])
        #expect(generate.status == 0, "\(generate.stderr)")
        #expect(generate.stdout.contains("inbox/crm/crm.json: 240 records"))
        #expect(try CohortProcess.run(["bench", "generate", second.path, "--profiles", "400", "--events-per-profile", "5"]).status == 0)
        for path in ["inbox/crm/crm.json", "inbox/dma-crm/dma-crm.csv", "inbox/loyalty/loyalty.json", "inbox/offline-purchases/purchases.ndjson",
                     "inbox/web-events/web-events.ndjson", "bench-drops/drop-20.ndjson"] {
            let bytes = try Data(contentsOf: first.appendingPathComponent(path))
            let again = try Data(contentsOf: second.appendingPathComponent(path))
            #expect(!bytes.isEmpty && bytes == again, "\(path) differs between two runs")
        }
        let validate = try CohortProcess.run(["validate", "-C", first.path])
        #expect(validate.stdout.hasPrefix("ok: 4 schemas, 5 namespaces, 5 datasets, 2 merge policies, 20 segments, 6 destinations, 1 policy"))
        let build = try CohortProcess.run(["build", "-C", first.path, "--as-of", "2026-11-21T00:00:00Z"])
        let summary = try #require(build.stdout.split(separator: "\n").first { $0.hasPrefix("built:") })
        let numbers = summary.split(separator: ";")[1].split(separator: " ").compactMap { Int($0) }
        let (kept, rejected) = (numbers[0], numbers[1])
        #expect(kept + rejected > 2_000)
        #expect(Double(rejected) / Double(kept + rejected) > 0.03 && Double(rejected) / Double(kept + rejected) < 0.07, "\(summary)")
        #expect(build.stdout.contains("exports/email-sftp:") && build.stdout.contains("exports/cart-recovery-webhook:"))
    }

    @Test func runMeasuresEveryPhase() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("bench")
        let arguments = ["bench", "generate", workspace.path, "--profiles", "60", "--events-per-profile", "3"]
        #expect(try CohortProcess.run(arguments).status == 0)
        // Three drops for one-shot builds, two for the watch process.
        for drop in 6...20 {
            try FileManager.default.removeItem(at: workspace.appendingPathComponent("bench-drops/drop-\(drop).ndjson"))
        }
        let run = try CohortProcess.run(["bench", "run", workspace.path])
        #expect(run.status == 0, "\(run.stderr)")
        for prefix in ["profiles: ", "ingest ndjson: ", "ingest json: ", "ingest csv: ", "build: ", "build --rebuild: ", "segments: 20 in ",
                       "watch, 1,000-record drop: p50 ", "(2 drops)", "peak memory: "] {
            #expect(run.stdout.contains(prefix), "no \(prefix) in \(run.stdout)")
        }
        let lines = run.stdout.components(separatedBy: "\n")
        // Every segment's own time.
        #expect(lines.filter { $0.hasPrefix("  segment ") }.count == 20)
        #expect(run.stdout.contains("  segment gold-members: "))
        // Each command ran as a process of its own: its wall time and its own peak memory.
        let commands = ["build", "build --rebuild"] + (1...3).map { "one-shot build after drop-\($0).ndjson" }
        for command in commands {
            let line = try #require(lines.first { $0.hasPrefix(command + ": ") }, "no \(command) in \(run.stdout)")
            let numbers = Self.numbers(in: line, before: [" s, peak memory ", " MB ("])
            #expect(numbers.count == 2 && numbers.allSatisfy { $0 > 0 }, "\(line)")
        }
        let memory = try #require(lines.first { $0.hasPrefix("peak memory: ") })
        #expect(Self.numbers(in: memory, before: [" MB"]).count == commands.count + 2, "\(memory)")
        for name in commands + ["watch", "bench run itself (ingest, segments)"] {
            let after = memory.components(separatedBy: name + " ").dropFirst().first ?? ""
            #expect((Self.numbers(in: after, before: [" MB"]).first ?? 0) > 0, "no peak memory of \(name) in \(memory)")
        }
        // CSV ingest measured on the one large file (10 rows per person), apart from the inbox's few rows.
        let large = "ingest csv, one large file bench-csv/dma-crm/dma-crm.csv: "
        let csv = try #require(lines.first { $0.hasPrefix(large) })
        #expect(csv.contains(": 600 records, "), "\(csv)")
        #expect((Self.numbers(in: csv, before: [" records/s"]).first ?? 0) > 0, "\(csv)")
        // The workspace itself is left as generated: the run works on a copy.
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("inbox/crm/crm.json").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".cohort").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["bench"])
    }

    @Test func largeCSVIsDeterministicAndReadsAsItsDataset() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func generate(_ name: String, _ extra: [String]) throws -> CohortProcess.Output {
            try CohortProcess.run(["bench", "generate", folder.appendingPathComponent(name).path, "--profiles", "20",
                                   "--events-per-profile", "1"] + extra)
        }
        let path = "bench-csv/dma-crm/dma-crm.csv"
        #expect(try generate("a", ["--csv-rows", "400"]).stdout.contains("\(path): 400 records"))
        #expect(try generate("b", ["--csv-rows", "400"]).status == 0)
        #expect(try generate("c", ["--csv-rows", "400", "--seed", "7"]).status == 0)
        let bytes = try Data(contentsOf: folder.appendingPathComponent("a/\(path)"))
        #expect(bytes == (try Data(contentsOf: folder.appendingPathComponent("b/\(path)"))), "same seed, other bytes")
        #expect(bytes != (try Data(contentsOf: folder.appendingPathComponent("c/\(path)"))), "another seed, same bytes")
        // By default ten rows per person; none with 0; a negative count is a usage error.
        #expect(try generate("d", []).stdout.contains("\(path): 200 records"))
        #expect(try generate("e", ["--csv-rows", "0"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("e/bench-csv").path))
        let negative = try generate("f", ["--csv-rows=-5"])
        #expect(negative.status == 2 && negative.stderr.contains("--csv-rows cannot be negative"), "\(negative.stderr)")
        // The file is the CSV dataset's: in its inbox, its rows are kept but one in twenty (a bad email).
        let workspace = folder.appendingPathComponent("a")
        let inboxes = workspace.appendingPathComponent("inbox")
        for dataset in try FileManager.default.contentsOfDirectory(atPath: inboxes.path) {
            let inbox = inboxes.appendingPathComponent(dataset)
            for file in try FileManager.default.contentsOfDirectory(atPath: inbox.path) {
                try FileManager.default.removeItem(at: inbox.appendingPathComponent(file))
            }
        }
        try FileManager.default.moveItem(at: workspace.appendingPathComponent(path),
                                         to: workspace.appendingPathComponent("inbox/dma-crm/large.csv"))
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("built: 1 file ingested; 380 records kept, 20 rejected;"), "\(build.stdout)")
    }

    @Test func runRefusesWhatItCannotMeasureWithTheReason() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notAWorkspace = try CohortProcess.run(["bench", "run", folder.path])
        #expect(notAWorkspace.status == 2 && notAWorkspace.stderr.contains("is not a cohort workspace"),
                "\(notAWorkspace.stderr)")
        // A drop that fails its one-shot build stops the run, with what the build said; the copy is removed.
        let workspace = folder.appendingPathComponent("bench")
        let generate = ["bench", "generate", workspace.path, "--profiles", "60", "--events-per-profile", "3",
                        "--csv-rows", "0"]
        #expect(try CohortProcess.run(generate).status == 0)
        let drop = workspace.appendingPathComponent("bench-drops/drop-1.ndjson")
        try Data("not json {\n\u{0}\u{FF}\n".utf8).write(to: drop)
        let run = try CohortProcess.run(["bench", "run", workspace.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cohort one-shot build after drop-1.ndjson exited with status 1"), "\(run.stderr)")
        #expect(run.stderr.contains("inbox/web-events/drop-1.ndjson: "), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["bench"])
    }

    /// `--engine spark`: a first Spark build and one after the first drop, each a process of its own with its phases,
    /// its own peak memory and its Spark job's; nothing measured natively is reported as if it were Spark's.
    @Test(.enabled(if: SparkInstallation.shouldRun, SparkInstallation.skipReason))
    func runOnSparkMeasuresTheSparkBuilds() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("bench")
        #expect(try CohortProcess.run(["bench", "generate", workspace.path, "--profiles", "50", "--events-per-profile", "3",
                                       "--csv-rows", "0"]).status == 0)
        let run = try CohortProcess.run(["bench", "run", workspace.path, "--engine", "spark", "--master", "local[2]",
                                         "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.ui.enabled=false"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "\n")
        let header = try #require(lines.first)
        #expect(header.hasPrefix("engine: spark, master local[2]; records kept: "), "\(run.stdout)")
        #expect((Int(header.split(separator: " ").last ?? "") ?? 0) > 0, "\(header)")
        // The one generated segment Spark cannot run is left out, and said with its place.
        #expect(lines.filter { $0.hasPrefix("left out on Spark: ") }
            == ["left out on Spark: segments/bench-a-names.pql:1:23: error: `startsWith(…)` ignoring case cannot run on "
                + "Spark: case folding differs between the engines"], "\(run.stdout)")
        for command in ["build --engine spark", "one-shot build --engine spark after drop-1.ndjson"] {
            let line = try #require(lines.first { $0.hasPrefix(command + ": ") }, "no \(command) in \(run.stdout)")
            let numbers = Self.numbers(in: line, before: [" s, peak memory ", " MB, its Spark job ", " MB ("])
            #expect(numbers.count == 3 && numbers.allSatisfy { $0 > 0 }, "\(line)")
            #expect(line.contains("(prepare ") && line.contains(", spark job ") && line.contains(", finish "), "\(line)")
        }
        let memory = try #require(lines.first { $0.hasPrefix("peak memory: ") })
        #expect(Self.numbers(in: memory, before: [" MB"]).count == 4, "\(memory)")
        #expect(!run.stdout.contains("ingest ") && !run.stdout.contains("segments: ") && !run.stdout.contains("watch"),
                "\(run.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["bench"])
    }

    @Test func runRefusesSparkOptionsWithoutTheSparkEngine() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("bench")
        #expect(try CohortProcess.run(["bench", "generate", workspace.path, "--profiles", "5", "--events-per-profile", "1",
                                       "--csv-rows", "0"]).status == 0)
        for options in [["--master", "spark://127.0.0.1:7077"], ["--conf", "spark.executor.memory=1g"]] {
            let run = try CohortProcess.run(["bench", "run", workspace.path] + options)
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr.contains("--master and --conf are for --engine spark"), "\(run.stderr)")
            #expect(run.stdout.isEmpty, "\(run.stdout)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["bench"])
    }

    /// The numbers that end just before one of `suffixes` in `text`, in order.
    private static func numbers(in text: String, before suffixes: [String]) -> [Double] {
        var found: [(String.Index, Double)] = []
        for suffix in suffixes {
            var searchFrom = text.startIndex
            while let range = text.range(of: suffix, range: searchFrom..<text.endIndex) {
                let digits = text[..<range.lowerBound].reversed().prefix { $0.isNumber || $0 == "." }
                if let value = Double(String(digits.reversed())) { found.append((range.lowerBound, value)) }
                searchFrom = range.upperBound
            }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
