import ArgumentParser
import CohortCore
import CohortEngine
import CohortSampleData
import Foundation

/// `cohort bench`: the benchmark workspace and the measurements behind the README's performance table.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Generate a benchmark workspace and measure cohort on it.",
        subcommands: [BenchGenerateCommand.self, BenchRunCommand.self, BenchWatchDropsCommand.self]
    )
}

/// `cohort bench generate DIR --profiles N`: the template's definitions, 20 segments, 3 destinations
/// and generated data of N profiles.
struct BenchGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic benchmark workspace of N profiles.",
        discussion: """
            The template's schemas, namespaces, datasets, merge policies, destinations and policy; its seven segments \
            plus thirteen more (twenty in all); and data shaped like the template's: CRM profiles in JSON and CSV, loyalty \
            members, purchases and web events (one bad record in twenty, shared devices, junk identities). \
            bench-drops/ holds twenty files of 1,000 events for the one-shot and incremental benchmarks, and \
            bench-csv/dma-crm/dma-crm.csv one large file in the CSV dataset's shape (outside the inbox; bench run \
            reads it without storing it).
            """
    )

    @Argument(help: ArgumentHelp("The folder to create (must be empty or missing).", valueName: "dir"))
    var directory: String

    @Option(help: "How many people.")
    var profiles: Int

    @Option(help: "Events per person (purchases and web events).")
    var eventsPerProfile = 10

    @Option(help: "The random seed: the same seed gives the same bytes.")
    var seed: UInt64 = 20_261_101

    @Option(help: ArgumentHelp("Rows of the large CSV file in bench-csv/ (default: 10 per person; 0 for none).",
                               valueName: "n"))
    var csvRows: Int?

    func validate() throws {
        guard profiles > 0 else { throw ValidationError("--profiles must be at least 1") }
        guard eventsPerProfile >= 0 else { throw ValidationError("--events-per-profile cannot be negative") }
        guard (csvRows ?? 0) >= 0 else { throw ValidationError("--csv-rows cannot be negative") }
        guard csvRows != nil || !profiles.multipliedReportingOverflow(by: 10).overflow else {
            throw ValidationError("--profiles \(profiles) is too many for 10 CSV rows each; give --csv-rows")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: directory)
        do {
            try BuiltInTemplate.initializer().create(at: root, force: false)
        } catch let failure as WorkspaceInitializer.Failure {
            printError("error: \(failure)")
            throw ExitCode(1)
        }
        let inbox = root.appendingPathComponent("inbox")
        for dataset in try FileManager.default.contentsOfDirectory(atPath: inbox.path) {
            let folder = inbox.appendingPathComponent(dataset)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
            }
        }
        for segment in BenchmarkSegments.files {
            try Data((segment.expression + "\n").utf8).write(to: root.appendingPathComponent(segment.path))
        }
        var handles: [String: FileHandle] = [:]
        var failure: Error?
        let options = BenchmarkData.Options(profiles: profiles, eventsPerProfile: eventsPerProfile, seed: seed,
                                            csvRows: csvRows ?? profiles * 10)
        let counts = BenchmarkData(options).generate { path, chunk in
            guard failure == nil else { return }
            do {
                if handles[path] == nil {
                    let url = root.appendingPathComponent(path)
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
                    }
                    handles[path] = try FileHandle(forWritingTo: url)
                }
                try handles[path]?.write(contentsOf: Data(chunk.utf8))
            } catch {
                failure = error
            }
        }
        for handle in handles.values { try handle.close() }
        if let failure { throw failure }
        for path in counts.keys.sorted() where !path.hasPrefix("bench-drops/") { print("\(path): \(counts[path] ?? 0) records") }
        print("bench-drops/: \(BenchmarkData.drops) files of \(BenchmarkData.recordsPerDrop) events")
    }
}

/// `cohort bench run DIR`: measures a copy of a generated benchmark workspace and prints the numbers.
struct BenchRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Measure ingest, builds, one-shot builds, segments, watch latency and memory on a benchmark copy.",
        discussion: """
            Works on a copy beside DIR (removed afterwards), so DIR can be measured again. Build with -c release for \
            real numbers. Ingest throughput (per format, and of the large files in bench-csv/) and segments are \
            measured in this process; `cohort build`, `cohort build --rebuild`, a new `cohort build` after each of the \
            first three drops of bench-drops/, and a watch session taking the other drops each run as a process of \
            their own, so each one's time and peak memory are its own. \
            With --engine spark, a first `cohort build --engine spark` and one after the first drop are measured (each \
            the whole job: spark-submit's start, the job, the driver's exports, ledger and archive), with the peak \
            memory of cohort and of the Spark job's largest process; --master and --conf go to both builds. A segment \
            Spark cannot run (cohort validate --engine spark) is left out of the copy, and the report says which.
            """
    )

    @Argument(help: ArgumentHelp("A workspace written by `cohort bench generate`.", valueName: "dir"))
    var directory: String

    @Option(help: "The time segments are evaluated at.")
    var asOf = "2026-11-21T00:00:00Z"

    @OptionGroup var spark: SparkEngineOptions

    func run() throws {
        guard let asOfMilliseconds = Timestamp.milliseconds(from: asOf) else { throw ValidationError("--as-of needs an RFC 3339 time") }
        let source: URL
        do {
            source = try WorkspaceLocator.locate(given: directory,
                                                 currentFolder: FileManager.default.currentDirectoryPath)
        } catch let failure as WorkspaceLocator.Failure {
            printError("error: \(failure)")
            throw ExitCode(2)
        }
        let copy = source.deletingLastPathComponent().appendingPathComponent(".\(source.lastPathComponent)-run-\(getpid())")
        defer { try? FileManager.default.removeItem(at: copy) }
        do {
            try FileManager.default.copyItem(at: source, to: copy)
        } catch {
            printError("error: \(directory): cannot copy it to \(copy.path) to measure the copy; check the free space "
                       + "and that its parent folder is writable")
            throw ExitCode(1)
        }
        let engine = spark.engine == .spark ? BenchmarkRun.Spark(master: spark.master, settings: spark.conf) : nil
        let run = BenchmarkRun(workspace: copy, asOf: asOfMilliseconds, executable: Self.executable, spark: engine)
        do {
            print(BenchReport.text(try run.run { printError("… \($0)") }))
        } catch let error as BenchmarkRun.Failure {
            printError("error: \(directory): \(error)")
            throw ExitCode(1)
        } catch let error as BuildError {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// This very program, which runs the measured commands.
    static var executable: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: here)
    }
}

