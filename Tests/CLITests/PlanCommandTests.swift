import Foundation
import Testing

/// `cohort plan` and the export lines of `cohort build`, through the binary.
@Suite struct PlanCommandTests {
    @Test func planPrintsWhatBuildThenWrites() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let plan = try CohortProcess.run(["plan", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"])
        #expect(plan.status == 0)
        let planned = plan.stdout.split(separator: "\n").map(String.init)
        #expect(planned.count == 6)
        #expect(planned.last?.hasSuffix("; would write 16 shards, manifest.json") == true, "\(planned)")
        #expect(planned.first?.hasPrefix("exports/ads-hashed: cart-abandoners +18 −0 ~0, gold-recent-buyers +7 −0 ~0, hoodie-shoppers +65 −0 ~0; would write ads-hashed_cart-abandoners_000001.csv,") == true)
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("exports").path))

        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"])
        let wrote: [String] = build.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("exports/") }
        let asPlanned: [String] = wrote.map { $0.replacingOccurrences(of: "; wrote ", with: "; would write ") }
        #expect(asPlanned == planned)

        let json = try CohortProcess.run(["plan", "-C", workspace.path, "--as-of", "2026-12-21T12:00:00Z", "--json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let destinations = try #require(object["destinations"] as? [[String: Any]])
        #expect(destinations.compactMap { $0["id"] as? String } == ["ads-hashed", "braze-cart-recovery", "cart-recovery-webhook", "email-sftp",
                                                                   "meta-audiences", "web-personalization"])
        let recent = (destinations[3]["segments"] as? [String: [String: Int]])?["recent-buyers"]
        #expect(recent?["exited"] == 20)
        #expect(destinations[3]["changed"] as? [String] == ["email-sftp_high-value-customers.csv", "email-sftp_recent-buyers.csv", "manifest.json"])
        #expect(try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"]).stdout.contains("exports: unchanged"))
    }

    @Test func aBlockedDestinationIsReportedByValidateAndBuild() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        try Data(#"{"id": "no-addresses", "marketingAction": "emailTargeting", "deny": {"label": "C2"}}"#.utf8)
            .write(to: workspace.appendingPathComponent("policies/no-addresses.json"))
        let validate = try CohortProcess.run(["validate", "-C", workspace.path])
        #expect(validate.status == 1)
        #expect(validate.stderr.contains(#"destinations/email-sftp.json:12:17: error: destination "email-sftp" is blocked by policy "no-addresses" (policies/no-addresses.json), which denies marketing action "emailTargeting" for label C2 on field homeAddress (schema luma-crm), which this mapping exports"#))
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"])
        #expect(build.status == 1)
        #expect(build.stderr.contains(#"destination "email-sftp" is blocked by policy "no-addresses""#))
        #expect(build.stdout.contains("exports/ads-hashed: "))
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("exports/email-sftp").path))
    }
}
