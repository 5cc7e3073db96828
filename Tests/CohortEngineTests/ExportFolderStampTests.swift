import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// A build reads none of a destination's previous files to know whether the folder is as its last
/// export left it: each file's size and modification time say so. A file edited by hand still
/// makes the next export work from the files, and put back what the export holds.
@Suite struct ExportFolderStampTests {
    @Test func aFileEditedByHandIsNoticedAndWrittenAgain() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let folder = ExportFolder(root: root, destination: "email-sftp")
        let digest = folder.previous().previous.digest
        #expect(folder.previous().previous.digest == digest)

        let file = root.appendingPathComponent("exports/email-sftp/email-sftp_gold-members.csv")
        let exported = try Data(contentsOf: file)
        let lines = exported.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        #expect(lines.count > 3)
        // One member's row gone: still a file in the destination's shape.
        try Data((lines.dropLast(2) + [Data()]).joined(separator: [UInt8(ascii: "\n")])).write(to: file)
        #expect(folder.previous().previous.digest != digest)

        let report = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let outcome = try #require(report.exports.first { $0.destination == "email-sftp" })
        #expect(outcome.rewritten.contains("email-sftp_gold-members.csv"))
        #expect(try Data(contentsOf: file) == exported)
        let again = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        #expect(again.exports.first { $0.destination == "email-sftp" }?.rewritten == [])
    }
}
