import CohortCore
import Foundation

/// The measurements of `cohort bench run` on a generated benchmark workspace: ingest throughput
/// per format (and of one large CSV file), a first `cohort build` and a `cohort build --rebuild`,
/// one-shot builds after a 1,000-record drop, each segment's evaluation, and the latency of dropping
/// a 1,000-record file into a watched workspace. Every command runs as a `cohort` process of its own,
/// so its wall time and peak memory are its own; ingest and segments are measured in this process.
/// With `spark`, the first build and one one-shot build run on Spark (`cohort build --engine spark`), the
/// whole job each: spark-submit's start, the job, and the driver's exports, ledger and archive.
public struct BenchmarkRun {
    /// The Spark master and settings the builds run with (`--master`, `--conf`).
    public struct Spark: Sendable {
        public var master: String
        public var settings: [String]

        public init(master: String, settings: [String]) {
            self.master = master
            self.settings = settings
        }
    }

    public struct Throughput: Sendable {
        public var format: String
        /// The one file measured, relative to the workspace; nil for all inbox files of the format.
        public var file: String?
        public var records: Int
        public var bytes: Int
        public var seconds: Double
    }

    /// One `cohort` command run as a process of its own.
    public struct Command: Sendable {
        /// What ran, e.g. `build --rebuild`.
        public var name: String
        /// Wall time from the process's start to its exit.
        public var seconds: Double
        /// The process's own peak resident memory.
        public var peakMemoryBytes: Int
        /// The peak memory of its largest child process (the Spark job's), when it tells it.
        public var childPeakMemoryBytes: Int?
        /// The phases of its work as it timed them.
        public var phases: [(phase: String, seconds: Double)]
    }

    public struct Result: Sendable {
        /// The Spark master the builds ran on; nil for cohort's own engine.
        public var sparkMaster: String?
        /// What Spark cannot run, left out of the copy before the Spark builds (one line each, located).
        public var leftOut: [String] = []
        public var profiles = 0
        public var records = 0
        public var ingest: [Throughput] = []
        public var build: Command?
        public var rebuild: Command?
        /// A new `cohort build` after each of the first drops, in order.
        public var oneShots: [Command] = []
        public var segments: [(id: String, seconds: Double)] = []
        /// Seconds per drop, in drop order.
        public var drops: [Double] = []
        /// Mean seconds per phase of a drop.
        public var dropPhases: [(phase: String, seconds: Double)] = []
        /// The peak memory of the watch process that took the drops.
        public var watchPeakMemoryBytes = 0
        /// The peak memory of this process (ingest and segments).
        public var peakMemoryBytes = 0
    }

    /// Why a run stopped.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// How many drops get a one-shot build; the watch process takes the rest.
    public static let oneShotDrops = 3

    public let workspace: URL
    public let asOf: Int64
    /// The `cohort` executable that runs the commands.
    public let executable: URL
    /// Where the builds run: nil for cohort's own engine.
    public let spark: Spark?

    public init(workspace: URL, asOf: Int64, executable: URL, spark: Spark? = nil) {
        self.workspace = workspace
        self.asOf = asOf
        self.executable = executable
        self.spark = spark
    }

