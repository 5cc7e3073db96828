import CohortCore
import Foundation

/// What happened in a workspace while watching: inbox files now complete (written and closed, or
/// renamed in), and whether definitions changed.
public struct WorkspaceChanges: Equatable, Sendable {
    /// Workspace-relative paths such as `inbox/crm/day2.csv`.
    public var completeFiles: Set<String> = []
    /// Inbox files written to again after they were closed: not complete until closed again.
    public var reopened: Set<String> = []
    public var definitions = false

    public var isEmpty: Bool { completeFiles.isEmpty && reopened.isEmpty && !definitions }

    /// Adds later changes: a file reopened later is no longer complete, one closed later is again.
    mutating func merge(_ later: WorkspaceChanges) {
        completeFiles.subtract(later.reopened)
        reopened.subtract(later.completeFiles)
        completeFiles.formUnion(later.completeFiles)
        reopened.formUnion(later.reopened)
        definitions = definitions || later.definitions
    }
}

/// Where changes come from: inotify on Linux, or polling anywhere.
public protocol ChangeSource: AnyObject {
    /// Waits up to `timeout` seconds for changes; returns early when the stop signal fires.
    func wait(timeout: Double) -> WorkspaceChanges
}

/// The folders and files that hold definitions (SPEC §1).
enum WatchedPaths {
    static var definitionFolders: [String] { DefinitionKind.allCases.filter { $0 != .settings }.map(\.folder) }

    static func isDefinition(_ relative: String) -> Bool {
        WorkspaceLoader.settingsFiles.contains(relative) || definitionFolders.contains { relative.hasPrefix($0 + "/") }
    }

    /// `inbox/<dataset>/<file>` that is not hidden or partial, or such a file in `inbox/` itself (which
    /// no dataset takes: it is reported as stray).
    static func isInboxFile(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/")
        return (parts.count == 2 || parts.count == 3) && parts[0] == "inbox"
            && !InboxScanner.isIgnored(String(parts[parts.count - 1]))
    }
}

/// A self-pipe that SIGINT and SIGTERM write to, so that a blocked wait returns and the loop stops.
public final class StopSignal: @unchecked Sendable {
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var raised: sig_atomic_t = 0
    let readEnd: Int32

    /// Installs the handlers for SIGINT and SIGTERM.
    public init() {
        var ends: [Int32] = [0, 0]
        _ = pipe(&ends)
        readEnd = ends[0]
        Self.writeEnd = ends[1]
        _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
        let handler: @convention(c) (Int32) -> Void = { _ in
            StopSignal.raised = 1
            var byte: UInt8 = 1
            _ = write(StopSignal.writeEnd, &byte, 1)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A process started by another may inherit these signals blocked; they must get through.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
    }

    public var isRaised: Bool { Self.raised != 0 }

    /// Stops the loop from inside the process (tests).
    public func raise() {
        Self.raised = 1
        var byte: UInt8 = 1
        _ = write(Self.writeEnd, &byte, 1)
    }

    /// Blocks until the signal fires or `timeout` passes; `fds` are polled too and returned when readable.
    func poll(_ fds: [Int32], timeout: Double) -> Set<Int32> {
        var entries = ([readEnd] + fds).map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let milliseconds = Int32(max(0, min(timeout, 3600)) * 1000)
        guard Glibc.poll(&entries, nfds_t(entries.count), milliseconds) > 0 else { return [] }
        return Set(entries.filter { $0.revents & Int16(POLLIN) != 0 }.map(\.fd))
    }
}
