import CohortCore
import Foundation
import GRDB
import Testing

@testable import CohortEngine

/// Archived files that were lost or changed stop `build` and `--rebuild` with the ledger entries
/// at fault and the ways out, before anything changes; `forget` takes files out of history and
/// rebuilds without them.
@Suite struct ForgetTests {
    static let asOf = Timestamp.milliseconds(from: "2026-11-21T12:00:00Z")!
    static let crm = "archive/crm/000001-luma-crm.json"

    static func builtTemplate() throws -> URL {
        let root = try BuildTests.templateCopy()
        _ = try Builder(root: root).build(rebuild: false, asOf: asOf)
        return root
    }

    static func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func graphs(_ root: URL) throws -> Set<Set<Identity>> {
        Set(try Builder(root: root).profiles().entries.map { Set($0.profile.identities) })
    }

    @Test func aMissingOrChangedArchivedFileStopsBuildAndRebuildBeforeAnythingChanges() throws {
        let root = try Self.builtTemplate()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent(Self.crm))
        let builder = try Builder(root: root)
        let missing = try #require(Self.message { _ = try builder.build(rebuild: false, asOf: Self.asOf) })
        #expect(missing.contains("#1 \(Self.crm): missing"))
        #expect(missing.contains("cohort forget \(Self.crm)"))
        #expect(!missing.contains("NSCocoaErrorDomain") && !missing.contains("Code="))

