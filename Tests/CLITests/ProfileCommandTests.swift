import Foundation
import Testing

/// `cohort profile` finds a profile by an identity as a person writes it, and shows its memberships.
@Suite struct ProfileCommandTests {
    @Test func theArgumentIsNormalizedAndMembershipsAreShown() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        _ = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z"])

        let byEmail = try CohortProcess.run(["profile", "-C", workspace.path, "--json",
                                             "Email:Danny.Wright48@Example.org"])
        #expect(byEmail.status == 0, "\(byEmail.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(byEmail.stdout.utf8)) as? [String: Any])
        let identities = try #require(object["identities"] as? [[String: String]])
        #expect(identities.contains(["namespace": "lumaCrmId", "id": "112ca06ed53d3db37e4cea49cc45b71e"]))
        #expect(identities.contains(["namespace": "Phone", "id": "+15035550001"]))
        let segments = try #require(object["segments"] as? [String: [String: String]])
        #expect(segments["gold-members"]?["status"] == "realized")
        #expect(segments["gold-members"]?["lastQualificationTime"] == "2026-11-21T00:00:00Z")

        let byPhone = try CohortProcess.run(["profile", "-C", workspace.path, "Phone: +1 (503) 555-0001 "])
        #expect(byPhone.status == 0, "\(byPhone.stderr)")
        #expect(byPhone.stdout.contains("  lumaCrmId:112ca06ed53d3db37e4cea49cc45b71e\n"))
        #expect(byPhone.stdout.contains("\n  gold-members: realized, last qualification 2026-11-21T00:00:00Z\n"))
        let explain = try CohortProcess.run(["explain", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z",
                                             "gold-members", "Email:DANNY.WRIGHT48@example.org"])
        #expect(explain.stdout.hasPrefix("gold-members for Email:DANNY.WRIGHT48@example.org: IN\n"))

        for (argument, message) in [
            ("email:danny.wright48@example.org", #"unknown namespace "email"; did you mean `Email`?"#),
            ("Phone:call me", #""call me" is not a usable Phone value: it cannot be written as an E.164 phone number"#),
            ("ECID:123", #""123" is not a usable ECID value: an ECID is 38 digits"#),
        ] {
            let wrong = try CohortProcess.run(["profile", "-C", workspace.path, argument])
            #expect(wrong.status == 2, "\(argument)")
            #expect(wrong.stderr.contains(message), "\(wrong.stderr)")
        }
        let unknown = try CohortProcess.run(["profile", "-C", workspace.path, "Email:nobody@example.org"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: no profile has the identity Email:nobody@example.org\n")
    }
}
