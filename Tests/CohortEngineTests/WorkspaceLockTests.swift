@testable import CohortEngine
import Foundation
import Testing

/// One writer per workspace: the lock on `.cohort/lock`, who holds it, and what survives a rebuild.
@Suite struct WorkspaceLockTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aSecondWriterIsRefusedAtOnceNamingTheHolderUntilTheLockIsLetGo() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        var first: WorkspaceLock? = try WorkspaceLock(root: root, command: "cohort watch -C luma")
        let path = root.appendingPathComponent(".cohort/lock").path
        let watch = WorkspaceLock.Holder(pid: getpid(), command: "cohort watch -C luma")
        #expect(throws: WorkspaceLock.Failure.held(path: path, by: watch)) {
            try WorkspaceLock(root: root, command: "cohort build")
        }
        withExtendedLifetime(first) {}
        first = nil
        let second = try WorkspaceLock(root: root, command: "cohort build")
        #expect(throws: WorkspaceLock.Failure.held(path: path, by: .init(pid: getpid(), command: "cohort build"))) {
            try WorkspaceLock(root: root, command: "cohort watch")
        }
        withExtendedLifetime(second) {}
    }

    @Test func theMessageNamesThePidTheCommandAndWhatToDo() {
        let failure = WorkspaceLock.Failure.held(path: "/w/.cohort/lock", by: .init(pid: 4242, command: "cohort watch"))
        #expect(failure.description.hasPrefix("/w/.cohort/lock: the workspace is locked by pid 4242 (cohort watch); "))
        #expect(failure.description.contains("wait for it to finish or stop it"))
    }

    /// A command line with control characters, or a lock file someone wrote garbage or a huge line
    /// into, never reaches the message as it is.
    @Test func hostileRecordsAreBoundedOrIgnored() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let lockFile = root.appendingPathComponent(".cohort/lock")
        let command = "cohort build -C 'a\nb\u{1B}[31m'" + String(repeating: "x", count: 5000)
        let lock = try WorkspaceLock(root: root, command: command)
        func holder() -> WorkspaceLock.Holder?? {
            do {
                _ = try WorkspaceLock(root: root, command: "cohort build")
                return nil
            } catch WorkspaceLock.Failure.held(_, let holder) {
                return .some(holder)
            } catch {
                return nil
            }
        }
        let found = try #require(holder())
        let recorded = try #require(found)
        #expect(recorded.pid == getpid())
        #expect(recorded.command.hasPrefix("cohort build -C 'a b [31m'xxx"))
        #expect(recorded.command.count == WorkspaceLock.commandLimit)
        for garbage in ["", "not json", #"{"pid": -1, "command": "x"}"#, #"{"pid": 99999999999, "command": "x"}"#,
                        #"{"pid": 12}"#, String(repeating: "{\"pid\":", count: 10_000)] {
            // Written in place: the lock stays on the same file.
            let handle = try FileHandle(forWritingTo: lockFile)
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(garbage.utf8))
            try handle.close()
            #expect(holder() == .some(nil), "\(garbage.prefix(40))")
        }
        withExtendedLifetime(lock) {}
    }

    @Test func aLockFileThatIsASymbolicLinkIsRefused() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let lockFile = root.appendingPathComponent(".cohort/lock")
        let folder = lockFile.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let elsewhere = root.appendingPathComponent("elsewhere")
        try Data().write(to: elsewhere)
        try FileManager.default.createSymbolicLink(at: lockFile, withDestinationURL: elsewhere)
        #expect(throws: WorkspaceLock.Failure.unavailable(path: root.appendingPathComponent(".cohort/lock").path,
                                                          reason: "it is a symbolic link")) {
            try WorkspaceLock(root: root, command: "cohort build")
        }
    }

    /// `--rebuild` and a change of identity rules start the store afresh but leave the lock file, so
    /// the writer that holds it still excludes every other.
    @Test func theLockOutlivesARebuildAndAnIdentityRuleChange() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let lock = try WorkspaceLock(root: root, command: "cohort build --rebuild")
        _ = try Builder(root: root).build(rebuild: false)
        _ = try Builder(root: root).build(rebuild: true)
        #expect(throws: WorkspaceLock.Failure.self) { try WorkspaceLock(root: root, command: "cohort build") }
        let namespace = root.appendingPathComponent("namespaces/lumaCrmId.json")
        let text = try String(contentsOf: namespace, encoding: .utf8)
            .replacingOccurrences(of: "\"unique\": true", with: "\"unique\": false")
        try text.write(to: namespace, atomically: true, encoding: .utf8)
        #expect(try Builder(root: root).build(rebuild: false).identityRuleChanges != nil)
        #expect(throws: WorkspaceLock.Failure.self) { try WorkspaceLock(root: root, command: "cohort build") }
        withExtendedLifetime(lock) {}
    }
}
