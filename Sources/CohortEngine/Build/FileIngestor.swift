import CohortCore
import Foundation

/// Reads one data file in chunks and hands each kept record on as soon as it is checked, so a file
/// of any size is never held in memory whole; also computes the file's SHA-256 on the way.
struct FileIngestor {
    /// What one file gave.
    struct Outcome {
        var sha256: String
        var read = 0
        var kept = 0
        /// The identities of the kept records.
        var touched = Set<Identity>()
        var rejections: [DatasetIngest.Rejection] = []
        var droppedFields = 0
        var droppedIdentities = 0
    }

    static let chunkSize = 1 << 20
    static let unknownFormat = "cannot tell the format from the name; name it .csv, .json, .ndjson, .jsonl or .xml, or set the dataset's `format`"

    let ingest: DatasetIngest
    private var textValues = false

    init(ingest: DatasetIngest) {
        self.ingest = ingest
    }

    /// Reads the file, giving each kept record to `keep` in file order; `progress` hears the bytes
    /// read so far and the file's size after each chunk.
    mutating func run(_ url: URL, displayPath: String, progress: ((Int, Int) -> Void)? = nil,
                      keep: (DatasetIngest.Kept) throws -> Void) throws -> Outcome {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        var done = 0
        guard let format = RecordSource.format(of: url.lastPathComponent, declared: ingest.dataset.format) else {
            throw BuildError.unreadable(displayPath, Self.unknownFormat)
        }
        var source = RecordSource(file: displayPath, format: format, mapping: ingest.dataset.mapping, schemaReader: ingest.schemaReader)
        textValues = format == .xml
        var hasher = SHA256()
        var outcome = Outcome(sha256: "")
        let file = try FileHandle(forReadingFrom: url)
        defer { try? file.close() }
        while let data = try file.read(upToCount: Self.chunkSize), !data.isEmpty {
            let chunk = [UInt8](data)
            hasher.update(chunk)
            try sort(source.feed(chunk), into: &outcome, keep: keep)
            done += chunk.count
            progress?(done, size)
        }
        try sort(source.finish(), into: &outcome, keep: keep)
        outcome.sha256 = hasher.finalizeHex()
        return outcome
    }

    /// Checks the items on every core, then hands the kept records on in file order.
    private func sort(_ items: [RecordSource.Item], into outcome: inout Outcome, keep: (DatasetIngest.Kept) throws -> Void) throws {
        let (ingest, textValues) = (self.ingest, self.textValues)
        let results = items.parallelMap(chunk: 64) { item -> Result<DatasetIngest.Kept, DatasetIngest.Rejection> in
            switch item {
            case .record(let line, let value):
                return ingest.ingest(value, line: line, textValues: textValues)
            case .checked(let line, let read):
                return ingest.ingest(checked: read, line: line)
            case .csvRow(let line, let value, let fields):
                return ingest.ingest(textFields: fields, asRead: value, line: line)
            case .problem(let line, let message):
                return .failure(DatasetIngest.Rejection(line: line, record: .null, errors: ["(record): \(message)"]))
            }
        }
        for result in results {
            outcome.read += 1
            switch result {
            case .success(let kept):
                outcome.droppedFields += kept.droppedFields.count
                outcome.droppedIdentities += kept.droppedIdentities.values.reduce(0, +)
                outcome.kept += 1
                outcome.touched.formUnion(kept.identities)
                try keep(kept)
            case .failure(let rejection):
                outcome.rejections.append(rejection)
            }
        }
    }
}

/// Why a build stopped.
public enum BuildError: Error, CustomStringConvertible {
    case invalidWorkspace([Diagnostic])
    case unreadable(String, String)
    case noStore

    public var description: String {
        switch self {
        case .invalidWorkspace(let diagnostics):
            return (diagnostics.map(\.description) + ["the workspace has errors; fix them (cohort validate) before building"]).joined(separator: "\n")
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .noStore: return "this workspace has not been built yet; run `cohort build` first"
        }
    }
}
