import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// Adobe's own Luma tutorial files, when `../shared/datasets/luma/` has them (CI does; a fresh clone
/// does not, and then this suite is skipped): ingested through the template's definitions, each
/// loyalty member linked to a CRM id is one profile with that CRM record and their purchases.
@Suite(.enabled(if: LumaTutorialFiles.available, "../shared/datasets/luma has no Luma CRM, loyalty and purchase files"))
struct LumaTutorialDataTests {
    static let folder = LumaTutorialFiles.folder
    static let files = LumaTutorialFiles.byDataset

    @Test func loyaltyMembersCRMRecordsAndPurchasesAreOneProfile() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        for dataset in ["crm", "dma-crm", "loyalty", "offline-purchases", "web-events"] {
            let inbox = root.appendingPathComponent("inbox/\(dataset)")
            try FileManager.default.removeItem(at: inbox)
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            if let name = Self.files[dataset] {
                try FileManager.default.copyItem(at: Self.folder.appendingPathComponent(name), to: inbox.appendingPathComponent(name))
            }
        }
        let report = try Builder(root: root).build(rebuild: false)
        // Adobe's purchases file is a JSON array written a record a line, in an NDJSON dataset: every record is read.
        #expect(report.recordsRejected == 0)
        #expect(report.fileLines.contains("inbox/offline-purchases/luma-offline-purchases.json: 1000 records (0 rejected)"))
        // Where each attribute came from is recorded when profiles are looked at, as `cohort profile` does.
        let profiles = try Builder(root: root).profiles()
        let loyalty = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.folder.appendingPathComponent("luma-loyalty.json"))) as? [[String: Any]] ?? []
        var linked = 0
        for member in loyalty {
            let ids = (member["_techmarketingdemos"] as? [String: Any])?["systemIdentifier"] as? [String: Any]
            guard let crm = ids?["crmId"] as? String, let loyaltyID = ids?["loyaltyId"] else { continue }
            guard let entry = profiles.entry(for: Identity(namespace: "lumaLoyaltyId", id: "\(loyaltyID)")) else { continue }
            #expect(entry.profile.identities.contains(Identity(namespace: "lumaCrmId", id: crm)))
            linked += 1
        }
        #expect(linked > 0)
        #expect(profiles.entries.contains { entry in
            entry.events.contains { $0.dataset == "offline-purchases" } && entry.profile.sources.values.contains { $0.dataset == "crm" }
        })
    }
}

/// Where Adobe's Luma files are looked for, and whether they are all there.
enum LumaTutorialFiles {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets/luma")
    static let byDataset = ["crm": "luma-crm.json", "loyalty": "luma-loyalty.json", "offline-purchases": "luma-offline-purchases.json"]
    static var available: Bool {
        byDataset.values.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }
}
