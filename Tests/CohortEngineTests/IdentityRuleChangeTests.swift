import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// An identity-rule edit re-reads history under the new rules; memberships of profiles it left alone
/// stay as they were, split and merged profiles follow the rekey rules, and build and watch report
/// only the real entries and exits with the split and merge counts.
@Suite struct IdentityRuleChangeTests {
    static let asOf = Timestamp.milliseconds(from: "2026-11-21T12:00:00Z")!

    /// The template with the CRM id not `unique`: each of the three shared devices joins its two users.
    static func loosenedTemplate() throws -> URL {
        let root = try BuildTests.templateCopy()
        try setUnique(false, in: root)
        return root
    }

    static func setUnique(_ unique: Bool, in root: URL) throws {
        let url = root.appendingPathComponent("namespaces/lumaCrmId.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let (from, to) = unique ? ("\"unique\": false", "\"unique\": true") : ("\"unique\": true", "\"unique\": false")
        #expect(text.contains(from))
        try text.replacingOccurrences(of: from, with: to).write(to: url, atomically: true, encoding: .utf8)
    }

    static func key(_ entry: UnifiedProfiles.Entry) -> String { entry.profile.identities.first?.description ?? "" }

    /// `gold-members +0 −0`-style parts for the segments with entries or exits, as watch prints them.
    static func parts(_ changes: [String: (entered: Int, exited: Int)]) -> [String] {
        changes.keys.sorted().compactMap { id in
            changes[id].flatMap { $0.entered + $0.exited > 0 ? "\(id) +\($0.entered) −\($0.exited)" : nil }
        }
    }

    @Test func makingANamespaceUniqueSplitsOnlyItsGraphsAndKeepsEveryOtherMembership() throws {
        let root = try Self.loosenedTemplate()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Builder(root: root).built(rebuild: false, asOf: Self.asOf)
        try Self.setUnique(true, in: root)
        let second = try Builder(root: root).built(rebuild: false, asOf: Self.asOf)
        #expect(second.identityRuleChanges == GraphChanges(split: 3, merged: 0))

        let before = try #require(first.profiles)
        let after = try #require(second.profiles)
        let graphsBefore = Set(before.entries.map(\.profile.identities))
        let untouched = after.entries.filter { graphsBefore.contains($0.profile.identities) }.map(Self.key)
        // Three graphs became six profiles; the change set names those six and no other.
        #expect(untouched.count == after.entries.count - 6)
        #expect(second.changedProfiles == 6)
        // Untouched profiles keep every membership: entered in the first build, `existing` now.
        for (segment, members) in first.memberships {
            for key in untouched {
                let kept = members[key].map {
                    Membership(status: .existing, lastQualificationTime: $0.lastQualificationTime)
                }
                #expect(second.memberships[segment]?[key] == kept, "\(segment) \(key)")
            }
        }
        // Entries and exits are counted once, where they happened: the split profiles.
        var entered = 0
        var exited = 0
        for (segment, members) in second.memberships {
            let change = second.segmentChanges[segment] ?? (0, 0)
            #expect(change.entered == members.values.filter { $0.status == .realized }.count, "\(segment)")
            #expect(change.exited == members.values.filter { $0.status == .exited }.count, "\(segment)")
            entered += change.entered
            exited += change.exited
        }
        #expect(entered > 0 && entered <= 6 * second.memberships.count)
        // A split leaves the person who used a shared device without the other's purchases and visits.
        #expect(exited > 0)
    }

    /// Watch mode reports an identity-rule edit as build does: the real entries and exits per segment
    /// and the profiles split and merged.
    @Test func watchReportsAnIdentityRuleEditAsBuildDoes() throws {
        let root = try Self.loosenedTemplate()
        defer { try? FileManager.default.removeItem(at: root) }
        let session = try WatchSession(root: root, clock: { Self.asOf })
        try Self.setUnique(true, in: root)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-rules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: root, to: copy)
        let built = try Builder(root: copy).built(rebuild: false, asOf: Self.asOf)

        let lines = try session.reloadDefinitions().flatMap(\.lines)
        let line = try #require(lines.last)
        #expect(line.contains("identity rules changed: 3 profiles split, 0 merged"), "\(line)")
        let expected = Self.parts(built.segmentChanges)
        #expect(!expected.isEmpty)
        #expect(line.contains(expected.joined(separator: ", ")), "\(line) lacks \(expected)")
        #expect(try RecordStore(folder: root.appendingPathComponent(".cohort")).memberships() == built.memberships)
    }
}
