import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// The template's Meta preset destination end to end: the build writes Meta's header and rows, then
/// a remove file when members leave, and nothing when nothing changed.
@Suite struct PresetExportTests {
    @Test func theMetaDestinationWritesMetasHeaderAndRowsThenARemoveFile() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("exports/meta-audiences")
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let added = try String(contentsOf: folder.appendingPathComponent("meta-audiences_hoodie-shoppers_000001_add.csv"), encoding: .utf8)
        let lines = added.split(separator: "\n").map(String.init)
        #expect(lines.first == "email,phone,fn,ln,ct,country,zip")
        // Elizabeth Turner's CRM record (elizabeth.turner196@example.com, +1 312-555-0001, Chicago, United
        // States, 60672), normalized as Meta documents and hashed by Python's hashlib, not by cohort:
        // "elizabeth.turner196@example.com", "13125550001", "elizabeth", "turner", "chicago", "us", "60672".
        let elizabeth: [String] = [
            "6c9fd5d3ec75fdc13ff0bafc241e53898bca37abd352eae30a8cbae04c6f4aad",
            "0307251d1fe2756f9fc8057aee0a55310275e52291ab4d58482ed4bd8a5c2426",
            "b54f08623ae4039f55bcecba4961037fb4513d2ba9cb2b0667c5db970ac94911",
            "31f6410360d73372ae62f506d309126e7f496ac7348eefd320fe2decff21bae0",
            "a2470c9d137c1c5d3567d1180a64cb43a9269c4d6f1ff13ac8cdbaf6fc5df3b7",
            "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621",
            "1bd0f5e46e521ab025a3faf43693b4f75ed95747a481a54fdc8ab68f77898121",
        ]
        #expect(lines.contains(elizabeth.joined(separator: ",")))

        // A stricter segment: members leave, and their rows, as sent, go to a remove file.
        let segment = root.appendingPathComponent("segments/hoodie-shoppers.json")
        let definition = try String(contentsOf: segment, encoding: .utf8)
        try definition.replacingOccurrences(of: ".count() >= 2", with: ".count() >= 3").write(to: segment, atomically: true, encoding: .utf8)
        let report = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let outcome = try #require(report.exports.first { $0.destination == "meta-audiences" })
        #expect(outcome.created == ["meta-audiences_hoodie-shoppers_000002_remove.csv"])
        let removed = try String(contentsOf: folder.appendingPathComponent("meta-audiences_hoodie-shoppers_000002_remove.csv"), encoding: .utf8)
        let removedRows = removed.split(separator: "\n").dropFirst()
        #expect(!removedRows.isEmpty)
        #expect(removedRows.allSatisfy { lines.contains(String($0)) }, "a removed row is a row that was added")
        #expect(outcome.changes["hoodie-shoppers"]?.exited == removedRows.count)
        let manifest = try #require(ExportManifest.decode(Array(try Data(contentsOf: folder.appendingPathComponent("manifest.json")))))
        #expect(manifest.files.map(\.removes) == [false, true])

        // Built again from the files alone (no store): what was removed stays removed.
        try FileManager.default.removeItem(at: root.appendingPathComponent(".cohort"))
        let again = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        #expect(again.exports.first { $0.destination == "meta-audiences" }?.created == [])
    }
}
