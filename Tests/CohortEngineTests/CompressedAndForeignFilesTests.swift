import CohortCore
import CohortSampleData
import Foundation
import Testing

@testable import CohortEngine

/// Data files as they come: gzip-compressed, in another CSV dialect or encoding, with columns the
/// schema lacks, or not the format their name claims (SPEC §6).
@Suite struct CompressedAndForeignFilesTests {
    /// `bytes` compressed by the system's gzip (no name or time in the header, so the bytes repeat).
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data")
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-n", "-f", file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return Array(try Data(contentsOf: folder.appendingPathComponent("data.gz")))
    }

    /// Replaces every file in the inbox of `root` by its gzip-compressed copy named `<name>.gz`.
    static func compressInbox(_ root: URL) throws {
        let inbox = root.appendingPathComponent("inbox")
        for folder in try FileManager.default.contentsOfDirectory(atPath: inbox.path) {
            let dataset = inbox.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dataset.path) {
                let file = dataset.appendingPathComponent(name)
                try Data(try gzip(Array(try Data(contentsOf: file)))).write(to: dataset.appendingPathComponent(name + ".gz"))
                try FileManager.default.removeItem(at: file)
            }
        }
    }

    static func exports(_ root: URL) throws -> [String: Data] {
        let folder = root.appendingPathComponent("exports")
        var files: [String: Data] = [:]
        for path in FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) ?? [] {
            let url = folder.appendingPathComponent(path)
            if WorkspaceFolder.kind(url) == .file { files[path] = try Data(contentsOf: url) }
        }
        return files
    }

    @Test func aCompressedInboxBuildsAsThePlainOneAndRebuildsFromItsArchivedGzFiles() throws {
        let plain = try BuildTests.templateCopy()
        let compressed = try BuildTests.templateCopy()
        defer { for root in [plain, compressed] { try? FileManager.default.removeItem(at: root) } }
        try Self.compressInbox(compressed)
        let gzFile = compressed.appendingPathComponent("inbox/dma-crm/dma-crm.csv.gz")
        let received = try Data(contentsOf: gzFile)

        let fromPlain = try Builder(root: plain).built(rebuild: false, asOf: ExportTests.asOf)
        let fromGz = try Builder(root: compressed).built(rebuild: false, asOf: ExportTests.asOf)
        #expect(fromGz.report.filesIngested == fromPlain.report.filesIngested)
        #expect(fromGz.report.failedFiles.isEmpty)
        #expect(fromGz.report.recordsKept == fromPlain.report.recordsKept)
        #expect(fromGz.report.recordsRejected == fromPlain.report.recordsRejected)
        #expect(RebuildPathTests.members(fromGz.memberships) == RebuildPathTests.members(fromPlain.memberships))
        #expect(try Self.exports(compressed) == Self.exports(plain))

        // The archive keeps each file as it was received, and the ledger its SHA-256.
        let entry = try #require(try LedgerFile(root: compressed).read().entries.first { $0.dataset == "dma-crm" })
        #expect(entry.originalName == "dma-crm.csv.gz")
        #expect(entry.archivePath.hasSuffix("-dma-crm.csv.gz"))
        #expect(try Data(contentsOf: compressed.appendingPathComponent(entry.archivePath)) == received)
        #expect(entry.sha256 == SHA256.hex(Array(received)))

        // A rebuild reads the .gz files of archive/ again, to the same profiles and exports.
        let exportsBefore = try Self.exports(compressed)
        let rebuilt = try Builder(root: compressed).built(rebuild: true, asOf: ExportTests.asOf)
        #expect(BuildTests.profilesJSON(try #require(rebuilt.profiles)) == BuildTests.profilesJSON(try #require(fromGz.profiles)))
        #expect(try Self.exports(compressed) == exportsBefore)
        #expect(rebuilt.report.recordsKept == fromGz.report.recordsKept)
    }

    /// A compressed file that cannot be decompressed whole fails whole: nothing of it is ingested,
    /// it is set aside in `rejected/` with its reason, and the build goes on.
    @Test(arguments: ["truncated", "empty", "corrupt", "not gzip"])
    func aDamagedGzFileIsSetAsideWithItsReason(damage: String) throws {
        try InboxFileTests.withBuiltWorkspace { root, _ in
            let whole = try Self.gzip(Array(InboxFileTests.purchases(1...400).utf8))
            let bytes: [UInt8]
            let reason: String
            switch damage {
            case "truncated":
                bytes = Array(whole.prefix(whole.count / 2))
                reason = "gzip stream ends early after \(whole.count / 2) bytes; the file may still be copying or be damaged"
            case "empty":
                bytes = []
                reason = "gzip stream ends early after 0 bytes; the file may still be copying or be damaged"
            case "corrupt":
                var broken = whole
                for index in stride(from: 20, to: broken.count - 10, by: 7) { broken[index] ^= 0x5A }
                bytes = broken
                reason = "is not valid gzip data ("
            default:
                bytes = Array(InboxFileTests.purchases(1...3).utf8)
                reason = "is named .gz but is not gzip-compressed"
            }
            let ledgered = try InboxFileTests.ledgerCount(root)
            let file = root.appendingPathComponent("inbox/offline-purchases/buys.ndjson.gz")
            try Data(bytes).write(to: file)
            let report = try Builder(root: root).build(rebuild: false)

            #expect(report.filesIngested == 0)
            #expect(report.recordsKept == 0)
            #expect(try InboxFileTests.ledgerCount(root) == ledgered)
            #expect(report.failedFiles.count == 1)
            let failed = try #require(report.failedFiles.first)
            #expect(failed.hasPrefix("inbox/offline-purchases/buys.ndjson.gz: \(reason)"))
            #expect(failed.contains("nothing of it is ingested; it is now rejected/offline-purchases/failed-"))
            #expect(WorkspaceFolder.kind(file) == .missing)
            let setAside = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("rejected/offline-purchases").path)
            let kept = try #require(setAside.first { $0.hasSuffix("buys.ndjson.gz") })
            #expect(try Data(contentsOf: root.appendingPathComponent("rejected/offline-purchases/\(kept)")) == Data(bytes))
            let reasons = try String(contentsOf: root.appendingPathComponent("rejected/offline-purchases/\(kept).ndjson"), encoding: .utf8)
            #expect(reasons.contains(reason.replacingOccurrences(of: "(", with: "")))
        }
    }

    @Test func anExcelWorkbookDroppedAsCSVIsSetAsideWithHowToExportIt() throws {
        try InboxFileTests.withBuiltWorkspace { root, _ in
            let workbook: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array("[Content_Types].xml".utf8)
                + [UInt8](repeating: 0, count: 2000)
            try Data(workbook).write(to: root.appendingPathComponent("inbox/dma-crm/contacts.csv"))
            let report = try Builder(root: root).build(rebuild: false)
            #expect(report.filesIngested == 0)
            #expect(report.failedFiles.count == 1)
            #expect(report.failedFiles.first?.hasPrefix(
                "inbox/dma-crm/contacts.csv: contacts.csv looks like an Excel workbook (.xlsx), not CSV; export it as CSV "
                    + "(File > Save As > CSV UTF-8); nothing of it is ingested; it is now rejected/dma-crm/failed-") == true)
        }
    }

    /// The template's CSV dataset set to semicolons and Latin-1, as a European spreadsheet saves it.
    @Test func aLatin1SemicolonFileIsReadWithTheDatasetsOptionsAndItsDroppedColumnsNamedOnce() throws {
        try InboxFileTests.withBuiltWorkspace { root, _ in
            let definition = root.appendingPathComponent("datasets/dma-crm.xml")
            let text = try String(contentsOf: definition, encoding: .utf8)
            try text.replacingOccurrences(of: "  <mapping>", with: "  <csv delimiter=\";\" encoding=\"latin1\"/>\n  <mapping>")
                .write(to: definition, atomically: true, encoding: .utf8)
            var bytes = Array("CRM ID;First Name;Email;City;Fax;Updated;Notes\n".utf8)
            for number in 1...3 {
                bytes += Array("crm-z\(number);J".utf8) + [0xFC] + Array("rg;z\(number)@example.com;Z".utf8) + [0xFC]
                    + Array("rich;0\(number);2026-11-0\(number)T10:00:00Z;n".utf8) + [0xE9] + Array("e\n".utf8)
            }
            try Data(bytes).write(to: root.appendingPathComponent("inbox/dma-crm/zurich.csv"))
            let builder = try Builder(root: root)
            let report = try builder.build(rebuild: false)
            #expect(report.failedFiles.isEmpty)
            #expect(report.recordsRejected == 0)
            #expect(report.recordsKept == 3)
            let warnings = report.strays.filter { $0.hasPrefix("inbox/dma-crm/zurich.csv") }
            #expect(warnings == [
                #"inbox/dma-crm/zurich.csv:1: the columns "Fax" and "Notes" have no field in schema "luma-crm", so their values are dropped; "#
                    + #"map them to schema fields in the dataset's "mapping", or add the fields to the schema"#,
            ])
            let profiles = BuildTests.profilesJSON(try builder.profiles())
            #expect(profiles.filter { $0.contains(#""city":"Zürich""#) && $0.contains(#""firstName":"Jürg""#) }.count == 3)
        }
    }

    /// A small file that expands a thousandfold comes out in pieces no larger than asked for, so
    /// memory holds one piece however large the whole is.
    @Test func aHighlyCompressedFileIsDecompressedInBoundedPieces() throws {
        let size = 48 << 20
        let compressed = try Self.gzip([UInt8](repeating: UInt8(ascii: "a"), count: size))
        #expect(compressed.count < size / 500)
        let stream = GzipStream()
        var total = 0
        var largest = 0
        var allA = true
        for start in stride(from: 0, to: compressed.count, by: 4096) {
            try stream.decompress(Array(compressed[start..<min(compressed.count, start + 4096)]), piece: 1 << 20) { piece in
                total += piece.count
                largest = max(largest, piece.count)
                allA = allA && piece.allSatisfy { $0 == UInt8(ascii: "a") }
            }
        }
        try stream.finish()
        #expect(total == size)
        #expect(largest == 1 << 20)
        #expect(allA)
    }

    @Test func membersOneAfterAnotherAreOneStream() throws {
        let joined = try Self.gzip(Array("first\n".utf8)) + Self.gzip(Array("second\n".utf8))
        let stream = GzipStream()
        var text: [UInt8] = []
        try stream.decompress(joined, piece: 3) { text += $0 }
        try stream.finish()
        #expect(String(decoding: text, as: UTF8.self) == "first\nsecond\n")
        // Cut inside the second member: the stream ends early.
        let cut = GzipStream()
        try cut.decompress(Array(joined.dropLast(4)), piece: 64) { _ in }
        #expect(throws: GzipStream.Failure.endsEarly(bytes: joined.count - 4)) { try cut.finish() }
    }

    /// Gzip data with bytes flipped, cut short or padded is read or refused with a reason, never a
    /// crash or a hang, and what it gives never exceeds the pieces asked for.
    @Test func damagedGzipDataIsReadOrRefusedWithAReason() throws {
        let whole = try Self.gzip(Array(InboxFileTests.purchases(1...60).utf8))
        var random = SplitMix64(seed: 18)
        for _ in 0..<300 {
            var bytes = whole
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            default:
                bytes += (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            let stream = GzipStream()
            var largest = 0
            do {
                for start in stride(from: 0, to: bytes.count, by: 97) {
                    try stream.decompress(Array(bytes[start..<min(bytes.count, start + 97)]), piece: 512) { largest = max(largest, $0.count) }
                }
                try stream.finish()
            } catch let failure as GzipStream.Failure {
                #expect(!failure.message.isEmpty)
            }
            #expect(largest <= 512)
        }
    }
}