    /// Runs everything on `workspace`, which it consumes (its inbox is ingested). `progress` hears each step.
    public func run(progress: (String) -> Void) throws -> Result {
        if let spark { return try runOnSpark(spark, progress: progress) }
        var result = Result()
        let builder = try Builder(root: workspace)
        progress("reading the inbox files without storing them")
        let scan = InboxScanner(root: workspace).scan(datasets: Set(builder.workspace.datasets.map(\.id.value)))
        result.ingest = try ingestThroughput(builder, files: scan.pending, oneEach: false)
        progress("reading the large files of bench-csv/ without storing them")
        result.ingest += try ingestThroughput(builder, files: largeFiles(), oneEach: true)
        progress("cohort build")
        let build = try command("build", ["build"])
        result.build = build.command
        result.records = build.report.recordsKept ?? 0
        progress("cohort build --rebuild")
        result.rebuild = try command("build --rebuild", ["build", "--rebuild"]).command
        do {
            progress("segments one by one")
            let store = try RecordStore(readingFrom: builder.storeFolder)
            var seconds: [String: Double] = [:]
            try builder.forEachProfileBatch { profiles in
                result.profiles += profiles.entries.count
                let memberships = try store.memberships(of: Set(profiles.entries.compactMap(\.key)))
                for (id, time) in segmentTimes(profiles, memberships: memberships, workspace: builder.workspace) {
                    seconds[id, default: 0] += time
                }
            }
            result.segments = SegmentSet(workspace: builder.workspace).segments.map { ($0.id, seconds[$0.id] ?? 0) }
        }
        let drops = dropFiles()
        for drop in drops.prefix(Self.oneShotDrops) {
            progress("a one-shot cohort build after \(drop.lastPathComponent)")
            try WatchDrops.place(drop, in: workspace)
            result.oneShots.append(try command("one-shot build after \(drop.lastPathComponent)", ["build"]).command)
        }
        let watched = Array(drops.dropFirst(Self.oneShotDrops))
        if !watched.isEmpty {
            progress("watch: \(watched.count) drops of 1,000 records")
            let reports = try run("bench watch-drops", ["bench", "watch-drops"] + watched.map(\.path)).reports
            result.drops = reports.compactMap(\.seconds)
            result.dropPhases = meanPhases(reports)
            result.watchPeakMemoryBytes = reports.map(\.peakMemoryBytes).max() ?? 0
        }
        result.peakMemoryBytes = PeakMemory.bytes()
        return result
    }

    /// The Spark measurements: a first `cohort build --engine spark`, then one after the first drop.
    private func runOnSpark(_ spark: Spark, progress: (String) -> Void) throws -> Result {
        var result = Result()
        result.sparkMaster = spark.master
        // A segment or destination file Spark cannot run would stop the build: it is left out of the copy, and said.
        let unsupported = SparkSupport.unsupported(in: try Builder(root: workspace).workspace)
        for diagnostic in unsupported {
            try? FileManager.default.removeItem(at: workspace.appendingPathComponent(diagnostic.location.file))
            result.leftOut.append(diagnostic.description)
        }
        let engine = ["--engine", "spark", "--master", spark.master] + spark.settings.flatMap { ["--conf", $0] }
        progress("cohort build --engine spark --master \(spark.master)")
        let build = try command("build --engine spark", ["build"] + engine)
        result.build = build.command
        result.records = build.report.recordsKept ?? 0
        if let drop = dropFiles().first {
            progress("a one-shot cohort build --engine spark after \(drop.lastPathComponent)")
            try WatchDrops.place(drop, in: workspace)
            result.oneShots.append(try command("one-shot build --engine spark after \(drop.lastPathComponent)",
                                               ["build"] + engine).command)
        }
        return result
    }

    /// Runs `cohort <arguments> --timings` and reads its report.
    private func command(_ name: String, _ arguments: [String]) throws -> (command: Command, report: BenchChildReport) {
        let (seconds, reports) = try run(name, arguments + ["--timings"])
        guard let report = reports.last else {
            throw Failure(description: "cohort \(name) printed no timings; is \(executable.path) the cohort that runs "
                + "the benchmark?")
        }
        let command = Command(name: name, seconds: seconds, peakMemoryBytes: report.peakMemoryBytes,
                              childPeakMemoryBytes: report.childPeakMemoryBytes, phases: report.timings)
        return (command, report)
    }

    /// Runs `cohort <arguments> -C <workspace> --as-of <asOf>`: its wall time and reports, or why it
    /// failed with the last lines it said.
    private func run(_ name: String, _ arguments: [String]) throws -> (seconds: Double, reports: [BenchChildReport]) {
        let outcome: TimedProcess.Outcome
        do {
            outcome = try TimedProcess(executable: executable)
                .run(arguments + ["-C", workspace.path, "--as-of", asOfText])
        } catch let failure as TimedProcess.Failure {
            throw Failure(description: failure.description)
        }
        guard outcome.succeeded else {
            let said = outcome.stderr.split(separator: "\n").suffix(10).map { "  \($0)" }.joined(separator: "\n")
            throw Failure(description: "cohort \(name) \(outcome.ending) on the workspace's copy"
                + (said.isEmpty ? "" : "; it said:\n" + said))
        }
        return (outcome.seconds, BenchChildReport.reports(in: outcome.stdout))
    }

