import Testing
@testable import CohortCore

/// Stream destinations: AEP's HTTP payload per changed profile, one new file per export.
@Suite struct StreamExportPlannerTests {
    typealias F = ActivationFixture

    static let json = #"""
        {"id": "hook", "type": "stream", "segments": ["gold", "buyers"], "identity": {"namespace": "Email", "hash": "sha256"},
         "mappings": [{"source": "person.name.firstName", "target": "person.firstName"}, {"source": "homeAddress.city", "target": "city"}]}
        """#

    func plan(_ input: ActivationInput, previous: PreviousExport = .none) throws -> DestinationExport {
        let (workspace, destination) = try F.destination(Self.json)
        return StreamExportPlanner(destination: destination, workspace: workspace).plan(input, previous: previous)
    }

    func lines(_ export: DestinationExport, _ name: String) -> [String] {
        (F.text(export.files[name]) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func eachChangedProfileIsOneLineInAdobesPayloadShape() throws {
        let ann = F.person(crm: "1", emails: ["Ann@Example.com"], first: "Ann", tier: "gold", city: "Oslo")
        let bob = F.person(crm: "2", emails: ["bob@example.com"], first: "Bob", tier: "gold")
        let hashedAnn = "Email_SHA256:" + SHA256.hex(Array("ann@example.com".utf8))
        let first = try plan(F.input([ann, bob], members: ["gold": [(ann, 1), (bob, 1)], "buyers": [(ann, 1)]], evaluatedAt: 86_400_000))
        #expect(first.files.keys.sorted() == ["hook_000001.ndjson"])
        let annLine = try #require(lines(first, "hook_000001.ndjson").first { $0.contains(String(hashedAnn.dropFirst(13))) })
        #expect(annLine == """
            {"city":"Oslo","identityMap":{"Email_SHA256":[{"id":"\(hashedAnn.dropFirst(13))"}]},"person":{"firstName":"Ann"},\
            "segmentMembership":{"ups":{"buyers":{"lastQualificationTime":"1970-01-02T00:00:00Z","status":"realized"},\
            "gold":{"lastQualificationTime":"1970-01-02T00:00:00Z","status":"realized"}}}}
            """)
        #expect(first.changes["gold"] == RowChanges(entered: 2))
        #expect(first.changes["buyers"] == RowChanges(entered: 1))

        // Ann leaves `buyers`, Bob moves city: two lines; statuses that did not change keep their time.
        let onDisk = PreviousExport(manifest: first.manifest, files: first.files)
        let bobMoved = F.person(crm: "2", emails: ["bob@example.com"], first: "Bob", tier: "gold", city: "Rome")
        let second = try plan(F.input([ann, bobMoved], members: ["gold": [(ann, 1), (bobMoved, 1)]], evaluatedAt: 2 * 86_400_000), previous: onDisk)
        let secondLines = lines(second, "hook_000002.ndjson")
        #expect(secondLines.count == 2)
        let annNow = try #require(secondLines.first { $0.contains(String(hashedAnn.dropFirst(13))) })
        #expect(annNow.contains(#""buyers":{"lastQualificationTime":"1970-01-03T00:00:00Z","status":"exited"}"#))
        #expect(annNow.contains(#""gold":{"lastQualificationTime":"1970-01-02T00:00:00Z","status":"realized"}"#))
        #expect(second.changes["buyers"] == RowChanges(exited: 1))
        #expect(second.changes["gold"] == RowChanges(changed: 2))
        #expect(second.manifest.files.map(\.name) == ["hook_000001.ndjson", "hook_000002.ndjson"])

        // Nothing changed: no new file, the same manifest.
        var files = first.files
        files.merge(second.files) { _, new in new }
        let third = try plan(F.input([ann, bobMoved], members: ["gold": [(ann, 1), (bobMoved, 1)]], evaluatedAt: 3 * 86_400_000),
                             previous: PreviousExport(manifest: second.manifest, files: files))
        #expect(third.files.isEmpty)
        #expect(third.manifest == second.manifest)

        // Bob leaves every segment: one line saying so.
        let fourth = try plan(F.input([ann, bobMoved], members: ["gold": [(ann, 1)]], evaluatedAt: 4 * 86_400_000),
                              previous: PreviousExport(manifest: second.manifest, files: files))
        let bobLine = try #require(lines(fourth, "hook_000003.ndjson").first)
        #expect(bobLine.contains(#""gold":{"lastQualificationTime":"1970-01-05T00:00:00Z","status":"exited"}"#))
        #expect(fourth.changes["gold"] == RowChanges(exited: 1))
    }

    @Test func profilesWithoutConsentOrTheIdentityAreCountedNotSent() throws {
        let json = Self.json.replacingOccurrences(of: #""mappings""#, with: #""consent": {"path": "consents.marketing.email.val", "allow": ["y"]}, "mappings""#)
        let (workspace, destination) = try F.destination(json)
        let noEmail = F.person(crm: "1", tier: "gold")
        let optedOut = F.person(crm: "2", emails: ["b@example.com"], tier: "gold", consent: "n")
        let export = StreamExportPlanner(destination: destination, workspace: workspace)
            .plan(F.input([noEmail, optedOut], members: ["gold": [(noEmail, 1), (optedOut, 1)]]), previous: .none)
        #expect(export.files.isEmpty)
        let counts = try #require(export.manifest.segments["gold"])
        #expect((counts.members, counts.exported, counts.consent, counts.identity) == (2, 0, 1, 1))
    }
}
