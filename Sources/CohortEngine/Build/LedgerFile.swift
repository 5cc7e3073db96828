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

    func read() throws -> (entries: [LedgerEntry], diagnostics: [Diagnostic]) {
        switch WorkspaceFolder.kind(url) {
        case .missing: return ([], [])
        case .file: break
        case .folder, .link, .other:
            throw BuildError.unreadable(Self.path, "is not a regular file (a symbolic link?); cohort reads and "
                                        + "writes nothing outside the workspace; put the ledger itself there")
        }
        return LedgerEntry.parseLedger(try bytes())
    }

    /// Appends one entry and flushes it to disk before returning.
    func append(_ entry: LedgerEntry) throws {
        try FailureWording.guarding(Self.path, "append to") {
            try WorkspaceFolder.create("archive", in: root)
            let handle = try openForWriting(url, truncating: false)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((entry.line + "\n").utf8))
            try handle.synchronize()
        }
    }

    /// Rewrites the ledger without the lines of entries numbered `sequences`, through a temporary
    /// file and a rename: every other line keeps its bytes.
    func remove(_ sequences: Set<Int>) throws {
        let kept = try bytes().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).filter { line in
            guard let entry = LedgerEntry.parseLedger(Array(line)).entries.first else { return true }
            return !sequences.contains(entry.sequence)
        }
        try FailureWording.guarding(Self.path, "rewrite") {
            try AtomicFile.write(Array(kept.joined(separator: [UInt8(ascii: "\n")])), to: url)
        }
    }

    private func bytes() throws -> [UInt8] {
        try FailureWording.guarding(Self.path, "read") { Array(try Data(contentsOf: url)) }
    }
}
