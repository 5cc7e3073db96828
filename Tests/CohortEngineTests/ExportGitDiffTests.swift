import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// The review workflow: exports are committed, one record moves one profile into a segment, and
/// `git diff` shows exactly that row in the files of the destinations that export the segment.
@Suite struct ExportGitDiffTests {
    @discardableResult
    static func git(_ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=cohort", "-c", "user.email=cohort@example.com"] + arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func oneNewGoldMemberIsOneAddedRowInTheFilesThatExportGoldMembers() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        let first = try builder.built(rebuild: false, asOf: ExportTests.asOf)
        try Self.git(["init", "-q", "."], in: root)
        try Self.git(["add", "exports"], in: root)
        try Self.git(["commit", "-q", "-m", "exports"], in: root)

        // A consenting CRM customer with an email who is in none of the exported segments yet.
        let exported = ["gold-members", "recent-buyers", "high-value-customers", "gold-recent-buyers"]
        let profiles = try #require(first.profiles)
        let candidate = try #require(profiles.entries.first { entry in
            let key = entry.profile.identities[0].description
            let attributes = Value.object(entry.profile.attributes)
            return entry.profile.identities.contains { $0.namespace == "lumaCrmId" }
                && entry.profile.identities.contains { $0.namespace == "Email" }
                && attributes[path: ["personalEmail", "address"]] != nil
                && attributes[path: ["consents", "marketing", "email", "val"]] == .string("y")
                && exported.allSatisfy { first.memberships[$0]?[key].map { $0.status == .exited } ?? true }
        })
        let crmId = try #require(candidate.profile.identities.first { $0.namespace == "lumaCrmId" }).id
        let record = """
            [{"_techmarketingdemos": {"systemIdentifier": {"loyaltyId": 9999999, "crmId": "\(crmId)"}},
              "loyalty": {"points": 50000, "tier": "gold", "joinDate": "2026-11-20"},
              "extSourceSystemAudit": {"lastUpdatedDate": "2026-11-20T08:00:00Z"}}]
            """
        try Data(record.utf8).write(to: root.appendingPathComponent("inbox/loyalty/upgrade.json"))
        _ = try builder.built(rebuild: false, asOf: ExportTests.asOf)

        let numstat = try Self.git(["diff", "--numstat", "--", "exports/email-sftp"], in: root).split(separator: "\n").map(String.init)
        #expect(numstat.count == 2, "\(numstat)")
        #expect(numstat.contains("1\t0\texports/email-sftp/email-sftp_gold-members.csv"))
        #expect(numstat.contains { $0.hasSuffix("\texports/email-sftp/manifest.json") })
        #expect(try Self.git(["status", "--porcelain", "--untracked-files=all", "--", "exports"], in: root).split(separator: "\n")
            .allSatisfy { $0.hasPrefix(" M") }, "no export file created or deleted")
        let added = try Self.git(["diff", "-U0", "--", "exports/email-sftp/email-sftp_gold-members.csv"], in: root)
            .split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }
        #expect(added.count == 1)
        let emails = candidate.profile.identities.filter { $0.namespace == "Email" }.map(\.id)
        let row = try #require(added.first)
        #expect(emails.contains { row.hasPrefix("+\($0),") } && row.contains(",gold,") && row.hasSuffix(",realized"), "\(row)")
        // The lookup of gold members changes only the shards of the new member's ECIDs, and its manifest.
        let ecids = candidate.profile.identities.filter { $0.namespace == "ECID" }.map(\.id)
        let shards = Set(ecids.map { "exports/web-personalization/" + LookupShards.fileName(LookupShards.shard(of: $0, prefixLength: 1)) })
        let lookup = try Self.git(["diff", "--name-only", "--", "exports/web-personalization"], in: root).split(separator: "\n").map(String.init)
        #expect(Set(lookup) == shards.union(["exports/web-personalization/manifest.json"]), "\(lookup)")
        let others = try Self.git(["diff", "--name-only", "--", "exports"], in: root).split(separator: "\n")
            .filter { !$0.hasPrefix("exports/email-sftp/") && !$0.hasPrefix("exports/web-personalization/") }
        #expect(others.isEmpty, "\(others)")
    }
}
