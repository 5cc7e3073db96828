import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// Exports of the template: golden files, determinism, `plan` against `build`, blocked destinations.
@Suite struct ExportTests {
    static let asOf = Timestamp.milliseconds(from: "2026-11-21T12:00:00Z")!
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/template-exports")

    static func exports(_ root: URL) throws -> FolderSnapshot {
        try FolderSnapshot(root.appendingPathComponent("exports"))
    }

    /// The template's exports at a fixed time, compared byte for byte with the committed golden
    /// files. After an intended change of engine behaviour, regenerate them with
    /// `COHORT_UPDATE_GOLDEN=1 swift test --filter theTemplatesExportsMatchTheGoldenFiles` and review the diff.
    @Test func theTemplatesExportsMatchTheGoldenFiles() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).build(rebuild: false, asOf: Self.asOf)
        let built = try Self.exports(root)
        if ProcessInfo.processInfo.environment["COHORT_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: Self.golden)
            try FileManager.default.copyItem(at: root.appendingPathComponent("exports"), to: Self.golden)
        }
        let expected = try FolderSnapshot(Self.golden)
        #expect(!expected.files.isEmpty, "no golden files at \(Self.golden.path)")
        #expect(built.differences(from: expected) == [], "exports differ from Tests/CohortEngineTests/Golden/template-exports")
    }

    @Test func buildingAgainAndRebuildingGiveTheSameBytesAndTouchNoFile() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        _ = try builder.build(rebuild: false, asOf: Self.asOf)
        let first = try Self.exports(root)
        let manifest = root.appendingPathComponent("exports/email-sftp/manifest.json")
        let written = try FileManager.default.attributesOfItem(atPath: manifest.path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.05)
        let again = try builder.build(rebuild: false, asOf: Self.asOf)
        #expect(again.exports.allSatisfy { $0.created.isEmpty && $0.rewritten.isEmpty && $0.deleted.isEmpty })
        #expect(try Self.exports(root).differences(from: first) == [])
        #expect(try FileManager.default.attributesOfItem(atPath: manifest.path)[.modificationDate] as? Date == written)
        let rebuilt = try builder.build(rebuild: true, asOf: Self.asOf)
        #expect(rebuilt.exports.allSatisfy { $0.created.isEmpty && $0.rewritten.isEmpty && $0.deleted.isEmpty })
        #expect(try Self.exports(root).differences(from: first) == [])
        // A rebuild at a later time changes exactly what time changes; a second build then agrees with it.
        let later = Self.asOf + 40 * 86_400_000
        _ = try builder.build(rebuild: true, asOf: later)
        let afterRebuild = try Self.exports(root)
        #expect(afterRebuild.differences(from: first) != [])
        _ = try builder.build(rebuild: false, asOf: later)
        #expect(try Self.exports(root).differences(from: afterRebuild) == [])
    }

    @Test func planSaysWhatTheNextBuildDoesAndWritesNothing() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        let workspaceBefore = try FolderSnapshot(root)
        let firstPlan = try builder.plan(asOf: Self.asOf)
        #expect(try FolderSnapshot(root).differences(from: workspaceBefore) == [], "plan changed the workspace")
        let firstBuild = try builder.build(rebuild: false, asOf: Self.asOf)
        Self.expectSame(firstPlan, firstBuild)
        // email-sftp 4, ads-hashed 4, cart-recovery-webhook 2, braze-cart-recovery 2, meta-audiences 2,
        // web-personalization 16 shards and its manifest.
        #expect(firstBuild.exports.flatMap(\.created).count == 31)

        let later = Self.asOf + 20 * 86_400_000
        let laterPlan = try builder.plan(asOf: later)
        let laterBuild = try builder.build(rebuild: false, asOf: later)
        Self.expectSame(laterPlan, laterBuild)
        #expect(laterBuild.exports.contains { $0.changes.values.contains { $0.exited > 0 } })
    }

    static func expectSame(_ plan: Builder.Report, _ build: Builder.Report) {
        #expect(plan.exports.map(\.destination) == build.exports.map(\.destination))
        for (planned, done) in zip(plan.exports, build.exports) {
            #expect(planned.created == done.created, "\(done.destination)")
            #expect(planned.rewritten == done.rewritten, "\(done.destination)")
            #expect(planned.deleted == done.deleted, "\(done.destination)")
            #expect(planned.changes == done.changes, "\(done.destination)")
            #expect(planned.manifest == done.manifest, "\(done.destination)")
        }
    }

    @Test func aDestinationAPolicyBlocksKeepsItsFilesWhileOthersMoveOn() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).build(rebuild: false, asOf: Self.asOf)
        let before = try Self.exports(root)
        try Data(#"{"id": "no-addresses", "marketingAction": "emailTargeting", "deny": {"label": "C2"}}"#.utf8)
            .write(to: root.appendingPathComponent("policies/no-addresses.json"))
        let later = Self.asOf + 20 * 86_400_000
        let report = try Builder(root: root).build(rebuild: false, asOf: later)
        #expect(report.exports.map(\.destination) == ["ads-hashed", "braze-cart-recovery", "cart-recovery-webhook", "meta-audiences",
                                                     "web-personalization"])
        #expect(!report.policyViolations.isEmpty)
        #expect(report.policyViolations.allSatisfy { $0.location.file == "destinations/email-sftp.json" && $0.message.contains("label C2") })
        let changed = try Self.exports(root).differences(from: before)
        #expect(!changed.isEmpty)
        #expect(changed.allSatisfy { !$0.hasPrefix("email-sftp/") }, "\(changed)")
    }
}

/// The export folder on disk: deleting files a destination no longer owns, recovering from a
/// manifest edited by hand, and leaving no temporary file behind.
@Suite struct ExportFolderTests {
    @Test func aSegmentRemovedFromADestinationTakesItsFileAlong() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let definition = root.appendingPathComponent("destinations/email-sftp.json")
        let text = try String(contentsOf: definition, encoding: .utf8)
        try text.replacingOccurrences(of: #""segments": ["gold-members", "recent-buyers", "high-value-customers"]"#, with: #""segments": ["gold-members"]"#)
            .write(to: definition, atomically: true, encoding: .utf8)
        let report = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let outcome = try #require(report.exports.first { $0.destination == "email-sftp" })
        #expect(outcome.deleted == ["email-sftp_high-value-customers.csv", "email-sftp_recent-buyers.csv"])
        #expect(outcome.rewritten == ["manifest.json"])
        let folder = root.appendingPathComponent("exports/email-sftp")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["email-sftp_gold-members.csv", "manifest.json"])
        #expect(outcome.manifest.segments.keys.sorted() == ["gold-members"])
    }

    @Test func aManifestEditedByHandIsReportedAndTheExportStartsAfresh() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let before = try ExportTests.exports(root)
        try Data("{ not json".utf8).write(to: root.appendingPathComponent("exports/ads-hashed/manifest.json"))
        let report = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let outcome = try #require(report.exports.first { $0.destination == "ads-hashed" })
        #expect(outcome.warnings == ["exports/ads-hashed/manifest.json: cannot be read; this export starts afresh, as if nothing had been exported"])
        // Starting afresh is a full backfill numbered 1 again: the same bytes as the first export.
        #expect(try ExportTests.exports(root).differences(from: before) == [])
        let everything = try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("exports").path)
        #expect(everything.allSatisfy { !($0 as NSString).lastPathComponent.hasPrefix(".") }, "a temporary file was left: \(everything)")
    }
}
