import Foundation

/// Writes a whole file or nothing: the bytes go to a temporary file beside the target
/// (`.<name>.<pid>.tmp`), are flushed to disk, and the temporary file is renamed over the target.
/// A `Writer` takes the bytes a piece at a time, so a file of any size is written in bounded memory.
/// Failures name the file and the system's reason (a full disk says so).
enum AtomicFile {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let writer = try Writer(url)
        try writer.append(bytes)
        try writer.commit()
    }

    /// One file being written; nothing of it is at `url` until `commit()`, and a writer dropped
    /// before that leaves nothing behind.
    final class Writer {
        let url: URL
        private let temporary: URL
        private var descriptor: Int32
        private var buffer: [UInt8] = []

        init(_ url: URL) throws {
            self.url = url
            temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid())\(AtomicFile.temporarySuffix)")
            descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else { throw AtomicFile.failure(url, "cannot be created") }
        }

        deinit { discard() }

        /// Adds bytes to the file; they reach the disk in pieces of 64 kB.
        func append(_ bytes: [UInt8]) throws {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 16 { try flush() }
        }

        /// Flushes everything to disk and gives the file its name, or `target` (in the same folder).
        func commit(to target: URL? = nil) throws {
            let url = target ?? url
            try flush()
            guard fsync(descriptor) == 0 else { throw AtomicFile.failure(url, "cannot be written") }
            close(descriptor)
            descriptor = -1
            guard rename(temporary.path, url.path) == 0 else {
                let failure = AtomicFile.failure(url, "cannot be put in place")
                unlink(temporary.path)
                throw failure
            }
        }

        /// Drops the file: nothing of it stays on disk.
        func discard() {
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
            unlink(temporary.path)
        }

        private func flush() throws {
            var written = 0
            while written < buffer.count {
                let count = buffer[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw AtomicFile.failure(url, "cannot be written") }
                written += count
            }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    private static let temporarySuffix = ".tmp"

    /// The error for `url`, with the system's reason for the last call that failed.
    private static func failure(_ url: URL, _ what: String) -> BuildError {
        let reason = String(cString: strerror(errno)).lowercased()
        return .cannotWrite(url.path, "\(what) (\(reason)); free room or fix the folder's permissions, then run the command again")
    }

    /// Removes the temporary files of writes a crash interrupted (`.<name>.<pid>.tmp`), so that no
    /// half-written file stays beside the real ones.
    static func removeLeftovers(in folder: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix(".") && name.hasSuffix(temporarySuffix) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}
