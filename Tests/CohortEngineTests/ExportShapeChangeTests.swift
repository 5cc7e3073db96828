import CohortCore
import Foundation
import Testing

@testable import CohortEngine

/// Renaming a destination's columns, on the template: the next build (and `plan` before it) reports
/// the same entries and exits as a build without the rename, rewrites the full files in the new
/// shape, sends an incremental destination's backfill with its exits, and warns of nothing.
@Suite struct ExportShapeChangeTests {
    static let built = Timestamp.milliseconds(from: "2026-11-21T12:00:00Z")!
    /// A week later: purchases leave their windows, so members exit.
    static let later = Timestamp.milliseconds(from: "2026-11-28T12:00:00Z")!

    static func edit(_ root: URL, _ path: String, _ old: String, _ new: String) throws {
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func renamedColumnsAreAShapeChangeNotFilesEditedByHand() throws {
        let renamed = try BuildTests.templateCopy()
        let plain = try BuildTests.templateCopy()
        defer { for root in [renamed, plain] { try? FileManager.default.removeItem(at: root) } }
        for root in [renamed, plain] { _ = try Builder(root: root).build(rebuild: false, asOf: Self.built) }
        try Self.edit(renamed, "destinations/email-sftp.json", #""target": "first_name""#, #""target": "given_name""#)
        try Self.edit(renamed, "destinations/ads-hashed.xml", #"target="status""#, #"target="membership""#)

        let planned = try Builder(root: renamed).plan(asOf: Self.later).exports
        let outcomes = try Builder(root: renamed).build(rebuild: false, asOf: Self.later).exports
        let expected = try Builder(root: plain).build(rebuild: false, asOf: Self.later).exports
        for (outcome, plan) in zip(outcomes, planned) {
            #expect(outcome.warnings.isEmpty)
            #expect(plan.warnings.isEmpty)
            #expect(plan.changes == outcome.changes)
            #expect(plan.reshaped == outcome.reshaped)
            #expect(
                (plan.created, plan.rewritten, plan.deleted) == (outcome.created, outcome.rewritten, outcome.deleted))
        }
        let byId = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.destination, $0) })
        let plainById = Dictionary(uniqueKeysWithValues: expected.map { ($0.destination, $0) })
        let exits = plainById["ads-hashed"]?.changes.values.reduce(0) { $0 + $1.exited } ?? 0
        #expect(exits > 0, "the week should take members out of the ad audiences")
        for id in ["email-sftp", "ads-hashed"] {
            #expect(byId[id]?.reshaped == true)
            #expect(byId[id]?.changes == plainById[id]?.changes, "\(id): a rename must not change who enters or exits")
        }
        #expect(byId["cart-recovery-webhook"]?.reshaped == false)

        let gold = try String(
            contentsOf: renamed.appendingPathComponent("exports/email-sftp/email-sftp_gold-members.csv"),
            encoding: .utf8)
        #expect(gold.hasPrefix("Email,given_name,last_name,tier,city,status\n"))
        // The backfill holds every member of each segment and the rows that left.
        let ads = try #require(byId["ads-hashed"])
        #expect(ads.manifest.backfill == 2)
        for (segment, counts) in ads.manifest.segments {
            let rows = ads.manifest.files.filter { $0.export == 2 && $0.segment == segment }.reduce(0) { $0 + $1.rows }
            #expect(rows == counts.exported + (ads.changes[segment]?.exited ?? 0), "\(segment)")
        }
        let backfill = try String(
            contentsOf: renamed.appendingPathComponent("exports/ads-hashed/ads-hashed_gold-recent-buyers_000002.csv"),
            encoding: .utf8)
        #expect(backfill.hasPrefix("Email_SHA256,membership\n"))
        #expect(backfill.contains(",exited\n") == ((ads.changes["gold-recent-buyers"]?.exited ?? 0) > 0))

        // The next build reads the new files back: nothing to send, nothing to warn of.
        let again = try Builder(root: renamed).build(rebuild: false, asOf: Self.later).exports
        #expect(again.allSatisfy { $0.warnings.isEmpty && !$0.reshaped && $0.created.isEmpty && $0.rewritten.isEmpty })
    }

    @Test func watchModeReshapesAsABuildDoes() throws {
        let watched = try BuildTests.templateCopy()
        let built = try BuildTests.templateCopy()
        defer { for root in [watched, built] { try? FileManager.default.removeItem(at: root) } }
        let session = try WatchSession(root: watched, clock: { Self.built })
        _ = try Builder(root: built).build(rebuild: false, asOf: Self.built)
        for root in [watched, built] {
            try Self.edit(root, "destinations/email-sftp.json", #""target": "first_name""#, #""target": "given_name""#)
            try Self.edit(root, "destinations/ads-hashed.xml", #"target="status""#, #"target="membership""#)
        }
        let lines = try session.reloadDefinitions().flatMap(\.lines)
        _ = try Builder(root: built).build(rebuild: false, asOf: Self.built)
        #expect(lines.joined(separator: "\n").contains("exports/ads-hashed/ads-hashed_gold-recent-buyers_000002.csv"))
        #expect(try ExportTests.exports(watched).differences(from: ExportTests.exports(built)) == [], "\(lines)")
    }
}