    /// `asOf` as `--as-of` takes it, to the millisecond.
    private var asOfText: String {
        let whole = Timestamp.rfc3339(asOf)
        let milliseconds = (asOf % 1000 + 1000) % 1000
        return milliseconds == 0 ? whole : whole.dropLast() + String(format: ".%03dZ", milliseconds)
    }

    private func meanPhases(_ reports: [BenchChildReport]) -> [(phase: String, seconds: Double)] {
        var phases: [(phase: String, seconds: Double)] = []
        for report in reports {
            for (index, timing) in report.timings.enumerated() {
                if index < phases.count { phases[index].seconds += timing.seconds } else { phases.append(timing) }
            }
        }
        return phases.map { ($0.phase, $0.seconds / Double(max(1, reports.count))) }
    }

    /// Times reading `files` without storing them: per format, or (`oneEach`) per file.
    private func ingestThroughput(_ builder: Builder, files: [InboxScanner.Pending],
                                  oneEach: Bool) throws -> [Throughput] {
        var byKey: [String: Throughput] = [:]
        for file in files {
            guard let ingest = builder.datasetIngest(file.dataset) else { continue }
            let data = try DataFile(file.url)
            let size = data.size
            let started = DispatchTime.now().uptimeNanoseconds
            let ingestor = FileIngestor(ingest: ingest)
            let outcome = try ingestor.run(data, displayPath: file.path) { _ in }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let format = file.url.pathExtension
            let key = oneEach ? file.path : format
            var entry = byKey[key]
                ?? Throughput(format: format, file: oneEach ? file.path : nil, records: 0, bytes: 0, seconds: 0)
            entry.records += outcome.read
            entry.bytes += size
            entry.seconds += seconds
            byKey[key] = entry
        }
        return byKey.keys.sorted().compactMap { byKey[$0] }
    }

    /// The files of `bench-csv/<dataset-id>/`, each read as its dataset reads it.
    private func largeFiles() -> [InboxScanner.Pending] {
        let folder = workspace.appendingPathComponent("bench-csv")
        let datasets = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return datasets.flatMap { dataset -> [InboxScanner.Pending] in
            let datasetFolder = folder.appendingPathComponent(dataset)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: datasetFolder.path)) ?? []
            return names.filter { !InboxScanner.isIgnored($0) }.sorted().map { name in
                InboxScanner.Pending(dataset: dataset, url: datasetFolder.appendingPathComponent(name),
                                     path: "bench-csv/\(dataset)/\(name)")
            }
        }
    }

    /// Each segment's time over one batch of profiles, on every core.
    private func segmentTimes(_ profiles: UnifiedProfiles, memberships: [String: [String: Membership]], workspace: Workspace) -> [(id: String, seconds: Double)] {
        let segments = SegmentSet(workspace: workspace)
        let book = MembershipBook(memberships)
        let context = PQLContext(attributes: [:], events: [], now: asOf, timeZone: workspace.settings.timezone.value)
        let keyed = profiles.entries.map {
            ($0.profile.packedAttributes, $0.eventAttributes, $0.profile.identities, book.segments(of: $0.profile.identities.first?.description ?? ""))
        }
        return segments.segments.map { segment in
            let started = DispatchTime.now().uptimeNanoseconds
            // On every core, as a build evaluates them.
            _ = keyed.parallelMap { attributes, events, identities, inSegments in
                var context = context
                context.attributes = attributes
                context.events = events
                context.identities = identities
                context.memberships = inSegments
                return segment.program.matches(context)
            }
            return (segment.id, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        }
    }

    private func dropFiles() -> [URL] {
        let folder = workspace.appendingPathComponent("bench-drops")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".ndjson") }
            .sorted { (Int($0.filter(\.isNumber)) ?? 0) < (Int($1.filter(\.isNumber)) ?? 0) }
            .map { folder.appendingPathComponent($0) }
    }
}
