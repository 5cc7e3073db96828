import CohortCore
@testable import CohortEngine
import Foundation
import GRDB
import Testing

/// A rebuild fills an empty store its own way (components in key order, their index made after);
/// builds after it grow that store as any other, and end where one build of everything ends.
@Suite struct RebuildPathTests {
    static let held = ["web-events/web-events.ndjson", "offline-purchases/purchases.ndjson"]

    /// Moves the held files of `root`'s inbox to `holding` (or back).
    static func move(_ root: URL, _ holding: URL, back: Bool) throws {
        for path in held {
            let inbox = root.appendingPathComponent("inbox/\(path)")
            let aside = holding.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: aside.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: back ? aside : inbox, to: back ? inbox : aside)
        }
    }

    /// Who is in each segment (keys of members that did not exit).
    static func members(_ memberships: [String: [String: Membership]]) -> [String: [String]] {
        memberships.mapValues { $0.filter { $0.value.status != .exited }.keys.sorted() }
    }

    @Test func aRebuildThenNewFilesEndWhereOneBuildOfEverythingEnds() throws {
        let stepped = try BuildTests.templateCopy()
        let oneShot = try BuildTests.templateCopy()
        let holding = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-held-\(UUID().uuidString)")
        defer { for folder in [stepped, oneShot, holding] { try? FileManager.default.removeItem(at: folder) } }

        // Web events log in: their ECIDs join CRM people's components, which the rebuild numbered.
        try Self.move(stepped, holding, back: false)
        _ = try Builder(root: stepped).build(rebuild: false, asOf: ExportTests.asOf)
        _ = try Builder(root: stepped).build(rebuild: true, asOf: ExportTests.asOf)
        try Self.move(stepped, holding, back: true)
        let last = try Builder(root: stepped).built(rebuild: false, asOf: ExportTests.asOf)
        let whole = try Builder(root: oneShot).built(rebuild: false, asOf: ExportTests.asOf)

        #expect(last.report.filesIngested == Self.held.count)
        let profiles = try #require(last.profiles)
        #expect(BuildTests.profilesJSON(profiles) == BuildTests.profilesJSON(try #require(whole.profiles)))
        #expect(Self.members(last.memberships) == Self.members(whole.memberships))
        #expect(last.report.graphStats == whole.report.graphStats)
        #expect(last.report.profileCount == whole.report.profileCount)
        let emails = "exports/email-sftp/email-sftp_gold-members.csv"
        #expect(try Data(contentsOf: stepped.appendingPathComponent(emails))
                == Data(contentsOf: oneShot.appendingPathComponent(emails)))

        // The component index the rebuild made after its rows is there for later builds.
        let store = try RecordStore(readingFrom: stepped.appendingPathComponent(".cohort"))
        let indexes = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                                arguments: ["identities"])
        }
        #expect(indexes.contains("identities_component"))
    }
}
