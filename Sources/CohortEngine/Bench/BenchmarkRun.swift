import CohortCore
import Foundation

/// The measurements of `cohort bench run` on a generated benchmark workspace: ingest throughput
/// per format, a full build and a `--rebuild` phase by phase, each segment's evaluation, peak
/// memory, and the latency of dropping a 1,000-record file into a watched workspace.
public struct BenchmarkRun {
    public struct Throughput: Sendable {
        public var format: String
        public var records: Int
        public var bytes: Int
        public var seconds: Double
    }

    public struct Result: Sendable {
        public var profiles = 0
        public var records = 0
        public var ingest: [Throughput] = []
        public var build: [(phase: String, seconds: Double)] = []
        public var rebuild: [(phase: String, seconds: Double)] = []
        public var segments: [(id: String, seconds: Double)] = []
        /// Seconds per drop, in drop order.
        public var drops: [Double] = []
        /// Mean seconds per phase of a drop.
        public var dropPhases: [(phase: String, seconds: Double)] = []
        public var peakMemoryBytes = 0
    }

    public let workspace: URL
    public let asOf: Int64

    public init(workspace: URL, asOf: Int64) {
        self.workspace = workspace
        self.asOf = asOf
    }

    /// Runs everything on `workspace`, which it consumes (its inbox is ingested). `progress` hears each step.
    public func run(progress: (String) -> Void) throws -> Result {
        var result = Result()
        let builder = try Builder(root: workspace)
        progress("reading the inbox files without storing them")
        result.ingest = try ingestThroughput(builder)
        // Each build's profiles are let go before the next step holds its own.
        do {
            progress("build")
            let built = try builder.build(rebuild: false, asOf: asOf)
            result.build = built.timings
            result.records = built.recordsKept
        }
        do {
            progress("build --rebuild")
            let rebuilt = try builder.build(rebuild: true, asOf: asOf)
            result.rebuild = rebuilt.timings
            result.profiles = rebuilt.profiles?.entries.count ?? 0
            progress("segments one by one")
            if let profiles = rebuilt.profiles { result.segments = segmentTimes(profiles, memberships: rebuilt.memberships, workspace: builder.workspace) }
        }
        progress("watch: \(dropFiles().count) drops of 1,000 records")
        (result.drops, result.dropPhases) = try dropLatencies()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        result.peakMemoryBytes = usage.ru_maxrss * 1024
        return result
    }

    private func ingestThroughput(_ builder: Builder) throws -> [Throughput] {
        var byFormat: [String: Throughput] = [:]
        let scan = InboxScanner(root: workspace).scan(datasets: Set(builder.workspace.datasets.map(\.id.value)))
        for file in scan.pending {
            guard let ingest = builder.datasetIngest(file.dataset) else { continue }
            let data = try DataFile(file.url)
            let size = data.size
            let started = DispatchTime.now().uptimeNanoseconds
            let ingestor = FileIngestor(ingest: ingest)
            let outcome = try ingestor.run(data, displayPath: file.path) { _ in }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let format = file.url.pathExtension
            var entry = byFormat[format] ?? Throughput(format: format, records: 0, bytes: 0, seconds: 0)
            entry.records += outcome.read
            entry.bytes += size
            entry.seconds += seconds
            byFormat[format] = entry
        }
        return byFormat.keys.sorted().compactMap { byFormat[$0] }
    }

    private func segmentTimes(_ profiles: UnifiedProfiles, memberships: [String: [String: Membership]], workspace: Workspace) -> [(id: String, seconds: Double)] {
        let segments = SegmentSet(workspace: workspace)
        let book = MembershipBook(memberships)
        let context = PQLContext(attributes: [:], events: [], now: asOf, timeZone: workspace.settings.timezone.value)
        let keyed = profiles.entries.map { ($0.profile.packedAttributes, $0.eventAttributes, book.segments(of: $0.profile.identities.first?.description ?? "")) }
        return segments.segments.map { segment in
            let started = DispatchTime.now().uptimeNanoseconds
            // On every core, as a build evaluates them.
            _ = keyed.parallelMap { attributes, events, inSegments in
                var context = context
                context.attributes = attributes
                context.events = events
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

    private func dropLatencies() throws -> ([Double], [(phase: String, seconds: Double)]) {
        let session = try WatchSession(root: workspace, clock: { [asOf] in asOf })
        var latencies: [Double] = []
        var phases: [(phase: String, seconds: Double)] = []
        for drop in dropFiles() {
            let target = workspace.appendingPathComponent("inbox/web-events/\(drop.lastPathComponent)")
            try FileManager.default.copyItem(at: drop, to: target)
            let started = DispatchTime.now().uptimeNanoseconds
            _ = try session.ingest(where: { _ in true })
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            for (index, timing) in session.lastTimings.enumerated() {
                if index < phases.count { phases[index].seconds += timing.seconds } else { phases.append(timing) }
            }
        }
        return (latencies, phases.map { ($0.phase, $0.seconds / Double(max(1, latencies.count))) })
    }
}
