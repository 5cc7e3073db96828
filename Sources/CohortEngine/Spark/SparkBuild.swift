import CohortCore
import Foundation

/// `cohort build --engine spark`: the workspace compiled into `.cohort/spark/`, the job run with
/// `spark-submit` (profiles, segments, memberships and file destinations' export rows on Spark), then the
/// driver's part, as the native `Builder` does it: a ledger line per inbox file and its move to `archive/`,
/// `exports/` written by the native export code (`Activation`) from Spark's sorted memberships, rows and
/// member profiles, and the
/// memberships saved in the store in `.cohort/`, where the next build — on either engine — moves them on.
public struct SparkBuild {
    /// The job's folder, under the workspace's derived state.
    public static let folder = ".cohort/spark"

    public let builder: Builder
    public var submit: SparkSubmit

    public init(builder: Builder, submit: SparkSubmit) {
        self.builder = builder
        self.submit = submit
    }

    private var root: URL { builder.root }
    private var workspace: Workspace { builder.workspace }

    /// Builds the workspace on Spark: inbox files are stamped `now`, segments evaluated as of `asOf` (ms),
    /// else `now`. `rebuild`: the store's memberships are dropped first (as `cohort build --rebuild` drops
    /// the store), so every member enters anew. The report's timings are the three parts: prepare, the
    /// Spark job (spark-submit from its start to its exit), finish.
    public func run(rebuild: Bool, now: Date = Date(), asOf: Int64? = nil) throws -> Builder.Report {
        var clock = PhaseClock()
        var timings: [(phase: String, seconds: Double)] = []
        let job = try prepare(rebuild: rebuild, now: now, asOf: asOf)
        clock.lap("prepare", into: &timings)
        // Not worded as a store failure: the job's own failure names its log.
        try submit.run(program: job.folder.appendingPathComponent(SparkCompilation.programName),
                       arguments: job.arguments, log: job.folder.appendingPathComponent("spark.log"))
        clock.lap("spark job", into: &timings)
        var report = try finish(job)
        clock.lap("finish", into: &timings)
        report.timings = timings
        return report
    }

    /// A build whose job is written and waits to run (several can run in one Spark application:
    /// `spark-submit PROGRAM` with each job's `arguments`), then to be finished.
    public struct Job {
        /// `.cohort/spark/` of the workspace: the plan, the program, the job's input and output.
        public let folder: URL
        let rebuild: Bool
        let stamp: Int64
        let inbox: [(file: InboxScanner.Pending, sha256: String)]
        let plan: SparkPlan
        let store: RecordStore
        let previous: [String: [String: Membership]]
        var report: Builder.Report
        var output: URL { folder.appendingPathComponent("output") }
        /// The plan and the output folder, as the program takes them.
        public var arguments: [String] { [folder.appendingPathComponent(SparkCompilation.planName).path, output.path] }
    }

