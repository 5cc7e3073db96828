import CohortCore
import Foundation
import Testing

@testable import CohortEngine

/// Only complete regular files in `inbox/` are ingested; links, special files, files still being
/// written and files that change or vanish while read are reported and left alone; nothing outside
/// the workspace is read, moved or written (SPEC §7).
@Suite struct InboxFileTests {
    static func purchase(_ number: Int) -> String {
        #"{"_id":"p\#(number)","timestamp":"2026-11-21T10:00:00Z","eventType":"commerce.purchases","#
            + #""_techmarketingdemos":{"systemIdentifier":{"loyaltyId":2849489}},"#
            + #""commerce":{"order":{"priceTotal":\#(number)}}}"#
    }

    static func purchases(_ range: ClosedRange<Int>) -> String {
        range.map { purchase($0) + "\n" }.joined()
    }

    /// Runs `body` on a fresh template copy, built once, and a folder outside it; removes both after.
    static func withBuiltWorkspace(_ body: (_ root: URL, _ outside: URL) throws -> Void) throws {
        let root = try BuildTests.templateCopy()
        let outside = FileManager.default.temporaryDirectory
            .appendingPathComponent("cohort-outside-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        _ = try Builder(root: root).build(rebuild: false)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try body(root, outside)
    }

    static func ledgerCount(_ root: URL) throws -> Int { try LedgerFile(root: root).read().entries.count }

    @Test func aLinkInADatasetFolderIsReportedAndNeitherFollowedNorMoved() throws {
        try Self.withBuiltWorkspace { root, outside in
            let target = outside.appendingPathComponent("buys.ndjson")
            try Self.purchases(1...3).write(to: target, atomically: false, encoding: .utf8)
            let link = root.appendingPathComponent("inbox/offline-purchases/buys.ndjson")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
            try FileManager.default.createSymbolicLink(
                at: root.appendingPathComponent("inbox/crm/passwd.json"),
                withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
            let report = try Builder(root: root).build(rebuild: false)
            #expect(report.filesIngested == 0 && report.failedFiles.isEmpty)
            #expect(report.strays.contains { $0.hasPrefix("inbox/offline-purchases/buys.ndjson: is a symbolic link;") })
            #expect(report.strays.contains { $0.hasPrefix("inbox/crm/passwd.json: is a symbolic link;") })
            #expect(WorkspaceFolder.kind(link) == .link && WorkspaceFolder.kind(target) == .file)
            #expect(try Self.ledgerCount(root) == 5)
            #expect(
                !FileManager.default.fileExists(
                    atPath: root.appendingPathComponent("rejected/crm/000006-passwd.json.ndjson").path))
        }
    }

    @Test func aLinkedDatasetFolderIsNotFollowedAndItsFilesStayOutside() throws {
        try Self.withBuiltWorkspace { root, outside in
            let inbox = root.appendingPathComponent("inbox/offline-purchases")
            try FileManager.default.removeItem(at: inbox)
            try Self.purchases(1...3).write(
                to: outside.appendingPathComponent("buys.ndjson"), atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(at: inbox, withDestinationURL: outside)
            let report = try Builder(root: root).build(rebuild: false)
            #expect(report.filesIngested == 0)
            #expect(report.strays.contains { $0.hasPrefix("inbox/offline-purchases: is a symbolic link;") })
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["buys.ndjson"])
        }
    }

    @Test func aNamedPipeIsReportedWithoutBlocking() throws {
        try Self.withBuiltWorkspace { root, _ in
            let pipe = root.appendingPathComponent("inbox/offline-purchases/pipe.ndjson")
            #expect(mkfifo(pipe.path, 0o644) == 0)
            let report = try Builder(root: root).build(rebuild: false)
            #expect(
                report.strays.contains {
                    $0.hasPrefix("inbox/offline-purchases/pipe.ndjson: is a named pipe, not a regular file;")
                })
            #expect(WorkspaceFolder.kind(pipe) == .other)
        }
    }

