/// One line of `archive/ledger.ndjson`: an ingested file, in ingestion order (SPEC §1).
///
/// The ledger is the source of truth that `build --rebuild` replays: the archive path names the
/// immutable copy, the digest recognizes the same bytes dropped again, and the ingestion time is the
/// timestamp of fragments whose dataset has no timestamp field.
public struct LedgerEntry: Equatable, Sendable {
    public var sequence: Int
    public var dataset: String
    /// The file's name as it was dropped into `inbox/<dataset>/`.
    public var originalName: String
    /// Where the file now lives, relative to the workspace (`archive/<dataset>/…`).
    public var archivePath: String
    public var sha256: String
    /// RFC 3339 UTC, e.g. `2026-11-29T05:03:02Z`.
    public var ingestedAt: String
    public var recordsRead: Int
    /// Records the store holds from this file: read = kept + rejected + duplicate events.
    public var recordsKept: Int
    public var recordsRejected: Int
    /// Events whose `_id` the dataset already held, so the store keeps the first.
    public var duplicateEvents: Int

    public init(sequence: Int, dataset: String, originalName: String, archivePath: String, sha256: String, ingestedAt: String,
                recordsRead: Int, recordsKept: Int, recordsRejected: Int, duplicateEvents: Int = 0) {
        self.sequence = sequence
        self.dataset = dataset
        self.originalName = originalName
        self.archivePath = archivePath
        self.sha256 = sha256
        self.ingestedAt = ingestedAt
        self.recordsRead = recordsRead
        self.recordsKept = recordsKept
        self.recordsRejected = recordsRejected
        self.duplicateEvents = duplicateEvents
    }

    /// The entry as one JSON line (keys sorted, no trailing newline); `duplicates` only when there are some.
    public var line: String {
        var fields: [String: Value] = [
            "sequence": .integer(Int64(sequence)), "dataset": .string(dataset), "file": .string(originalName),
            "archive": .string(archivePath), "sha256": .string(sha256), "ingestedAt": .string(ingestedAt),
            "read": .integer(Int64(recordsRead)), "kept": .integer(Int64(recordsKept)), "rejected": .integer(Int64(recordsRejected)),
        ]
        if duplicateEvents > 0 { fields["duplicates"] = .integer(Int64(duplicateEvents)) }
        return JSONWriter.string(.object(fields))
    }

    /// Reads every line of a ledger; a damaged line is a diagnostic at its line, the others are kept.
    public static func parseLedger(_ bytes: [UInt8], file: String = "archive/ledger.ndjson") -> (entries: [LedgerEntry], diagnostics: [Diagnostic]) {
        var entries: [LedgerEntry] = []
        var diagnostics: [Diagnostic] = []
        for (index, slice) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            guard slice.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            switch JSONParser.parse(Array(slice), file: file) {
            case .failure(let diagnostic):
                diagnostics.append(.error(at: SourceLocation(file: file, line: line, column: diagnostic.location.column),
                                          "a damaged ledger line: \(diagnostic.message)"))
            case .success(let node):
                if let entry = LedgerEntry(Value(node)) {
                    entries.append(entry)
                } else {
                    diagnostics.append(.error(at: SourceLocation(file: file, line: line, column: 1),
                                              "a ledger line needs sequence, dataset, file, archive, sha256, ingestedAt, read, kept and rejected"))
                }
            }
        }
        return (entries, diagnostics)
    }

    private init?(_ value: Value) {
        guard case .object(let fields) = value,
              case .integer(let sequence)? = fields["sequence"], case .string(let dataset)? = fields["dataset"],
              case .string(let name)? = fields["file"], case .string(let archive)? = fields["archive"],
              case .string(let digest)? = fields["sha256"], case .string(let time)? = fields["ingestedAt"],
              case .integer(let read)? = fields["read"], case .integer(let kept)? = fields["kept"],
              case .integer(let rejected)? = fields["rejected"] else { return nil }
        var duplicates = 0
        if case .integer(let count)? = fields["duplicates"] { duplicates = Int(count) }
        self.init(sequence: Int(sequence), dataset: dataset, originalName: name, archivePath: archive, sha256: digest,
                  ingestedAt: time, recordsRead: Int(read), recordsKept: Int(kept), recordsRejected: Int(rejected),
                  duplicateEvents: duplicates)
    }
}
