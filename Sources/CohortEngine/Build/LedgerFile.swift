import CohortCore
import Foundation

/// `archive/ledger.ndjson`: read whole, appended one synced line at a time.
struct LedgerFile {
    let root: URL
    let url: URL

    init(root: URL) {
        self.root = root
        url = root.appendingPathComponent("archive/ledger.ndjson")
    }

    func read() throws -> (entries: [LedgerEntry], diagnostics: [Diagnostic]) {
        switch WorkspaceFolder.kind(url) {
        case .missing: return ([], [])
        case .file: break
        case .folder, .link, .other:
            throw BuildError.unreadable("archive/ledger.ndjson", "is not a regular file (a symbolic link?); cohort reads and "
                                        + "writes nothing outside the workspace; put the ledger itself there")
        }
        return LedgerEntry.parseLedger(Array(try Data(contentsOf: url)))
    }

    /// Appends one entry and flushes it to disk before returning.
    func append(_ entry: LedgerEntry) throws {
        try WorkspaceFolder.create("archive", in: root)
        let handle = try openForWriting(url, truncating: false)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((entry.line + "\n").utf8))
        try handle.synchronize()
    }
}