    @Test func aFileStillOpenForWritingWaitsForTheBuildAfterItIsClosed() throws {
        try Self.withBuiltWorkspace { root, _ in
            let file = root.appendingPathComponent("inbox/offline-purchases/day.ndjson")
            let writer = try #require(
                FileHandle(fileDescriptor: open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644), closeOnDealloc: true))
            try writer.write(contentsOf: Data(Self.purchases(1...20).utf8))
            let first = try Builder(root: root).build(rebuild: false)
            #expect(first.filesIngested == 0)
            #expect(
                first.strays.contains {
                    $0.hasPrefix("inbox/offline-purchases/day.ndjson: is still open for writing by another program;")
                })
            #expect(FileManager.default.fileExists(atPath: file.path))
            #expect(try Self.ledgerCount(root) == 5)

            try writer.write(contentsOf: Data(Self.purchases(21...100).utf8))
            try writer.close()
            let second = try Builder(root: root).build(rebuild: false)
            #expect(second.fileLines == ["inbox/offline-purchases/day.ndjson: 100 records (0 rejected)"])
            let entry = try #require(try LedgerFile(root: root).read().entries.last)
            let archived = try Data(contentsOf: root.appendingPathComponent(entry.archivePath))
            #expect(entry.recordsRead == 100 && entry.sha256 == SHA256.hex(archived))
        }
    }

    @Test func aFileThatGrowsWhileReadIsRolledBackAndIngestedWholeLater() throws {
        try Self.withBuiltWorkspace { root, _ in
            let file = root.appendingPathComponent("inbox/offline-purchases/day.ndjson")
            try Self.purchases(1...20).write(to: file, atomically: false, encoding: .utf8)
            var builder = try Builder(root: root)
            // Another program appends while the file is read (after its first chunk).
            var appended = false
            builder.progress = { _, _, path in
                guard path == "inbox/offline-purchases/day.ndjson", !appended,
                    let appender = FileHandle(forUpdatingAtPath: file.path)
                else { return }
                appended = true
                _ = try? appender.seekToEnd()
                try? appender.write(contentsOf: Data(Self.purchases(21...100).utf8))
                try? appender.close()
            }
            let first = try builder.build(rebuild: false)
            #expect(first.filesIngested == 0 && first.recordsKept == 0)
            #expect(
                first.strays.contains {
                    $0.hasPrefix("inbox/offline-purchases/day.ndjson: changed while it was being read;")
                })
            #expect(try Self.ledgerCount(root) == 5)

            let second = try Builder(root: root).build(rebuild: false)
            #expect(second.fileLines == ["inbox/offline-purchases/day.ndjson: 100 records (0 rejected)"])
        }
    }

    @Test func aFileDeletedWhileReadLeavesNoLedgerLineAndLaterBuildsWork() throws {
        try Self.withBuiltWorkspace { root, _ in
            let file = root.appendingPathComponent("inbox/offline-purchases/day.ndjson")
            try Self.purchases(1...20).write(to: file, atomically: false, encoding: .utf8)
            var builder = try Builder(root: root)
            builder.progress = { _, _, path in
                if path == "inbox/offline-purchases/day.ndjson" { try? FileManager.default.removeItem(at: file) }
            }
            let report = try builder.build(rebuild: false)
            #expect(
                report.strays.contains {
                    $0.hasPrefix("inbox/offline-purchases/day.ndjson: was deleted, moved or replaced")
                })
            #expect(try Self.ledgerCount(root) == 5)
            let rebuilt = try Builder(root: root).build(rebuild: true)
            #expect(rebuilt.filesIngested == 0 && rebuilt.failedFiles.isEmpty && rebuilt.strays.isEmpty)
        }
    }

    @Test func linkedOutputFoldersAreRefusedBeforeAnythingIsIngested() throws {
        for folder in ["exports", "rejected", "archive/offline-purchases"] {
            try Self.withBuiltWorkspace { root, outside in
                let real = root.appendingPathComponent(folder)
                try FileManager.default.moveItem(at: real, to: outside.appendingPathComponent("moved"))
                try FileManager.default.createSymbolicLink(
                    at: real, withDestinationURL: outside.appendingPathComponent("moved"))
                let before = try FileManager.default.subpathsOfDirectory(atPath: outside.path)
                let file = root.appendingPathComponent("inbox/offline-purchases/day.ndjson")
                try (Self.purchases(1...2) + "{\"_id\": 3}\n").write(to: file, atomically: false, encoding: .utf8)
                #expect {
                    try Builder(root: root).build(rebuild: false)
                } throws: { error in
                    error is BuildError && "\(error)".hasPrefix("\(folder)/: is a symbolic link to ")
                }
                #expect(try FileManager.default.subpathsOfDirectory(atPath: outside.path) == before, "\(folder)")
                #expect(FileManager.default.fileExists(atPath: file.path))
                #expect(try Self.ledgerCount(root) == 5)
            }
        }
    }

    @Test func aLinkedLedgerIsNeitherReadNorWritten() throws {
        try Self.withBuiltWorkspace { root, outside in
            let ledger = root.appendingPathComponent("archive/ledger.ndjson")
            let moved = outside.appendingPathComponent("ledger.ndjson")
            try FileManager.default.moveItem(at: ledger, to: moved)
            try FileManager.default.createSymbolicLink(at: ledger, withDestinationURL: moved)
            let before = try Data(contentsOf: moved)
            try Self.purchases(1...2).write(to: root.appendingPathComponent("inbox/offline-purchases/day.ndjson"),
                                            atomically: false, encoding: .utf8)
            #expect {
                try Builder(root: root).build(rebuild: false)
            } throws: { error in
                "\(error)".hasPrefix("archive/ledger.ndjson: is not a regular file (a symbolic link?);")
            }
            #expect(try Data(contentsOf: moved) == before)
        }
    }

    @Test func aNameThatIsNotUTF8IsReported() throws {
        try Self.withBuiltWorkspace { root, _ in
            // "bad" and a byte that is never UTF-8, NUL-terminated.
            let path = Array(root.appendingPathComponent("inbox/offline-purchases/bad").path.utf8) + [0xFF, 0]
            let descriptor = path.withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
            }
            #expect(descriptor >= 0)
            close(descriptor)
            let report = try Builder(root: root).build(rebuild: false)
            #expect(
                report.strays.contains {
                    $0.hasPrefix("inbox/offline-purchases/bad\u{FFFD}: its name is not valid UTF-8")
                })
        }
    }
}
