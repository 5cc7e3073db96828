import Foundation
import Testing

/// `cohort build` as a process against data files as they come: gzip-compressed, cut short, or a
/// workbook saved under a `.csv` name. Each is ingested or refused with its reason, and the build ends.
@Suite struct DataFileFormatCommandTests {
    /// `text` compressed by the system's gzip.
    static func gzip(_ text: String, in folder: URL) throws -> Data {
        let file = folder.appendingPathComponent("plain-\(UUID().uuidString)")
        try text.write(to: file, atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-n", "-f", file.path]
        try process.run()
        process.waitUntilExit()
        let compressed = file.appendingPathExtension("gz")
        defer { try? FileManager.default.removeItem(at: compressed) }
        return try Data(contentsOf: compressed)
    }

    @Test func gzFilesAreIngestedAndACutOneAndAWorkbookAreRefusedWithTheirReasons() throws {
        let (folder, workspace) = try InboxSafetyCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = workspace.appendingPathComponent("inbox/offline-purchases")
        try Self.gzip(InboxSafetyCommandTests.purchases(1...40), in: folder).write(to: inbox.appendingPathComponent("day1.ndjson.gz"))
        let whole = try Self.gzip(InboxSafetyCommandTests.purchases(41...400), in: folder)
        try whole.prefix(whole.count - 20).write(to: inbox.appendingPathComponent("day2.ndjson.gz"))
        try Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 300))
            .write(to: workspace.appendingPathComponent("inbox/dma-crm/contacts.csv"))

        let build = try InboxSafetyCommandTests.bounded(["build", "-C", workspace.path] + InboxSafetyCommandTests.asOf)
        #expect(build.status == 1)
        #expect(build.stdout.contains("inbox/offline-purchases/day1.ndjson.gz: 40 records (0 rejected)"), "\(build.stdout)")
        #expect(build.stderr.contains("inbox/offline-purchases/day2.ndjson.gz: gzip stream ends early after \(whole.count - 20) "
                                      + "bytes; the file may still be copying or be damaged; nothing of it is ingested"),
                "\(build.stderr)")
        #expect(build.stderr.contains("inbox/dma-crm/contacts.csv: contacts.csv looks like an Excel workbook (.xlsx), not CSV; "
                                      + "export it as CSV (File > Save As > CSV UTF-8)"))
        let archived = try FileManager.default.contentsOfDirectory(
            atPath: workspace.appendingPathComponent("archive/offline-purchases").path)
        #expect(archived.contains { $0.hasSuffix("-day1.ndjson.gz") })
    }
}