        let loyalty = root.appendingPathComponent("archive/loyalty/000003-luma-loyalty.json")
        let handle = try FileHandle(forWritingTo: loyalty)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(" ".utf8))
        try handle.close()
        let store = root.appendingPathComponent(".cohort/store.sqlite")
        let storeBefore = try Data(contentsOf: store)
        let rebuilt = try #require(Self.message { _ = try builder.build(rebuild: true, asOf: Self.asOf) })
        #expect(rebuilt.contains("2 files the ledger lists are not in archive/ as they were ingested"))
        #expect(
            rebuilt.contains(
                "#1 \(Self.crm): missing\n  #3 archive/loyalty/000003-luma-loyalty.json: changed (its sha256 is "))
        #expect(rebuilt.contains("restore each from a backup"))
        // Nothing half-done: the store the last build left is still there, unchanged.
        #expect(try Data(contentsOf: store) == storeBefore)
        // `plan` says the same and writes nothing.
        #expect(Self.message { _ = try builder.plan(asOf: Self.asOf) }?.contains("#1 \(Self.crm): missing") == true)
    }

    /// `forget` runs under the workspace lock and deletes the store, never the lock it holds: a second
    /// writer started meanwhile is still refused.
    @Test func forgettingKeepsTheLockItHolds() throws {
        let root = try Self.builtTemplate()
        defer { try? FileManager.default.removeItem(at: root) }
        let lock = try WorkspaceLock(root: root, command: "cohort forget")
        _ = try Builder(root: root).forget([Self.crm], workingDirectory: root, asOf: Self.asOf)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(".cohort/lock").path))
        #expect(throws: (any Error).self) { _ = try WorkspaceLock(root: root, command: "cohort build") }
        withExtendedLifetime(lock) {}
    }

    @Test func forgettingAFileRebuildsWithoutItAsIfItHadNeverArrived() throws {
        let root = try Self.builtTemplate()
        let never = try BuildTests.templateCopy()
        defer { for folder in [root, never] { try? FileManager.default.removeItem(at: folder) } }
        try FileManager.default.removeItem(at: never.appendingPathComponent("inbox/loyalty/luma-loyalty.json"))
        _ = try Builder(root: never).build(rebuild: false, asOf: Self.asOf)

        let loyalty = "archive/loyalty/000003-luma-loyalty.json"
        let result = try Builder(root: root).forget(["./\(loyalty)"], workingDirectory: root, asOf: Self.asOf)
        #expect(result.forgotten.map(\.sequence) == [3])
        #expect(result.deleted == [loyalty, "rejected/loyalty/000003-luma-loyalty.json.ndjson"])
        #expect(
            result.deleted.allSatisfy { !FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) })
        #expect(try LedgerFile(root: root).read().entries.map(\.sequence) == [1, 2, 4, 5])
        // Loyalty records joined CRM people to their purchases: without them those profiles split.
        #expect((result.graphChanges?.split ?? 0) > 0)
        #expect(try Self.graphs(root) == Self.graphs(never))
        // A later build replays the shorter ledger without complaint.
        #expect(
            try Builder(root: root).build(rebuild: true, asOf: Self.asOf).exports.allSatisfy { $0.warnings.isEmpty })
    }

    @Test func forgetChangesNothingUnlessEveryNameIsInTheLedgerAndTheRestIsIntact() throws {
        let root = try Self.builtTemplate()
        defer { try? FileManager.default.removeItem(at: root) }
        let ledger = root.appendingPathComponent(LedgerFile.path)
        let before = try Data(contentsOf: ledger)
        let builder = try Builder(root: root)
        let typo = try #require(
            Self.message {
                _ = try builder.forget([Self.crm, "archive/crm/000001-luma-crm.jsn"], workingDirectory: root)
            })
        #expect(typo.contains("did you mean `\(Self.crm)`?"))
        try FileManager.default.removeItem(
            at: root.appendingPathComponent("archive/web-events/000005-web-events.ndjson"))
        let other = try #require(Self.message { _ = try builder.forget([Self.crm], workingDirectory: root) })
        #expect(other.contains("#5 archive/web-events/000005-web-events.ndjson: missing"))
        #expect(try Data(contentsOf: ledger) == before)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(Self.crm).path))
        // Both named: the lost file is forgotten too, and the build works again.
        let path = root.appendingPathComponent(Self.crm).path
        let both = try builder.forget(
            [path, "000005-web-events.ndjson"], workingDirectory: URL(fileURLWithPath: "/"), asOf: Self.asOf)
        #expect(both.forgotten.map(\.sequence) == [1, 5])
        #expect(both.deleted.first == Self.crm)
    }

    @Test func aLedgerPathOutsideArchiveIsNeitherReadNorDeleted() throws {
        let root = try Self.builtTemplate()
        defer { try? FileManager.default.removeItem(at: root) }
        let ledger = root.appendingPathComponent(LedgerFile.path)
        let text = try String(contentsOf: ledger, encoding: .utf8)
        try text.replacingOccurrences(of: "\"\(Self.crm)\"", with: "\"archive/../cohort.json\"").write(
            to: ledger, atomically: true, encoding: .utf8)
        let builder = try Builder(root: root)
        let build = try #require(Self.message { _ = try builder.build(rebuild: true, asOf: Self.asOf) })
        #expect(build.contains("#1 archive/../cohort.json: the ledger names a path outside archive/"))
        let forget = try #require(
            Self.message { _ = try builder.forget(["archive/../cohort.json"], workingDirectory: root) })
        #expect(forget.contains("outside archive/"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("cohort.json").path))
    }

    @Test func foundationAndSQLiteErrorsBecomeWordsNamingTheFile() throws {
        // A real ENOSPC: /dev/full takes no bytes.
        let full = try #require(
            Self.message {
                try FailureWording.guarding("exports/mail/mail_gold.csv", "write") {
                    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
                    defer { try? handle.close() }
                    try handle.write(contentsOf: Data(repeating: 0x41, count: 1 << 16))
                    try handle.synchronize()
                }
            })
        #expect(full == "exports/mail/mail_gold.csv: cannot write it: the disk is full; "
                + "free space on that disk and run the command again")
        let missing = try #require(
            Self.message {
                try FailureWording.guarding("archive/crm/x.json", "read") {
                    _ = try Data(contentsOf: URL(fileURLWithPath: "/nonexistent/x.json"))
                }
            })
        #expect(missing.hasPrefix("archive/crm/x.json: cannot read it: it does not exist;"))
        let database = FailureWording.buildError(
            DatabaseError(resultCode: .SQLITE_CORRUPT, message: "database disk image is malformed"),
            root: URL(fileURLWithPath: "/w"), path: ".cohort/store.sqlite")
        #expect("\(database)" == ".cohort/store.sqlite: cannot use it: the store is damaged; "
                + "delete .cohort/ (it is derived) and run `cohort build --rebuild`")
        let named = FailureWording.buildError(
            CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: "/w/archive/a.json"]),
            root: URL(fileURLWithPath: "/w"), path: ".")
        #expect("\(named)".hasPrefix("archive/a.json: cannot use it: permission denied;"))
    }
}
