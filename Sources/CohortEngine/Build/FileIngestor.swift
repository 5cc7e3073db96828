import CohortCore
import Foundation

/// Reads one data file in chunks and hands each kept record on as soon as it is checked, so a file
/// of any size is never held in memory whole; also computes the file's SHA-256 on the way. A
/// gzip-compressed file (`*.gz`) is decompressed as it is read; its SHA-256 is of the file as it is.
///
/// Reading, framing and checking run on a thread of their own, a chunk ahead of the caller's
/// `keep` (which stores records): the two overlap instead of taking turns.
struct FileIngestor {
    /// What one file gave.
    struct Outcome {
        var sha256: String
        var read = 0
        var kept = 0
        var rejected = 0
        var droppedFields = 0
        var droppedIdentities: [IdentityRules.DroppedValues: Int] = [:]
        /// Why nothing of the file can be ingested (it is not what it claims to be, or its gzip data
        /// is damaged), after its path; nil when it was read.
        var unreadable: String?
        /// The CSV header's columns the schema has no field for, in column order.
        var droppedColumns: [String] = []
    }

    static let chunkSize = 1 << 20
    static let unknownFormat = "cannot tell the format from the name; name it .csv, .json, .ndjson, .jsonl or .xml "
        + "(each may end in .gz), or set the dataset's `format`"

    let ingest: DatasetIngest

    init(ingest: DatasetIngest) {
        self.ingest = ingest
    }

    /// What the reading thread hands over: one chunk's checked records in file order and the bytes
    /// read so far, then the file's digest, or the error that stopped the reading.
    private enum Step: Sendable {
        case checked([Result<DatasetIngest.Kept, DatasetIngest.Rejection>], bytesRead: Int)
        case finished(sha256: String, refusal: String?, droppedColumns: [String])
        /// The file's gzip data is damaged: the file fails whole, for this reason, rejected at this position.
        case unreadable(String, RecordPosition)
        case failed(any Error)
    }

    /// The consumer stopped taking steps.
    private struct Cancelled: Error {}

    /// Reads the file, giving each kept record to `keep` and each rejected one to `rejections`, in
    /// file order; `progress` hears the bytes
    /// read so far and the file's size after each chunk. Throws `DataFile.Problem.changedWhileRead`
    /// or `.vanished` when the file changed or went while it was read (the caller rolls back).
    func run(_ file: DataFile, displayPath: String, progress: ((Int, Int) -> Void)? = nil, rejections: RejectionFile = .counting(),
             keep: (DatasetIngest.Kept) throws -> Void) throws -> Outcome {
        guard RecordSource.format(of: file.url.lastPathComponent, declared: ingest.dataset.format) != nil else {
            throw BuildError.unreadable(displayPath, Self.unknownFormat)
        }
        let steps = Handover<Step>(depth: 2)
        let reading = DispatchSemaphore(value: 0)
        let ingest = self.ingest
        Thread.detachNewThread {
            Self.read(file, displayPath: displayPath, ingest: ingest, into: steps)
            reading.signal()
        }
        // The reading thread must be done with the file before this returns, however it returns.
        defer { reading.wait() }
        var outcome = Outcome(sha256: "")
        do {
            while true {
                switch steps.take() {
                case .checked(let results, let bytesRead):
                    try tally(results, into: &outcome, rejections: rejections, keep: keep)
                    progress?(bytesRead, file.size)
                case .finished(let sha256, let refusal, let droppedColumns):
                    // The digest is of the bytes read, which are the file's only if it did not change.
                    try file.checkUnchanged()
                    outcome.sha256 = sha256
                    outcome.unreadable = refusal
                    outcome.droppedColumns = droppedColumns
                    return outcome
                case .unreadable(let reason, let position):
                    try file.checkUnchanged()
                    outcome.read += 1
                    outcome.rejected += 1
                    try rejections.append(DatasetIngest.Rejection(position: position, record: .null,
                                                                  errors: ["(file): \(reason)"]))
                    outcome.unreadable = reason
                    return outcome
                case .failed(let error):
                    throw error
                }
            }
        } catch {
            steps.cancel()
            throw error
        }
    }

    /// The reading thread: chunks of the file, framed, parsed and checked on every core.
    private static func read(_ file: DataFile, displayPath: String, ingest: DatasetIngest, into steps: Handover<Step>) {
        var source = RecordSource(file: displayPath, ingest: ingest)
        let gzip = RecordSource.isCompressed(displayPath) ? GzipStream() : nil
        var bytesRead = 0
        var items = 0
        /// Hands the items of `text` (decompressed where the file is compressed) on.
        func hand(_ text: [UInt8]) throws {
            let read = source.feed(text)
            items += read.count
            guard steps.put(.checked(check(read, ingest: ingest), bytesRead: bytesRead)) else { throw Cancelled() }
        }
        do {
            var hasher = SHA256()
            while case let chunk = try file.read(upTo: chunkSize), !chunk.isEmpty {
                hasher.update(chunk)
                bytesRead += chunk.count
                if let gzip {
                    try gzip.decompress(chunk, piece: chunkSize, hand)
                } else {
                    try hand(chunk)
                }
            }
            try gzip?.finish()
            let last = source.finish()
            guard steps.put(.checked(check(last, ingest: ingest), bytesRead: bytesRead)) else { return }
            _ = steps.put(.finished(sha256: hasher.finalizeHex(), refusal: source.refusal,
                                    droppedColumns: source.droppedColumns))
        } catch let failure as GzipStream.Failure {
            _ = steps.put(.unreadable(failure.message, RecordPosition(index: items, text: .start)))
        } catch is Cancelled {
            return
        } catch {
            _ = steps.put(.failed(error))
        }
    }

    /// Checks the items on every core, in order.
    private static func check(_ items: [RecordSource.Item], ingest: DatasetIngest) -> [Result<DatasetIngest.Kept, DatasetIngest.Rejection>] {
        items.parallelMap(chunk: 64) { ingest.outcome(of: $0) }
    }

    /// Counts the checked records and hands the kept and rejected ones on, in file order.
    private func tally(_ results: [Result<DatasetIngest.Kept, DatasetIngest.Rejection>], into outcome: inout Outcome,
                       rejections: RejectionFile, keep: (DatasetIngest.Kept) throws -> Void) throws {
        for result in results {
            outcome.read += 1
            switch result {
            case .success(let kept):
                outcome.droppedFields += kept.droppedFields.count
                if !kept.droppedIdentities.isEmpty {
                    outcome.droppedIdentities.merge(kept.droppedIdentities, uniquingKeysWith: +)
                }
                outcome.kept += 1
                try keep(kept)
            case .failure(let rejection):
                outcome.rejected += 1
                try rejections.append(rejection)
            }
        }
    }
}

/// Why a build stopped.
public enum BuildError: Error, CustomStringConvertible {
    case invalidWorkspace([Diagnostic])
    case unreadable(String, String)
    /// A path cohort must write (an output folder) but will not: what it is, and what to do.
    case cannotWrite(String, String)
    case noStore

    /// The last line of an invalid workspace's error, after its diagnostics.
    public static let invalidWorkspaceAdvice = "the workspace has errors; fix them (cohort validate) before building"

    public var description: String {
        switch self {
        case .invalidWorkspace(let diagnostics):
            return (diagnostics.map(\.description) + [Self.invalidWorkspaceAdvice]).joined(separator: "\n")
        case .unreadable(let path, let reason), .cannotWrite(let path, let reason): return "\(path): \(reason)"
        case .noStore: return "this workspace has not been built yet; run `cohort build` first"
        }
    }
}
