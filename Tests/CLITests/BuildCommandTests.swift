import Foundation
import Testing

@Suite struct BuildCommandTests {
    @Test func buildThenProfileOnAFreshWorkspace() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z"])
        // The template's deliberate bad records are data errors: reported, rejected, exit 1.
        #expect(build.status == 1)
        #expect(build.stdout.contains("inbox/crm/luma-crm.json: 249 records (3 rejected)"))
        #expect(build.stdout.contains("built: 5 files ingested; 3786 records kept, 12 rejected;"))
        let profile = try CohortProcess.run(["profile", "-C", workspace.path, "--json", "lumaLoyaltyId:5625458"])
        #expect(profile.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(profile.stdout.utf8)) as? [String: Any])
        let identities = try #require(object["identities"] as? [[String: String]])
        #expect(identities.contains(["namespace": "lumaCrmId", "id": "112ca06ed53d3db37e4cea49cc45b71e"]))
        #expect((object["events"] as? Int ?? 0) > 0)
        #expect(object["attributes"] is [String: Any])
        #expect(object["sources"] is [String: Any])
        let query = try CohortProcess.run(["query", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z", "--json", "--limit", "2",
                                           #"loyalty.tier in ["gold", "platinum"] and inSegment("gold-members")"#])
        #expect(query.status == 0)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [String: Any])
        // The generator writes 34 gold and 10 platinum members (and one rejected "diamond").
        #expect(result["count"] as? Int == 44)
        #expect((result["sample"] as? [Any])?.count == 2)
        let wrong = try CohortProcess.run(["query", "-C", workspace.path, "loyalty.tierr = 1"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "(query):1:1: error: unknown field `loyalty.tierr` in profiles; did you mean `loyalty.tier`?\n")
        let explain = try CohortProcess.run(["explain", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z", "gold-members", "lumaLoyaltyId:5625458"])
        #expect(explain.status == 0)
        #expect(explain.stdout == """
            gold-members for lumaLoyaltyId:5625458: IN
              loyalty.tier in ["gold", "platinum"]  →  true
                loyalty.tier  →  "gold"

            """)
        let again = try CohortProcess.run(["build", "-C", workspace.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("built: 0 files ingested; 0 records kept, 0 rejected;"))
    }

    @Test func clearErrorsForBadArguments() throws {
        #expect(try CohortProcess.run(["build", "--as-of", "soon"]).status == 2)
        #expect(try CohortProcess.run(["profile", "no-colon"]).status == 2)
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unbuilt = try CohortProcess.run(["profile", "-C", folder.path, "Email:a@example.com"])
        #expect(unbuilt.status == 1)
        #expect(unbuilt.stderr.contains("run `cohort build` first"))
    }

    /// After an identity-rule edit the summary counts only real entries and exits, and the split.
    @Test func anIdentityRuleEditPrintsOnlyRealEntriesAndExits() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let namespace = workspace.appendingPathComponent("namespaces/lumaCrmId.json")
        let unique = try String(contentsOf: namespace, encoding: .utf8)
        try unique.replacingOccurrences(of: "\"unique\": true", with: "\"unique\": false")
            .write(to: namespace, atomically: true, encoding: .utf8)
        _ = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"])
        try unique.write(to: namespace, atomically: true, encoding: .utf8)
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"])
        #expect(build.stdout.contains("401 profiles (6 changed); identity rules changed: 3 profiles split, 0 merged"),
                "\(build.stdout)")
        #expect(build.stdout.contains("gold-members 44 (+0 −0)"), "\(build.stdout)")
    }

    /// `explain` reads the profile as the segment's merge policy makes it: Daniel's CRM record says "Danny".
    @Test func explainReadsTheProfileAsTheSegmentsMergePolicyMakesIt() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        try #"{"id": "crm-first", "attributeMerge": {"type": "dataSetPrecedence", "order": ["crm", "loyalty"]}}"#
            .write(to: workspace.appendingPathComponent("merge-policies/crm-first.json"), atomically: true, encoding: .utf8)
        try (#"{"id": "danny", "mergePolicyId": "crm-first", "expression": {"type": "PQL", "format": "pql/text", "#
             + #""value": "person.name.firstName = \"Danny\""}}"#)
            .write(to: workspace.appendingPathComponent("segments/danny.json"), atomically: true, encoding: .utf8)
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"])
        #expect(build.stdout.contains("danny 1 (+1 −0)"), "\(build.stdout)")
        let explain = try CohortProcess.run(["explain", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z", "danny",
                                             "lumaLoyaltyId:5625458"])
        #expect(explain.stdout.hasPrefix("danny for lumaLoyaltyId:5625458: IN\n"), "\(explain.stdout)")
        #expect(explain.stdout.contains(#"person.name.firstName  →  "Danny""#))
    }
}
