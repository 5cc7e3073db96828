import Foundation
import Testing

@Suite struct BuildCommandTests {
    @Test func buildThenProfileOnAFreshWorkspace() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z"])
        // The template's deliberate bad records are within each dataset's errorThreshold: reported with
        // their first reasons and where the rest are, rejected, and the build succeeds (AEP's partial ingestion).
        #expect(build.status == 0)
        #expect(build.stdout.contains("inbox/crm/luma-crm.json: 249 records (3 rejected)"))
        #expect(build.stdout.contains("built: 5 files ingested; 3786 records kept, 12 rejected;"))
        #expect(build.stderr.contains("warning: inbox/crm/luma-crm.json: 3 records rejected (line "))
        #expect(build.stderr.contains("every reason is in rejected/crm/000001-luma-crm.json.ndjson"))
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
        // Profiles are read a batch of components at a time; the sample is still the first matches in identity order.
        let all = try CohortProcess.run(["query", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z", "--json", "--limit", "100",
                                         #"loyalty.tier in ["gold", "platinum"]"#])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        let firsts = try #require(listed["sample"] as? [[String: [[String: String]]]]).compactMap { $0["identities"]?.first }
            .map { [$0["namespace"] ?? "", $0["id"] ?? ""] }
        #expect(firsts.count == 44)
        #expect(firsts == firsts.sorted { $0.lexicographicallyPrecedes($1) })
        let wrong = try CohortProcess.run(["query", "-C", workspace.path, "loyalty.tierr = 1"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "(query):1:1: error: unknown field `loyalty.tierr` in profiles; did you mean `loyalty.tier`?\n")
        // A value, not a condition: how it is spread over the profiles (34 gold, 10 platinum as above).
        let spread = try CohortProcess.run(["query", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z", "--json", "--limit", "4", "loyalty.tier"])
        #expect(spread.status == 0)
        let tiers = try #require(try JSONSerialization.jsonObject(with: Data(spread.stdout.utf8)) as? [String: Any])
        #expect(tiers["profiles"] as? Int == 401)
        #expect(tiers["distinctValues"] as? Int == 4)
        let counts = try #require(tiers["values"] as? [[String: Any]]).map { "\($0["value"] ?? "")=\($0["count"] ?? "")" }
        #expect(counts.suffix(2) == ["gold=34", "platinum=10"])
        let events = try CohortProcess.run(["query", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z", "--limit", "0", "xEvent.count()"])
        #expect(events.stdout.hasPrefix("xEvent.count(): 401 of 401 profiles have a value\n  numbers: 401, min 0, max "))
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

    /// AEP's partial batch ingestion: a file within its dataset's errorThreshold is kept with its bad
    /// records rejected; one over it fails whole and is set aside; `--strict` fails on any rejection;
    /// `--rebuild` never fails for files accepted before.
    @Test func errorThresholdDecidesWhetherAFileFails() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        #expect(try CohortProcess.run(["build", "-C", workspace.path, "--strict"]).status == 1)
        #expect(try CohortProcess.run(["build", "-C", workspace.path, "--rebuild"]).status == 0)

        // Two loyalty records, one of them bad: 50 %, over the template's 10 %.
        let inbox = workspace.appendingPathComponent("inbox/loyalty/two.ndjson")
        let good = #"{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":99000001}},"loyalty":{"tier":"gold"}}"#
        let bad = #"{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":99000002}},"loyalty":{"tier":"diamond"}}"#
        try Data("\(good)\n\(bad)\n".utf8).write(to: inbox)
        let failed = try CohortProcess.run(["build", "-C", workspace.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error: inbox/loyalty/two.ndjson: 1 of 2 records rejected (50 %), over the dataset's errorThreshold of 10 %"))
        #expect(failed.stdout.contains("1 file failed, nothing of it ingested"))
        #expect(!FileManager.default.fileExists(atPath: inbox.path))
        let aside = try FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("rejected/loyalty").path)
        #expect(aside.contains { $0.hasPrefix("failed-") && $0.hasSuffix("-two.ndjson") })
        #expect(aside.contains { $0.hasPrefix("failed-") && $0.hasSuffix("-two.ndjson.ndjson") })
        let profile = try CohortProcess.run(["profile", "-C", workspace.path, "lumaLoyaltyId:99000001"])
        #expect(profile.status != 0, "nothing of a failed file is ingested")

        // The same file under a dataset that allows half its records to be rejected is ingested.
        let dataset = workspace.appendingPathComponent("datasets/loyalty.xml")
        let definition = try String(contentsOf: dataset, encoding: .utf8)
        try Data(definition.replacingOccurrences(of: #"errorThreshold="10""#, with: #"errorThreshold="50""#).utf8).write(to: dataset)
        try Data("\(good)\n\(bad)\n".utf8).write(to: inbox)
        let accepted = try CohortProcess.run(["build", "-C", workspace.path])
        #expect(accepted.status == 0)
        #expect(accepted.stdout.contains("inbox/loyalty/two.ndjson: 2 records (1 rejected)"))
        #expect(try CohortProcess.run(["profile", "-C", workspace.path, "lumaLoyaltyId:99000001"]).status == 0)
        #expect(try CohortProcess.run(["build", "-C", workspace.path, "--rebuild"]).status == 0)
    }

    @Test func clearErrorsForBadArguments() throws {
        #expect(try CohortProcess.run(["build", "--as-of", "soon"]).status == 2)
        #expect(try CohortProcess.run(["profile", "no-colon"]).status == 2)
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{}".utf8).write(to: folder.appendingPathComponent("cohort.json"))
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
