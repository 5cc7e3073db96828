import CohortCore
import Foundation

/// A workspace compiled for Spark (`cohort compile --target spark`): the plan of what to read and how
/// (`SparkPlan`) over the archived files in ledger order and the inbox files after them, and the job
/// that runs it (`SparkJobProgram`), written as `plan.json` and `cohort_spark_job.py`.
public struct SparkCompilation {
    public static let planName = "plan.json"
    public static let programName = "cohort_spark_job.py"

    public let plan: SparkPlan

    /// `now`: the build's time; inbox files are given it as their ingestion time, in whole seconds as the
    /// ledger writes it.
    public init(root: URL, workspace: Workspace, now: Int64) throws {
        let scan = InboxScanner(root: root).scan(datasets: Set(workspace.datasets.map(\.id.value)))
        try self.init(root: root, workspace: workspace, now: now, ingestedAt: now, inbox: scan.pending, memberships: nil)
    }

    /// The plan over the archived files and `inbox` (each given sequence numbers after the ledger's and
    /// `ingestedAt`, ms, as the ledger will state it), segments evaluated at `now` (ms) against the
    /// previous memberships in the file `memberships` (relative to `root`).
    init(root: URL, workspace: Workspace, now: Int64, ingestedAt: Int64, inbox: [InboxScanner.Pending],
         memberships: String?) throws {
        let (entries, diagnostics) = try LedgerFile(root: root).read()
        if let damaged = diagnostics.first {
            throw BuildError.unreadable(damaged.location.description, "\(damaged.message); repair or remove that line "
                                        + "(the files in archive/ are intact), then compile again")
        }
        var files: [SparkPlan.File] = []
        for entry in entries {
            guard let dataset = workspace.dataset(entry.dataset),
                  RecordSource.format(of: entry.archivePath, declared: dataset.format) != nil else { continue }
            // Where a move to archive/ failed, the file is still in the inbox (as a native replay reads it).
            let path = (try? Builder.locateArchived(entry, in: root))??.1 ?? entry.archivePath
            files.append(try Self.file(path, of: dataset, in: root, sequence: entry.sequence,
                                       ingestedAt: Timestamp.milliseconds(from: entry.ingestedAt) ?? 0, isInInbox: false))
        }
        var sequence = (entries.map(\.sequence).max() ?? 0) + 1
        let stamp = Timestamp.milliseconds(from: Timestamp.rfc3339(ingestedAt)) ?? ingestedAt
        for pending in inbox {
            guard let dataset = workspace.dataset(pending.dataset),
                  RecordSource.format(of: pending.name, declared: dataset.format) != nil else { continue }
            files.append(try Self.file(pending.path, of: dataset, in: root, sequence: sequence, ingestedAt: stamp,
                                       isInInbox: true))
            sequence += 1
        }
        plan = SparkPlan(workspace: workspace, root: root.standardizedFileURL.path, files: files, now: now,
                         memberships: memberships)
    }

    /// A data file as the job reads it: in the format its first bytes settle (`RecordSource.opening`, as the
    /// native reader settles it; those of the decompressed data for a `.gz` file), or refused by them.
    static func file(_ path: String, of dataset: Dataset, in root: URL, sequence: Int,
                     ingestedAt: Int64, isInInbox: Bool) throws -> SparkPlan.File {
        let leading = try FailureWording.guarding(path, "read") {
            let handle = try FileHandle(forReadingFrom: root.appendingPathComponent(path))
            defer { try? handle.close() }
            let bytes = [UInt8](try handle.read(upToCount: FileIngestor.chunkSize) ?? Data())
            return RecordSource.isCompressed(path) ? Self.decompressedStart(of: bytes) : bytes
        }
        switch RecordSource.opening(leading, file: path, declared: dataset.format, encoding: dataset.csv.encoding) {
        case .failure(let refusal):
            return SparkPlan.File(dataset: dataset.id.value, path: path, format: dataset.format, sequence: sequence,
                                  ingestedAt: ingestedAt, isInInbox: isInInbox, refusal: refusal.message)
        case .success(let format):
            return SparkPlan.File(dataset: dataset.id.value, path: path, format: format, sequence: sequence,
                                  ingestedAt: ingestedAt, isInInbox: isInInbox)
        }
    }

    /// Stops decompressing once the first bytes are out.
    private struct Enough: Error {}

    /// The first bytes gzip data decompresses to, as many as the native reader holds before it settles the format
    /// (`ContentSniff.length`, or all when there are fewer); what came out before damaged data, if it is damaged
    /// (the job then finds the damage, and the native reader words it).
    private static func decompressedStart(of compressed: [UInt8]) -> [UInt8] {
        var start: [UInt8] = []
        try? GzipStream().decompress(compressed, piece: FileIngestor.chunkSize) { piece in
            start += piece
            if start.count >= ContentSniff.length { throw Enough() }
        }
        return start
    }

    /// Writes `plan.json` and the job's program into `folder` (created if missing).
    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try AtomicFile.write(Array(plan.json.utf8), to: folder.appendingPathComponent(Self.planName))
        try AtomicFile.write(Array(SparkJobProgram.source.utf8), to: folder.appendingPathComponent(Self.programName))
    }
}
