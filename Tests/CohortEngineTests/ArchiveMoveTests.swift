import CohortCore
import Foundation
import Testing

@testable import CohortEngine

/// Long names fit in `archive/` and `rejected/`; a move to `archive/` that fails leaves the
/// workspace buildable (issue 14, item 5).
@Suite struct ArchiveMoveTests {
    static func loyalty(_ id: Int) -> String {
        #"{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":\#(id)}},"loyalty":{"points":1}}"#
    }

    @Test func namesOf250BytesAreArchivedAndRejectedUnderShortenedNames() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try BuildTests.allowAnyRejections(in: root)
        _ = try Builder(root: root).built(rebuild: false)
        let names = [String(repeating: "l", count: 245) + ".json", String(repeating: "é", count: 123) + ".json"]
        for (index, name) in names.enumerated() {
            let bad = #"{"loyalty":{"points":"many"}}"#
            try "[\(Self.loyalty(8_000_000 + index)), \(bad)]".write(
                to: root.appendingPathComponent("inbox/loyalty/\(name)"),
                atomically: false, encoding: .utf8)
        }
        let report = try Builder(root: root).built(rebuild: false)
        #expect(report.filesIngested == 2 && report.strays.isEmpty)
        let entries = try LedgerFile(root: root).read().entries.suffix(2)
        #expect(Set(entries.map(\.originalName)) == Set(names))
        for entry in entries {
            let archived = try #require(Builder.archivedName(entry))
            #expect(archived.utf8.count <= ArchiveName.maximumBytes && archived.hasSuffix(".json"))
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(entry.archivePath).path))
            #expect(
                FileManager.default.fileExists(
                    atPath: root.appendingPathComponent("rejected/loyalty/\(archived).ndjson").path))
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("inbox/loyalty").path)
                .isEmpty)
        let again = try Builder(root: root).built(rebuild: false)
        let rebuilt = try Builder(root: root).built(rebuild: true)
        #expect(
            BuildTests.profilesJSON(try #require(rebuilt.profiles))
                == BuildTests.profilesJSON(try #require(again.profiles)))
    }

    @Test func aFailedMoveIsAWarningAndLaterBuildsAndRebuildsFinishIt() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).built(rebuild: false)
        let late = root.appendingPathComponent("inbox/loyalty/late.json")
        try "[\(Self.loyalty(7_777_777))]".write(to: late, atomically: false, encoding: .utf8)
        // Something already holds the archive name, so the move fails.
        let blocker = root.appendingPathComponent("archive/loyalty/000006-late.json")
        try "blocker".write(to: blocker, atomically: false, encoding: .utf8)
        let first = try Builder(root: root).built(rebuild: false)
        #expect(first.filesIngested == 1)
        #expect(
            first.strays == [
                "inbox/loyalty/late.json: ingested, but it could not be moved to archive/loyalty/000006-late.json "
                    + "(archive/loyalty/000006-late.json: already exists); it stays in the inbox and the next build "
                    + "moves it (it is not ingested twice)"
            ])
        #expect(first.profiles?.entry(for: Identity(namespace: "lumaLoyaltyId", id: "7777777")) != nil)
        #expect(!first.exports.isEmpty)
        #expect(try LedgerFile(root: root).read().entries.count == 6)

        // The blocker goes; a rebuild replays the file from where it still is, then moves it.
        try FileManager.default.removeItem(at: blocker)
        let rebuilt = try Builder(root: root).built(rebuild: true)
        #expect(
            rebuilt.fileLines == [
                "inbox/loyalty/late.json: already ingested; the move to archive/ that a crash interrupted is now done"
            ])
        #expect(
            BuildTests.profilesJSON(try #require(rebuilt.profiles))
                == BuildTests.profilesJSON(try #require(first.profiles)))
        #expect(!FileManager.default.fileExists(atPath: late.path))
        #expect(try String(contentsOf: blocker, encoding: .utf8) == "[\(Self.loyalty(7_777_777))]")
        #expect(try Builder(root: root).built(rebuild: true).strays.isEmpty)
    }

    @Test func aLedgerLineNamingAPathOutsideTheArchiveIsAnError() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).built(rebuild: false)
        let ledger = root.appendingPathComponent("archive/ledger.ndjson")
        let text = try String(contentsOf: ledger, encoding: .utf8)
        try text.replacingOccurrences(
            of: "\"archive\":\"archive/crm/000001-luma-crm.json\"",
            with: "\"archive\":\"archive/crm/../../../etc/passwd\""
        )
        .write(to: ledger, atomically: false, encoding: .utf8)
        #expect {
            try Builder(root: root).built(rebuild: true)
        } throws: { error in
            "\(error)".contains("#1 archive/crm/../../../etc/passwd: the ledger names a path outside archive/")
        }
    }

    /// A file committed (a crash before its ledger line) that is then deleted: the build says so, and
    /// a rebuild names the missing file and the way out instead of failing with a system error.
    @Test func aCommittedFileRemovedBeforeItsMoveIsReportedAndARebuildNamesIt() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        _ = try builder.built(rebuild: false)
        let late = root.appendingPathComponent("inbox/loyalty/late.json")
        try "[\(Self.loyalty(7_777_777))]".write(to: late, atomically: false, encoding: .utf8)
        let store = try RecordStore(folder: builder.storeFolder)
        let ingestor = FileIngestor(ingest: try #require(builder.datasetIngest("loyalty")))
        _ = try store.commitFile(sequence: 6, dataset: "loyalty", isEvent: false, ingestedAt: 0, anchors: builder.anchors) { writer in
            let outcome = try ingestor.run(try DataFile(late), displayPath: "inbox/loyalty/late.json") {
                try writer.insert($0)
            }
            return LedgerEntry(
                sequence: 6, dataset: "loyalty", originalName: "late.json",
                archivePath: "archive/loyalty/000006-late.json",
                sha256: outcome.sha256, ingestedAt: "2026-11-29T00:00:00Z", recordsRead: 1, recordsKept: 1,
                recordsRejected: 0)
        }
        try FileManager.default.removeItem(at: late)
        let report = try builder.built(rebuild: false)
        #expect(
            report.strays == [
                "inbox/loyalty/late.json: ingested, but it was removed before it could be moved to "
                    + "archive/loyalty/000006-late.json; put it there, or a rebuild cannot replay it"
            ])
        #expect {
            try builder.built(rebuild: true)
        } throws: { error in
            "\(error)"
                .hasPrefix("archive/ledger.ndjson: a file the ledger lists is not in archive/ as it was ingested:\n"
                           + "  #6 archive/loyalty/000006-late.json: missing")
        }
    }
}
