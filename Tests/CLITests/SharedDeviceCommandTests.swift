import Foundation
import Testing

/// A tablet that Alice, then Bob, logged in on, written to the file newest first: `build` orders the
/// logins by their time and counts the link it drops, and `profile` finds each person with their own login.
@Suite struct SharedDeviceCommandTests {
    static let tablet = "71637951749074886733412161462891306243"

    /// A web event as the Web SDK sends it: the ECID marked primary, the CRM id (when logged in) not.
    static func event(_ id: String, _ time: String, crm: String?) -> String {
        let login = crm.map {
            #","lumaCrmId":[{"id":"\#($0)","authenticatedState":"authenticated","primary":false}]"#
        } ?? ""
        return #"{"_id":"\#(id)","timestamp":"\#(time)","eventType":"web.webpagedetails.pageViews","#
            + #""identityMap":{"ECID":[{"id":"\#(tablet)","authenticatedState":"ambiguous","primary":true}]\#(login)}}"#
    }

    @Test func theTabletFollowsTheLastLoginAndEachLoginStaysWithItsPerson() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let inbox = workspace.appendingPathComponent("inbox")
        for dataset in try FileManager.default.contentsOfDirectory(atPath: inbox.path) {
            let folder = inbox.appendingPathComponent(dataset)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
            }
        }
        let lines = [
            Self.event("bob-login", "2026-11-10T09:00:00Z", crm: "bob"),
            Self.event("alice-login", "2026-11-01T09:00:00Z", crm: "alice"),
            Self.event("tablet-browsing", "2026-11-10T09:05:00Z", crm: nil),
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: inbox.appendingPathComponent("web-events/tablet.ndjson"),
                                                          atomically: true, encoding: .utf8)
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("3 identities in 2 graphs (0 at the identity limit); 2 profiles (2 changed); "
                                      + "1 links dropped by namespace limits"), "\(build.stdout)")

        let alice = try CohortProcess.run(["profile", "-C", workspace.path, "--json", "lumaCrmId:alice"])
        #expect(alice.status == 0, "\(alice.stderr)")
        let aliceProfile = try #require(
            try JSONSerialization.jsonObject(with: Data(alice.stdout.utf8)) as? [String: Any])
        #expect(aliceProfile["identities"] as? [[String: String]] == [["namespace": "lumaCrmId", "id": "alice"]])
        #expect(aliceProfile["events"] as? Int == 1)

        let bob = try CohortProcess.run(["profile", "-C", workspace.path, "--json", "ECID:\(Self.tablet)"])
        #expect(bob.status == 0, "\(bob.stderr)")
        let bobProfile = try #require(
            try JSONSerialization.jsonObject(with: Data(bob.stdout.utf8)) as? [String: Any])
        #expect(bobProfile["identities"] as? [[String: String]]
                == [["namespace": "ECID", "id": Self.tablet], ["namespace": "lumaCrmId", "id": "bob"]])
        #expect(bobProfile["events"] as? Int == 2)
    }
}
