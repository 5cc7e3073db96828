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
        subcommands: [BenchGenerateCommand.self, BenchRunCommand.self]
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
            try WorkspaceInitializer.locateTemplate(executable: URL(fileURLWithPath: CommandLine.arguments[0]),
                                                    environment: ProcessInfo.processInfo.environment).create(at: root, force: false)
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
        abstract: "Measure ingest, build, rebuild, segments, memory and watch latency on a benchmark workspace.",
        discussion: "Works on a copy beside DIR (removed afterwards), so DIR can be measured again. Build with -c release for real numbers."
    )

    @Argument(help: ArgumentHelp("A workspace written by `cohort bench generate`.", valueName: "dir"))
    var directory: String

    @Option(help: "The time segments are evaluated at.")
    var asOf = "2026-11-21T00:00:00Z"

    func run() throws {
        guard let asOfMilliseconds = Timestamp.milliseconds(from: asOf) else { throw ValidationError("--as-of needs an RFC 3339 time") }
        let source = URL(fileURLWithPath: directory).standardizedFileURL
        let copy = source.deletingLastPathComponent().appendingPathComponent(".\(source.lastPathComponent)-run-\(getpid())")
        try FileManager.default.copyItem(at: source, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let result = try BenchmarkRun(workspace: copy, asOf: asOfMilliseconds).run { printError("… \($0)") }
        print(BenchReport.text(result))
    }
}

/// The numbers of a benchmark run as text.
enum BenchReport {
    static func text(_ result: BenchmarkRun.Result) -> String {
        var lines = ["profiles: \(result.profiles), records kept: \(result.records)"]
        for entry in result.ingest {
            lines.append(String(format: "ingest %@: %d records, %.1f MB in %.2f s = %.0f records/s, %.1f MB/s", entry.format,
                                entry.records, Double(entry.bytes) / 1e6, entry.seconds, Double(entry.records) / entry.seconds,
                                Double(entry.bytes) / 1e6 / entry.seconds))
        }
        for (name, phases) in [("build", result.build), ("build --rebuild", result.rebuild)] {
            let total = phases.reduce(0) { $0 + $1.seconds }
            lines.append(String(format: "%@: %.2f s (", name, total) + phases.map { String(format: "%@ %.2f", $0.phase, $0.seconds) }.joined(separator: ", ") + ")")
        }
        let segmentTotal = result.segments.reduce(0) { $0 + $1.seconds }
        lines.append(String(format: "segments: %d in %.2f s; slowest: ", result.segments.count, segmentTotal)
            + result.segments.sorted { $0.seconds > $1.seconds }.prefix(3).map { String(format: "%@ %.3f s", $0.id, $0.seconds) }.joined(separator: ", "))
        for segment in result.segments.sorted(by: { $0.id < $1.id }) {
            lines.append(String(format: "  segment %@: %.3f s", segment.id, segment.seconds))
        }
        let sorted = result.drops.sorted()
        if !sorted.isEmpty {
            let p50 = sorted[(sorted.count - 1) / 2]
            let p95 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)]
            lines.append(String(format: "watch, 1,000-record drop: p50 %.3f s, p95 %.3f s (%d drops); mean per phase: ", p50, p95, sorted.count)
                + result.dropPhases.map { String(format: "%@ %.3f", $0.phase, $0.seconds) }.joined(separator: ", "))
        }
        lines.append(String(format: "peak memory: %.0f MB", Double(result.peakMemoryBytes) / 1e6))
        return lines.joined(separator: "\n")
    }
}
