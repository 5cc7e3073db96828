import CohortCore
import Foundation

/// The one-writer lock of a workspace: an exclusive `flock` on `.cohort/lock`, held while this value
/// lives. The file records the holder's pid and command line, so a refused writer can name it. The
/// system drops the lock when the holder's process ends however it ends (a killed writer never wedges
/// the workspace), and `build --rebuild` leaves the file alone.
public final class WorkspaceLock {
    /// The process holding the lock, as it recorded itself.
    public struct Holder: Equatable, Sendable {
        public var pid: Int32
        public var command: String
    }

    /// Why the lock was not taken.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Another writer holds the lock file at `path` (`by` is nil when its record cannot be read:
        /// it is just starting).
        case held(path: String, by: Holder?)
        /// The lock file at `path` cannot be opened or locked.
        case unavailable(path: String, reason: String)

        public var description: String {
            switch self {
            case .held(let path, let holder):
                let who = holder.map { "pid \($0.pid) (\($0.command))" }
                    ?? "another process, which has not recorded its pid yet"
                return "\(path): the workspace is locked by \(who); one command at a time may write to a workspace: "
                    + "wait for it to finish or stop it, then try again (query, profile, explain and plan can run "
                    + "alongside)"
            case .unavailable(let path, let reason):
                return "\(path): cannot lock the workspace: \(reason); make .cohort/ a writable folder"
            }
        }
    }

    /// The longest command line recorded.
    static let commandLimit = 500
    /// How many times a refused writer looks for the holder's record (a millisecond apart).
    static let lookups = 50

    private let descriptor: Int32

    /// Takes the lock of the workspace at `root` for this process, recording `command`, or throws
    /// `Failure.held` naming the holder, at once (it never waits for the holder to finish).
    public init(root: URL, command: String) throws {
        let folder = root.appendingPathComponent(".cohort")
        let path = folder.appendingPathComponent("lock").path
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure.unavailable(path: path, reason: "the folder .cohort/ cannot be created")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw Failure.unavailable(path: path, reason: Self.reason(errno)) }
        // A holder records itself just after it locks, and clears its record just before it lets go:
        // between the two, look again for a few milliseconds rather than name nobody.
        var attempt = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            let holder = Self.holder(descriptor)
            attempt += 1
            guard error == EWOULDBLOCK, holder == nil, attempt < Self.lookups else {
                close(descriptor)
                guard error == EWOULDBLOCK else { throw Failure.unavailable(path: path, reason: Self.reason(error)) }
                throw Failure.held(path: path, by: holder)
            }
            usleep(1000)
        }
        self.descriptor = descriptor
        record(Holder(pid: getpid(), command: command))
    }

    /// Clears the record (the next reader finds no stale holder) and releases the lock.
    deinit {
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }

    /// Writes `{"command":…,"pid":…}` over the file.
    private func record(_ holder: Holder) {
        let fields: [String: Value] = ["pid": .integer(Int64(holder.pid)),
                                       "command": .string(Self.printable(holder.command))]
        let bytes = Array(JSONWriter.string(.object(fields)).utf8)
        _ = ftruncate(descriptor, 0)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// The holder a lock file records, if it reads as one.
    private static func holder(_ descriptor: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0, case .success(let node) = JSONParser.parse(Array(buffer.prefix(count)), file: "lock"),
              case .object(let fields) = Value(node), case .string(let command)? = fields["command"],
              case .integer(let pid)? = fields["pid"], pid > 0, pid <= Int64(Int32.max) else { return nil }
        return Holder(pid: Int32(pid), command: printable(command))
    }

    /// A command line fit for one line of a message: bounded, control characters as spaces.
    private static func printable(_ command: String) -> String {
        String(String.UnicodeScalarView(command.unicodeScalars.prefix(commandLimit).map { scalar in
            scalar.properties.generalCategory == .control ? " " : scalar
        }))
    }

    private static func reason(_ error: Int32) -> String {
        error == ELOOP ? "it is a symbolic link" : String(cString: strerror(error))
    }
}