    /// Everything before Spark runs: the checks the native build makes, the inbox files to read, and the plan
    /// with the store's memberships as the job's input, written to `.cohort/spark/`.
    public func prepare(rebuild: Bool, now: Date = Date(), asOf: Int64? = nil) throws -> Job {
        try builder.wordingFailures {
            let stamp = Int64((now.timeIntervalSince1970 * 1000).rounded())
            var report = Builder.Report()
            report.evaluatedAt = asOf ?? stamp
            let unsupported = SparkSupport.unsupported(in: workspace)
            guard unsupported.isEmpty else { throw BuildError.invalidWorkspace(unsupported) }
            try builder.checkOutputFolders()
            let ledger = LedgerFile(root: root)
            try ArchiveCheck(root: root).verify(try builder.ledgerEntries(ledger), replaying: { _ in true })
            let inbox = try admit(ledger: ledger, report: &report)
            if rebuild { RecordStore.removeFiles(in: builder.storeFolder) }
            let store = try RecordStore(folder: builder.storeFolder)
            let previous = try store.memberships()
            let folder = root.appendingPathComponent(Self.folder)
            let membershipsFile = "\(Self.folder)/input/memberships.ndjson"
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("input"),
                                                    withIntermediateDirectories: true)
            try AtomicFile.write(Self.lines(previous), to: root.appendingPathComponent(membershipsFile))
            let compilation = try SparkCompilation(root: root, workspace: workspace, now: report.evaluatedAt,
                                                   ingestedAt: stamp, inbox: inbox.map(\.file),
                                                   memberships: membershipsFile)
            try compilation.write(to: folder)
            let job = Job(folder: folder, rebuild: rebuild, stamp: stamp, inbox: inbox, plan: compilation.plan,
                          store: store, previous: previous, report: report)
            try? FileManager.default.removeItem(at: job.output)
            return job
        }
    }

    /// Everything after Spark ran `job`: the ledger and the archive moves, `exports/`, the memberships saved in
    /// the store, the history line; returns what the build did.
    public func finish(_ job: Job) throws -> Builder.Report {
        try builder.wordingFailures {
            var report = job.report
            let output = SparkOutput(folder: job.output)
            let summary = try output.summary()
            let ingest = try SparkRejections(root: root, workspace: workspace, plan: job.plan).apply(output: job.output)
            report.failedFiles += ingest.report.failedFiles
            report.rejectionNotes += ingest.report.rejectionNotes
            try archive(job.inbox, outcomes: ingest.files, plan: job.plan, counts: summary.files, stamp: job.stamp,
                        ledger: LedgerFile(root: root), report: &report)
            let memberships = try output.memberships()
            report.exports = try export(memberships, output: output, evaluatedAt: report.evaluatedAt)
            try job.store.beginStep()
            let keys = Set(job.previous.values.flatMap(\.keys)).union(memberships.values.flatMap(\.keys))
            try job.store.saveMemberships(of: keys, from: memberships)
            try job.store.pruneMemberships(keeping: Set(workspace.segments.map(\.id.value)), now: report.evaluatedAt)
            Self.count(memberships, at: report.evaluatedAt, into: &report)
            report.profileCount = summary.profiles[workspace.profileMergePolicy.id.value] ?? 0
            report.graphStats = summary.graph
            report.policyViolations = builder.violations.flatMap(\.diagnostics)
            if !job.rebuild {
                try BuildHistory(root: root).append(report.record(trigger: "build", violations: builder.violations))
            }
            return report
        }
    }

    /// The inbox files this build reads, with their SHA-256: complete regular files of a known format whose
    /// bytes are not in the ledger. A file the ledger holds whose move to `archive/` was cut short is moved
    /// now; the others are reported as the native build reports them and left where they are.
    private func admit(ledger: LedgerFile, report: inout Builder.Report) throws
        -> [(file: InboxScanner.Pending, sha256: String)] {
        let scan = InboxScanner(root: root).scan(datasets: Set(workspace.datasets.map(\.id.value)))
        report.strays += scan.strays
        var known = Set(try builder.ledgerEntries(ledger).map(\.sha256))
        var admitted: [(file: InboxScanner.Pending, sha256: String)] = []
        for file in scan.pending {
            guard let dataset = workspace.dataset(file.dataset) else { continue }
            let sha256: String
            do {
                let data = try DataFile(file.url)
                guard RecordSource.format(of: file.name, declared: dataset.format) != nil else {
                    report.strays.append("\(file.path): \(FileIngestor.unknownFormat); it is left where it is")
                    continue
                }
                try data.checkComplete()
                sha256 = try Self.digest(of: data)
            } catch let problem as DataFile.Problem {
                report.note(problem, at: file.path)
                continue
            }
            if try builder.finishInterruptedMove(file, sha256: sha256, ledger: ledger, dryRun: false, report: &report) {
                continue
            }
            guard known.insert(sha256).inserted else {
                report.duplicates.append("\(file.path): the same bytes were already ingested; it is not ingested twice "
                                         + "and is left in the inbox")
                continue
            }
            admitted.append((file, sha256))
        }
        return admitted
    }

    /// The ledger line of each file read from the inbox and not set aside, then its move to `archive/`, in the
    /// native order, under the sequence `SparkRejections` gave it (a file set aside takes none, as natively).
    private func archive(_ inbox: [(file: InboxScanner.Pending, sha256: String)], outcomes: [SparkRejections.FileOutcome],
                         plan: SparkPlan, counts: [Int: SparkOutput.FileCounts], stamp: Int64, ledger: LedgerFile,
                         report: inout Builder.Report) throws {
        let planned = Dictionary(plan.files.map { ($0.path, $0.sequence) }, uniquingKeysWith: { first, _ in first })
        let judged = Dictionary(outcomes.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for (file, sha256) in inbox {
            guard let job = planned[file.path], let outcome = judged[file.path], !outcome.failed else { continue }
            let count = counts[job] ?? SparkOutput.FileCounts(kept: 0, valid: 0)
            let name = ArchiveName.make(sequence: outcome.sequence, originalName: file.name)
            let entry = LedgerEntry(sequence: outcome.sequence, dataset: file.dataset, originalName: file.name,
                                    archivePath: "archive/\(file.dataset)/\(name)", sha256: sha256,
                                    ingestedAt: Timestamp.rfc3339(stamp), recordsRead: outcome.read,
                                    recordsKept: count.kept, recordsRejected: outcome.rejected,
                                    duplicateEvents: count.valid - count.kept)
            try ledger.append(entry)
            CrashPoint.reach("ledger.appended")
            builder.moveToArchive(file.url, entry: entry, report: &report)
            report.countIngested(entry, from: file.path, droppedFields: 0)
        }
    }

    /// Every destination's export, by the native export code, from Spark's memberships, file destinations'
    /// member entries (their rows, computed on Spark) and the member profiles stream and lookup destinations
    /// export (each segment's members as its merge policy makes them: a stream writes every identity of a
    /// profile and its attributes as they change, a lookup shards profiles by identity, so both still read
    /// profiles); the previous export is read from the folders.
    private func export(_ memberships: [String: [String: Membership]], output: SparkOutput,
                        evaluatedAt: Int64) throws -> [Activation.Outcome] {
        let defaultPolicy = workspace.profileMergePolicy.id.value
        var byPolicy: [String: [String: Profile]] = [:]
        for policy in Set(workspace.segments.map { workspace.mergePolicy(of: $0).id.value }).union([defaultPolicy]) {
            byPolicy[policy] = try output.profiles(policy: policy)
        }
        let defaults = byPolicy[defaultPolicy] ?? [:]
        var input = ActivationInput(profile: { defaults[$0] }, memberships: memberships, evaluatedAt: evaluatedAt)
        for segment in workspace.segments {
            let profiles = byPolicy[workspace.mergePolicy(of: segment).id.value] ?? [:]
            input.otherPolicies[segment.id.value] = { profiles[$0] }
        }
        for destination in workspace.destinations where destination.type == .file {
            input.exportEntries[destination.id.value] = try output.exportEntries(destination: destination.id.value)
        }
        let activation = Activation(root: root, workspace: workspace, blocked: Set(builder.violations.map(\.destination)))
        return try activation.run(write: true) { _, _ in input }
    }

    /// Members and entries and exits of this build per segment, for the summary.
    private static func count(_ memberships: [String: [String: Membership]], at now: Int64,
                              into report: inout Builder.Report) {
        for (segment, members) in memberships {
            var (current, entered, exited) = (0, 0, 0)
            for membership in members.values {
                switch membership.status {
                case .realized: (current, entered) = (current + 1, entered + 1)
                case .existing: current += 1
                case .exited: exited += membership.lastQualificationTime == now ? 1 : 0
                }
            }
            report.memberCounts[segment] = current
            if entered + exited > 0 { report.segmentChanges[segment] = (entered, exited) }
        }
    }

    /// Memberships as the job reads them: one JSON line each (`segment`, `key`, `status`, `time`), sorted.
    static func lines(_ memberships: [String: [String: Membership]]) -> [UInt8] {
        var text = ""
        for segment in memberships.keys.sorted() {
            let members = memberships[segment] ?? [:]
            for key in members.keys.sorted() {
                guard let membership = members[key] else { continue }
                text += JSONWriter.string(.object([
                    "segment": .string(segment), "key": .string(key), "status": .string(membership.status.rawValue),
                    "time": .integer(membership.lastQualificationTime),
                ])) + "\n"
            }
        }
        return Array(text.utf8)
    }

    /// The SHA-256 of a data file's bytes, in hex, as the ledger states it.
    private static func digest(of file: DataFile) throws -> String {
        var hasher = SHA256()
        while case let chunk = try file.read(upTo: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        return hasher.finalizeHex()
    }
}
