import Foundation

/// Runs the Spark job with `spark-submit`: found through `SPARK_HOME`, else in the `pyspark` package that
/// `python3` imports. The job's standard error goes to a log file whose last lines a failure reports;
/// the job is stopped when it outlives its timeout or cohort is interrupted or terminated.
public struct SparkSubmit: Sendable {
    /// Why the job did not run to its end.
    public enum Failure: Error, CustomStringConvertible {
        case notFound(String)
        /// No Java to run Spark: why (JAVA_HOME's `bin/java` missing, or no `java` on PATH).
        case noJava(String)
        case failed(status: Int32, log: String, tail: String)
        case timedOut(seconds: Int, log: String)
        case interrupted

        public var description: String {
            switch self {
            case .notFound(let why):
                return "spark-submit not found: \(why); set SPARK_HOME to a Spark installation, or install pyspark "
                    + "(pip install pyspark) for the python3 on PATH"
            case .noJava(let why):
                return "Java not found: \(why); Spark runs on Java 17 or later: install it (on Debian or Ubuntu: "
                    + "apt-get install openjdk-17-jre-headless), or set JAVA_HOME to a Java installation"
            case .failed(let status, let log, let tail):
                return "the Spark job failed (exit \(status)); the end of its log (\(log)):\n\(tail)"
            case .timedOut(let seconds, let log):
                return "the Spark job did not finish within \(seconds) s and was stopped; its log is \(log)"
            case .interrupted:
                return "the Spark job was interrupted and stopped; nothing in inbox/ or exports/ changed"
            }
        }
    }

    public let executable: URL
    /// `local[*]` unless given.
    public var master = "local[*]"
    /// `KEY=VALUE` Spark settings, passed as `--conf`.
    public var settings: [String] = []
    /// Seconds before the job is stopped; nil waits as long as it runs.
    public var timeout: Int?

    public init(executable: URL) {
        self.executable = executable
    }

    /// `SPARK_HOME/bin/spark-submit`, else `bin/spark-submit` of the `pyspark` package; and Java to run it, as
    /// spark-submit finds it (`JAVA_HOME/bin/java`, else `java` on PATH).
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SparkSubmit {
        try requireJava(environment: environment)
        if let home = environment["SPARK_HOME"], !home.isEmpty {
            let url = URL(fileURLWithPath: home).appendingPathComponent("bin/spark-submit")
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw Failure.notFound("SPARK_HOME is \(home), which has no bin/spark-submit")
            }
            return SparkSubmit(executable: url)
        }
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c",
                            "import pyspark, os; print(os.path.dirname(pyspark.__file__))"]
        let output = Pipe()
        python.standardOutput = output
        python.standardError = FileHandle.nullDevice
        do { try python.run() } catch { throw Failure.notFound("SPARK_HOME is not set and python3 cannot be run") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let folder = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard python.terminationStatus == 0, !folder.isEmpty else {
            throw Failure.notFound("SPARK_HOME is not set and python3 cannot import pyspark")
        }
        let url = URL(fileURLWithPath: folder).appendingPathComponent("bin/spark-submit")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Failure.notFound("the pyspark package at \(folder) has no bin/spark-submit")
        }
        return SparkSubmit(executable: url)
    }

    /// Throws `noJava` unless `JAVA_HOME/bin/java` (when JAVA_HOME is set) or a `java` on PATH can be run.
    static func requireJava(environment: [String: String]) throws {
        if let home = environment["JAVA_HOME"], !home.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: home + "/bin/java") else {
                throw Failure.noJava("JAVA_HOME is \(home), which has no bin/java")
            }
            return
        }
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        guard folders.contains(where: { FileManager.default.isExecutableFile(atPath: $0 + "/java") }) else {
            throw Failure.noJava("JAVA_HOME is not set and no folder on PATH holds java")
        }
    }

    /// Runs `program` with `arguments`, its output and errors written to `log`; returns when it ends well.
    public func run(program: URL, arguments: [String], log: URL) throws {
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw BuildError.cannotWrite(log.path, "the Spark job's log cannot be created there; "
                                         + "make the folder writable")
        }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--master", master] + settings.flatMap { ["--conf", $0] } + [program.path] + arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // An interrupt (Ctrl-C) or a termination (`kill`) stops the job before cohort ends, so that no
        // Spark driver is left running on its own. The signals are ignored only once the job runs: a
        // child started with them ignored would inherit that and never stop. A job that does not stop
        // within 10 s is killed.
        let interrupted = Interruption()
        let stops = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                interrupted.happen()
                process.terminate()
                let job = process.processIdentifier
                DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(10)) {
                    if process.isRunning { kill(job, SIGKILL) }
                }
            }
            source.resume()
            return (number, source)
        }
        defer {
            for (number, source) in stops {
                source.cancel()
                signal(number, SIG_DFL)
            }
        }
        let deadline: DispatchTime = timeout.map { .now() + .seconds($0) } ?? .distantFuture
        if finished.wait(timeout: deadline) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + .seconds(10)) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            throw Failure.timedOut(seconds: timeout ?? 0, log: log.path)
        }
        if interrupted.happened { throw Failure.interrupted }
        guard process.terminationStatus == 0 else {
            throw Failure.failed(status: process.terminationStatus, log: log.path, tail: Self.tail(of: log))
        }
    }

    /// The last lines of the log that say something (Spark's own INFO and WARN lines left out).
    static func tail(of log: URL, lines count: Int = 20) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.contains(" INFO ") && !$0.contains(" WARN ") }
        return lines.suffix(count).joined(separator: "\n")
    }

    /// Whether an interrupt stopped the job (set from the signal's queue, read after the job ends).
    private final class Interruption: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false

        func happen() { lock.withLock { value = true } }
        var happened: Bool { lock.withLock { value } }
    }
}
