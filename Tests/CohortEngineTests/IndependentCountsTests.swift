import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// Counts of identities and profiles for the template's Luma-shaped data, worked out here with
/// Foundation's JSON parser, a naive union of each record's identities and the generator's documented
/// bad records — not with cohort's readers, validator or graph — and compared with `build`.
@Suite struct IndependentCountsTests {
    typealias Record = [String]

    /// Every good record's identities, as `namespace:value`, straight from the inbox files.
    static func expectedRecords(in inbox: URL) throws -> [Record] {
        func json(_ name: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(contentsOf: inbox.appendingPathComponent(name))) }
        func path(_ object: Any?, _ keys: String...) -> Any? {
            keys.reduce(object) { ($0 as? [String: Any])?[$1] }
        }
        func phone(_ text: String) -> String { (text.hasPrefix("+") ? "+" : "") + text.filter(\.isNumber) }
        var records: [Record] = []
        for case let crm as [String: Any] in try json("crm/luma-crm.json") as? [Any] ?? [] {
            let email = path(crm, "personalEmail", "address") as? String
            let gender = path(crm, "person", "gender") as? String
            if email == "not-an-email" || gender == "unknown" || path(crm, "person", "birthDate") as? String == "1990-02-30" { continue }
            var record = ["lumaCrmId:" + (path(crm, "_techmarketingdemos", "systemIdentifier", "crmId") as? String ?? "")]
            if let email, email != "test@test.com" { record.append("Email:" + email.lowercased()) }
            if let number = path(crm, "mobilePhone", "number") as? String { record.append("Phone:" + phone(number)) }
            records.append(record)
        }
        let csv = try String(contentsOf: inbox.appendingPathComponent("dma-crm/dma-crm.csv"), encoding: .utf8)
        for line in csv.split(separator: "\n").dropFirst() where !line.contains("yesterday") {
            // Only the City and Last Name columns are ever quoted; the first five columns never are, except a quoted last name.
            let plain = line.replacingOccurrences(of: "\"O\"\"Neil\"", with: "ONeil")
            let fields = plain.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var record = ["lumaCrmId:" + fields[0]]
            if !fields[3].isEmpty { record.append("Email:" + fields[3].lowercased()) }
            if !fields[4].isEmpty { record.append("Phone:" + phone(fields[4])) }
            records.append(record)
        }
        for case let member as [String: Any] in try json("loyalty/luma-loyalty.json") as? [Any] ?? [] {
            if path(member, "loyalty", "tier") as? String == "diamond" || path(member, "loyalty", "points") is String { continue }
            var record = ["lumaLoyaltyId:\(path(member, "_techmarketingdemos", "systemIdentifier", "loyaltyId") as? Int ?? -1)"]
            if let crm = path(member, "_techmarketingdemos", "systemIdentifier", "crmId") as? String { record.append("lumaCrmId:" + crm) }
            records.append(record)
        }
        let purchases = try String(contentsOf: inbox.appendingPathComponent("offline-purchases/purchases.ndjson"), encoding: .utf8)
        for line in purchases.split(separator: "\n") {
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], event["_id"] != nil,
                  path(event, "commerce", "order", "priceTotal") is NSNumber else { continue }
            records.append(["lumaLoyaltyId:\(path(event, "_techmarketingdemos", "systemIdentifier", "loyaltyId") as? Int ?? -1)"])
        }
        let web = try String(contentsOf: inbox.appendingPathComponent("web-events/web-events.ndjson"), encoding: .utf8)
        for line in web.split(separator: "\n") {
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let map = event["identityMap"] as? [String: [[String: Any]]] else { continue }
            let ecids = (map["ECID"] ?? []).compactMap { $0["id"] as? String }.filter { $0.count == 38 && $0.allSatisfy(\.isNumber) }
            guard !ecids.isEmpty else { continue }
            records.append(ecids.map { "ECID:" + $0 } + (map["lumaCrmId"] ?? []).compactMap { ($0["id"] as? String).map { "lumaCrmId:" + $0 } })
        }
        return records
    }

    /// Connected components of the records' identities, by repeated merging.
    static func components(_ records: [Record]) -> [Set<String>] {
        var owner: [String: Int] = [:]
        var groups: [Set<String>] = []
        for record in records {
            let hit = Set(record.compactMap { owner[$0] })
            var merged = Set(record)
            for index in hit { merged.formUnion(groups[index]); groups[index] = [] }
            groups.append(merged)
            for identity in merged { owner[identity] = groups.count - 1 }
        }
        return groups.filter { !$0.isEmpty }
    }

    @Test func identitiesAndProfilesMatchAnIndependentCount() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let records = try Self.expectedRecords(in: root.appendingPathComponent("inbox"))
        let identities = Set(records.joined())
        let naive = Self.components(records)
        // The only conflicts in this data are the three shared devices: each joins two CRM ids, and the
        // unique CRM namespace splits each such group back in two (the device stays with the last user).
        let conflicted = naive.filter { group in group.filter { $0.hasPrefix("lumaCrmId:") }.count > 1 }
        #expect(conflicted.count == 3)
        #expect(conflicted.allSatisfy { group in group.filter { $0.hasPrefix("lumaCrmId:") }.count == 2 })
        let profiles = try #require(try Builder(root: root).built(rebuild: false).profiles)
        #expect(profiles.graph.graphs.reduce(0) { $0 + $1.count } == identities.count)
        #expect(profiles.entries.count == naive.count + conflicted.count)
        #expect(Set(profiles.graph.graphs.joined().map(\.description)) == identities)
    }
}
