import CohortCore
import Foundation
import Testing

/// Real Apache Spark for the differential tests: one `python3` process that starts a local
/// SparkSession once (pyspark 4, Java 17) and evaluates a whole batch of segment conditions over
/// profile frames written as JSON lines. The Python is `PYSPARK_PYTHON` (the CI's virtual
/// environment, see `.ci/run`) or `python3` on the PATH.
enum LocalSpark {
    /// One profile frame: its JSON lines file and its Spark schema (JSON StructType).
    struct Frame: Encodable {
        var path: String
        var schema: String
    }

    /// A segment condition, evaluated on the frame of `policy` in the order given; `reads` are the
    /// segment columns it needs, joined by profile key from the frame they were evaluated on.
    struct Condition: Encodable {
        var id: String
        var policy: String
        var sql: String
        var reads: [String]
        /// The frame's column the condition is evaluated into (`SparkSegments.column(of:)`).
        var column: String

        init(id: String, policy: String, sql: String, reads: [String]) {
            self.id = id
            self.policy = policy
            self.sql = sql
            self.reads = reads
            column = SparkSegments.column(of: id)
        }
    }

    /// Frames and the conditions evaluated on them.
    struct Case: Encodable {
        var name: String
        var frames: [String: Frame]
        var conditions: [Condition]
    }

    /// Per case and condition: the profile keys where it holds, and where it was NULL.
    struct Outcome: Decodable, Equatable {
        var members: [String]
        var nulls: [String]
    }

    static let python = ProcessInfo.processInfo.environment["PYSPARK_PYTHON"] ?? "python3"

    /// Whether python3 imports pyspark and Java runs here.
    static let installed: Bool = {
        guard let output = try? run(["-c", "import pyspark, shutil, sys; sys.exit(0 if shutil.which('java') else 1)"], timeout: 60)
        else { return false }
        return output.status == 0
    }()

    /// Run when installed, and always under CI (where its absence fails the test instead of skipping it).
    static var shouldRun: Bool { installed || ProcessInfo.processInfo.environment["CI"] != nil }

    static let skipReason: Comment = """
        python3 with pyspark 4 and Java 17 are not installed (apt-get install openjdk-17-jre-headless; \
        pip install pyspark, or set PYSPARK_PYTHON); set CI=1 to fail instead
        """

    /// Evaluates every case in one Spark session whose own time zone is `sessionTimeZone` (the
    /// conditions must not depend on it); a Spark that has not answered after `timeout` seconds is killed.
    static func evaluate(_ cases: [Case], in folder: URL, sessionTimeZone: String,
                         timeout: Double = 600) throws -> [String: [String: Outcome]] {
        let job = folder.appendingPathComponent("job.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        struct Job: Encodable {
            var sessionTimeZone: String
            var cases: [Case]
        }
        try encoder.encode(Job(sessionTimeZone: sessionTimeZone, cases: cases)).write(to: job)
        let script = folder.appendingPathComponent("evaluate.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let output = try run([script.path, job.path], timeout: timeout)
        guard output.status == 0, let last = output.stdout.split(separator: "\n").last else {
            throw Failure("Spark failed (\(output.status)): \(output.stderr.suffix(4_000))")
        }
        return try JSONDecoder().decode([String: [String: Outcome]].self, from: Data(last.utf8))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static let script = """
        import json, sys
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F
        from pyspark.sql.types import StructType

        job = json.load(open(sys.argv[1], encoding="utf-8"))
        spark = (SparkSession.builder.master("local[2]").appName("cohort-pql-differential")
                 .config("spark.sql.session.timeZone", job["sessionTimeZone"])
                 .config("spark.sql.ansi.enabled", "true")
                 .config("spark.ui.enabled", "false")
                 .config("spark.sql.shuffle.partitions", "2")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        result = {}
        for case in job["cases"]:
            frames = {}
            for policy, frame in sorted(case["frames"].items()):
                schema = StructType.fromJson(json.loads(frame["schema"]))
                frames[policy] = spark.read.schema(schema).option("mode", "FAILFAST").json(frame["path"])
            # Conditions are added to their frame a batch at a time, in order: a batch ends before a
            # condition that reads a column not yet in its frame (inSegment), which is then joined in.
            pending = {policy: [] for policy in frames}
            columns = {c["id"]: c["column"] for c in case["conditions"]}
            evaluated_on = {}
            def flush(policy):
                if pending[policy]:
                    frames[policy] = frames[policy].select("*", *pending[policy]).cache()
                    pending[policy] = []
            for condition in case["conditions"]:
                policy = condition["policy"]
                for read in condition["reads"]:
                    if columns[read] not in frames[policy].columns:
                        flush(evaluated_on[read])
                        flush(policy)
                        if columns[read] not in frames[policy].columns:
                            other = frames[evaluated_on[read]].select("profile_key", columns[read])
                            frames[policy] = frames[policy].join(other, "profile_key", "left")
                pending[policy].append(F.expr(condition["sql"]).alias(condition["column"]))
                evaluated_on[condition["id"]] = policy
            outcomes = {}
            for policy in sorted(frames):
                flush(policy)
                ids = [c["id"] for c in case["conditions"] if evaluated_on[c["id"]] == policy]
                rows = frames[policy].select("profile_key", *[frames[policy][columns[i]] for i in ids]).collect()
                for index, condition in enumerate(ids, start=1):
                    outcomes[condition] = {
                        "members": sorted(row[0] for row in rows if row[index] is True),
                        "nulls": sorted(row[0] for row in rows if row[index] is None),
                    }
            result[case["name"]] = outcomes
        spark.stop()
        print(json.dumps(result, sort_keys=True))
        """

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the Python with `arguments`, its output in files (no pipe can fill up and block it);
    /// kills it (and fails) after `timeout` seconds.
    private static func run(_ arguments: [String], timeout: Double) throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-spark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = finished.wait(timeout: .now() + 5)
            }
            throw Failure("Spark did not finish within \(Int(timeout)) s and was killed")
        }
        return Output(status: process.terminationStatus, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
