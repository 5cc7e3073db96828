import CohortCore
import Foundation

/// `archive/ledger.ndjson`: read whole, appended one synced line at a time, rewritten whole only
/// when `cohort forget` takes lines out.
struct LedgerFile {
    static let path = "archive/ledger.ndjson"

    let root: URL
    let url: URL

    init(root: URL) {
        self.root = root
        url = root.appendingPathComponent(Self.path)
    }

    private var lines: AppendOnlyLines { AppendOnlyLines(root: root, path: Self.path) }

    func read() throws -> (entries: [LedgerEntry], diagnostics: [Diagnostic]) {
        LedgerEntry.parseLedger(try lines.read())
    }

    /// Appends one entry and flushes it to disk before returning.
    func append(_ entry: LedgerEntry) throws {
        try lines.append(entry.line)
    }

    /// Rewrites the ledger without the lines of entries numbered `sequences`, through a temporary
    /// file and a rename: every other line keeps its bytes.
    func remove(_ sequences: Set<Int>) throws {
        let kept = try lines.read().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).filter { line in
            guard let entry = LedgerEntry.parseLedger(Array(line)).entries.first else { return true }
            return !sequences.contains(entry.sequence)
        }
        try FailureWording.guarding(Self.path, "rewrite") {
            try AtomicFile.write(Array(kept.joined(separator: [UInt8(ascii: "\n")])), to: url)
        }
    }
}
