import CohortSampleData
import Foundation
import Testing

/// The template's inbox files are exactly what the deterministic generator writes.
@Suite struct TemplateSampleDataTests {
    @Test func committedInboxFilesMatchTheGenerator() throws {
        let generated = LumaSampleData.files()
        #expect(generated.map(\.path) == [
            "inbox/crm/luma-crm.json", "inbox/dma-crm/dma-crm.csv", "inbox/loyalty/luma-loyalty.json",
            "inbox/offline-purchases/purchases.ndjson", "inbox/web-events/web-events.ndjson",
        ])
        for file in generated {
            let committed = try Data(contentsOf: TemplateWorkspaceTests.root.appendingPathComponent(file.path))
            #expect(committed == Data(file.contents.utf8), "\(file.path) differs: run `swift run sample-data workspace-template`")
        }
    }

    @Test func theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() {
        #expect(LumaSampleData.files(seed: 7) == LumaSampleData.files(seed: 7))
        #expect(LumaSampleData.files(seed: 7).map(\.contents) != LumaSampleData.files(seed: 8).map(\.contents))
    }

    @Test func theDataCarriesTheLumaLinksAndDeliberateMistakes() throws {
        let files = Dictionary(uniqueKeysWithValues: LumaSampleData.files().map { ($0.path, $0.contents) })
        let crm = try #require(files["inbox/crm/luma-crm.json"])
        let loyalty = try #require(files["inbox/loyalty/luma-loyalty.json"])
        // Danny in CRM is Daniel in loyalty, linked by the same CRM id.
        #expect(crm.contains("\"crmId\": \"112ca06ed53d3db37e4cea49cc45b71e\""))
        #expect(crm.contains("\"firstName\": \"Danny\""))
        #expect(loyalty.contains("\"loyaltyId\": 5625458"))
        #expect(loyalty.contains("\"firstName\": \"Daniel\""))
        #expect(crm.contains("not-an-email") && loyalty.contains("\"diamond\""))
        let web = try #require(files["inbox/web-events/web-events.ndjson"])
        let lines = web.split(separator: "\n")
        let unparsable = lines.filter { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) == nil }
        #expect(unparsable.count == 1, "exactly one truncated line")
    }
}