/// `cohort bench watch-drops -C DIR DROP…` (hidden): the watch part of `bench run` in a process of its own. A watch
/// session over DIR ingests each drop file in turn; one line of JSON per drop tells its latency, phases and the
/// peak memory so far.
struct BenchWatchDropsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch-drops",
        abstract: "Drop each file into a watched workspace and report each drop's latency (for cohort bench run).",
        shouldDisplay: false
    )

    @OptionGroup var workspace: WorkspaceOption

    @OptionGroup var asOf: AsOfOption

    @Argument(help: ArgumentHelp("Files of web events, dropped into inbox/web-events/ one at a time.",
                                 valueName: "drop"))
    var drops: [String]

    func run() throws {
        let lock = try lockWorkspace(workspace.url)
        try withExtendedLifetime(lock) {
            do {
                try WatchDrops(workspace: workspace.url, asOf: asOf.millisecondsOrNow)
                    .run(drops.map { URL(fileURLWithPath: $0) }) { print($0.line) }
            } catch let error as BuildError {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        }
    }
}

/// The numbers of a benchmark run as text.
enum BenchReport {
    static func text(_ result: BenchmarkRun.Result) -> String {
        var lines = [result.sparkMaster.map { "engine: spark, master \($0); records kept: \(result.records)" }
            ?? "profiles: \(result.profiles), records kept: \(result.records)"]
        lines += result.leftOut.map { "left out on Spark: \($0)" }
        for entry in result.ingest {
            let name = entry.file.map { "\(entry.format), one large file \($0)" } ?? entry.format
            lines.append(String(format: "ingest %@: %d records, %.1f MB in %.2f s = %.0f records/s, %.1f MB/s", name,
                                entry.records, Double(entry.bytes) / 1e6, entry.seconds, Double(entry.records) / entry.seconds,
                                Double(entry.bytes) / 1e6 / entry.seconds))
        }
        lines += commands(result).map(commandLine)
        let sorted = result.drops.sorted()
        if !sorted.isEmpty {
            let p50 = sorted[(sorted.count - 1) / 2]
            let p95 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)]
            lines.append(String(format: "watch, 1,000-record drop: p50 %.3f s, p95 %.3f s (%d drops); mean per phase: ", p50, p95, sorted.count)
                + result.dropPhases.map { String(format: "%@ %.3f", $0.phase, $0.seconds) }.joined(separator: ", "))
        }
        let segmentTotal = result.segments.reduce(0) { $0 + $1.seconds }
        if result.sparkMaster == nil { lines.append(String(format: "segments: %d in %.2f s; slowest: ", result.segments.count, segmentTotal)
            + result.segments.sorted { $0.seconds > $1.seconds }.prefix(3)
                .map { String(format: "%@ %.3f s", $0.id, $0.seconds) }.joined(separator: ", ")) }
        for segment in result.segments.sorted(by: { $0.id < $1.id }) {
            lines.append(String(format: "  segment %@: %.3f s", segment.id, segment.seconds))
        }
        var memory = commands(result).flatMap { command in
            [(command.name, command.peakMemoryBytes)]
                + (command.childPeakMemoryBytes.map { [("its Spark job", $0)] } ?? [])
        }
        if !result.drops.isEmpty { memory.append(("watch", result.watchPeakMemoryBytes)) }
        if result.sparkMaster == nil { memory.append(("bench run itself (ingest, segments)", result.peakMemoryBytes)) }
        lines.append("peak memory: " + memory.map { "\($0.0) \(megabytes($0.1))" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// `build --rebuild: 1.79 s, peak memory 155 MB (ingest 0.83, …)`: a command's wall time, memory and phases
    /// (and `, its Spark job 1200 MB`, its largest child's memory, when it tells it).
    private static func commandLine(_ command: BenchmarkRun.Command) -> String {
        String(format: "%@: %.2f s, peak memory %@", command.name, command.seconds, megabytes(command.peakMemoryBytes))
            + (command.childPeakMemoryBytes.map { ", its Spark job \(megabytes($0))" } ?? "") + " ("
            + command.phases.map { String(format: "%@ %.2f", $0.phase, $0.seconds) }.joined(separator: ", ") + ")"
    }

    /// The commands that ran as processes of their own, in order (the watch process apart).
    private static func commands(_ result: BenchmarkRun.Result) -> [BenchmarkRun.Command] {
        [result.build, result.rebuild].compactMap { $0 } + result.oneShots
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.0f MB", Double(bytes) / 1e6)
    }
}
