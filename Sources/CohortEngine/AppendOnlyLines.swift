import Foundation

/// A workspace file that only grows by whole lines (the ledger, the build history): each append is
/// one line, flushed to disk before it returns when the file is `durable`. A line an interrupted
/// append left unfinished is ended first, so it stays one damaged line that readers skip and never
/// swallows the next one.
struct AppendOnlyLines {
    let root: URL
    /// Relative to the workspace, e.g. `history/builds.ndjson`.
    let path: String
    /// Whether each line reaches the disk before `append` returns (the ledger, which says what the
    /// archive holds), or when the system writes it back (the history, an account of builds whose
    /// last line a power cut may take, as it may take the last exports before git has them).
    var durable = true

    var url: URL { root.appendingPathComponent(path) }

    /// Appends `line` (which holds no line break) and a line break.
    func append(_ line: String) throws {
        try FailureWording.guarding(path, "append to") {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try WorkspaceFolder.create(folder, in: root) }
            let unfinished = endsInsideALine()
            let handle = try openForWriting(url, truncating: false)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(((unfinished ? "\n" : "") + line + "\n").utf8))
            if durable { try handle.synchronize() }
        }
    }

    /// Whether the file's last byte is not a line break (an append was cut short).
    private func endsInsideALine() -> Bool {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var last: UInt8 = 0
        guard lseek(descriptor, -1, SEEK_END) >= 0, Foundation.read(descriptor, &last, 1) == 1 else { return false }
        return last != UInt8(ascii: "\n")
    }

    /// The file's bytes; empty when there is no file. A link or anything but a regular file is an
    /// error: cohort reads and writes nothing outside the workspace.
    func read() throws -> [UInt8] {
        switch WorkspaceFolder.kind(url) {
        case .missing: return []
        case .file: break
        case .folder, .link, .other:
            throw BuildError.unreadable(path, "is not a regular file (a symbolic link?); cohort reads and "
                                        + "writes nothing outside the workspace; put the file itself there")
        }
        return try FailureWording.guarding(path, "read") { Array(try Data(contentsOf: url)) }
    }
}
