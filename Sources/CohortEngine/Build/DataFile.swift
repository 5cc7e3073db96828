import Foundation

/// A data file opened for ingesting the careful way: only a regular file (a symbolic link is never
/// followed, a named pipe or device never opened), on one descriptor that every check and every read
/// uses, so a file swapped in after a check is never read. It tells whether another program still
/// writes the file, and whether the file changed or vanished while it was read. (Immutable; its
/// descriptor is read by one thread at a time.)
final class DataFile: @unchecked Sendable {
    /// Why a file is not ingested now.
    enum Problem: Error, Equatable {
        case link
        case special(String)
        case openForWriting
        case stillChanging
        case changedWhileRead
        case vanished
        case unreadable(Int32)

        /// A file that cannot be read failed; the others are left alone (or for a later build).
        var isFailure: Bool {
            if case .unreadable = self { return true }
            return false
        }

        /// What happened and what to do, after the file's path.
        var message: String {
            switch self {
            case .link:
                return
                    "is a symbolic link; only regular files are ingested and links are never followed, so it is left "
                    + "alone (put the file itself in the inbox)"
            case .special(let kind):
                return "is \(kind), not a regular file; it is left alone (only regular files are ingested)"
            case .openForWriting:
                return "is still open for writing by another program; it is left in the inbox and is ingested by the "
                    + "next build once it is closed"
            case .stillChanging:
                return "is still changing (its size or modification time moved between two looks); it is left in the "
                    + "inbox and is ingested by the next build once it is complete"
            case .changedWhileRead:
                return
                    "changed while it was being read; nothing of it was ingested and it is left in the inbox for the "
                    + "next build"
            case .vanished:
                return "was deleted, moved or replaced while it was being read; nothing of it was ingested"
            case .unreadable(let code):
                return "cannot be read (\(Self.reason(code))); nothing of it was ingested and it is left where it is; "
                    + "make it readable and build again"
            }
        }

        private static func reason(_ code: Int32) -> String {
            switch code {
            case EACCES, EPERM: return "permission denied"
            case EIO: return "an input/output error"
            default: return String(cString: strerror(code)).lowercased()
            }
        }
    }

    /// What one look at the file saw: which file it is, its size and its modification time.
    struct Look: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int
        var modified: timespec
        var links: Int

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int(info.st_size)
            modified = info.st_mtim
            links = Int(info.st_nlink)
        }

        func isSameFile(as other: Look) -> Bool { device == other.device && inode == other.inode }

        static func == (left: Look, right: Look) -> Bool {
            left.isSameFile(as: right) && left.size == right.size && left.links == right.links
                && left.modified.tv_sec == right.modified.tv_sec && left.modified.tv_nsec == right.modified.tv_nsec
        }
    }

    let url: URL
    let descriptor: Int32
    /// The look when the file was opened.
    let opened: Look

    var size: Int { opened.size }

    /// How long a file must be unchanged to count as complete where the file system cannot tell
    /// whether a program still writes it.
    static let settleSeconds = 1.0

    /// Opens a regular file for reading without following a link or blocking on a pipe.
    init(_ url: URL) throws {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { throw errno == ENOENT ? Problem.vanished : Problem.unreadable(errno) }
        try Self.requireRegular(info)
        let descriptor = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            switch errno {
            case ELOOP: throw Problem.link
            case ENOENT: throw Problem.vanished
            case let code: throw Problem.unreadable(code)
            }
        }
        var opened = stat()
        guard fstat(descriptor, &opened) == 0 else {
            let code = errno
            close(descriptor)
            throw Problem.unreadable(code)
        }
        do {
            try Self.requireRegular(opened)
            // Another file took its place between the two looks.
            guard Look(opened).isSameFile(as: Look(info)) else { throw Problem.vanished }
        } catch {
            close(descriptor)
            throw error
        }
        self.url = url
        self.descriptor = descriptor
        self.opened = Look(opened)
    }

    deinit { close(descriptor) }

    /// Throws unless the file is complete: no program has it open for writing (asked of the kernel
    /// with a read lease, taken and given back at once), or, where leases are unavailable, its size
    /// and modification time stay the same for `settleSeconds`.
    func checkComplete() throws {
        switch isOpenForWriting() {
        case true?: throw Problem.openForWriting
        case false?: return
        case nil: break
        }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let age = Double(now.tv_sec - opened.modified.tv_sec) + Double(now.tv_nsec - opened.modified.tv_nsec) / 1e9
        guard age < Self.settleSeconds else { return }
        usleep(useconds_t(min(Self.settleSeconds, Self.settleSeconds - age) * 1_000_000))
        guard try look() == opened else { throw Problem.stillChanging }
    }

    /// Whether a program has the file open for writing, by taking a read lease (refused then) and
    /// giving it back at once; nil where the file system or the file's owner allows no lease.
    func isOpenForWriting() -> Bool? {
        // A lease broken by a writer's open is signalled; SIGURG is ignored unless handled.
        _ = fcntl(descriptor, Self.setSignal, SIGURG)
        if fcntl(descriptor, Self.setLease, Int32(F_RDLCK)) == 0 {
            _ = fcntl(descriptor, Self.setLease, Int32(F_UNLCK))
            return false
        }
        return errno == EAGAIN ? true : nil
    }

    /// Throws if the file changed since it was opened, was deleted, or its path now names another file.
    func checkUnchanged() throws {
        let now = try look()
        guard now.links > 0 else { throw Problem.vanished }
        guard now == opened else { throw Problem.changedWhileRead }
        var info = stat()
        guard lstat(url.path, &info) == 0, Look(info).isSameFile(as: opened) else { throw Problem.vanished }
    }

    /// Reads up to `count` bytes; an empty array at the end of the file.
    func read(upTo count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, count) }
            if got >= 0 {
                buffer.removeLast(count - got)
                return buffer
            }
            if errno != EINTR { throw Problem.unreadable(errno) }
        }
    }

    private func look() throws -> Look {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Problem.unreadable(errno) }
        return Look(info)
    }

    private static func requireRegular(_ info: stat) throws {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: throw Problem.link
        case S_IFIFO: throw Problem.special("a named pipe")
        case S_IFSOCK: throw Problem.special("a socket")
        case S_IFCHR, S_IFBLK: throw Problem.special("a device")
        case S_IFDIR: throw Problem.special("a folder")
        default: throw Problem.special("a special file")
        }
    }

    /// Linux's `F_SETLEASE` and `F_SETSIG` (fcntl.h defines them only with _GNU_SOURCE).
    private static let setLease: Int32 = 1024
    private static let setSignal: Int32 = 10
}
