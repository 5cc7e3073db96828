import Testing
@testable import CohortCore

/// A dataset's `errorThreshold`: the percent of a file's records that may be rejected before the
/// whole file fails (AEP's partial batch ingestion, default 5 %).
@Suite struct ErrorThresholdTests {
    private func load(_ dataset: String) -> WorkspaceLoader.Result {
        WorkspaceLoader.load([
            SourceFile(path: "schemas/p.xml", text: #"<schema id="p" class="profile"><field path="id" type="string" identity="crm"/></schema>"#),
            SourceFile(path: "namespaces/crm.json", text: #"{"code": "crm", "type": "cross_device"}"#),
            SourceFile(path: "datasets/d.json", text: dataset),
        ])
    }

    @Test func theDefaultIsFivePercentAndMoreFailsTheFile() throws {
        let dataset = try #require(load(#"{"id": "d", "schema": "p"}"#).workspace.dataset("d"))
        #expect(dataset.errorThreshold == 5)
        #expect(!dataset.failsWhole(read: 100, rejected: 5))
        #expect(dataset.failsWhole(read: 100, rejected: 6))
        #expect(dataset.failsWhole(read: 1, rejected: 1))
        #expect(!dataset.failsWhole(read: 0, rejected: 0))
    }

    @Test func aDatasetSetsItsOwnThresholdFromZeroToAHundred() throws {
        let strict = try #require(load(#"{"id": "d", "schema": "p", "errorThreshold": 0}"#).workspace.dataset("d"))
        #expect(strict.failsWhole(read: 1_000, rejected: 1))
        let lenient = try #require(load(#"{"id": "d", "schema": "p", "errorThreshold": 100}"#).workspace.dataset("d"))
        #expect(!lenient.failsWhole(read: 3, rejected: 3))
        let wrong = load(#"{"id": "d", "schema": "p", "errorThreshold": 120}"#)
        #expect(wrong.definitionErrors.map(\.description)
                == ["datasets/d.json:1:46: error: `errorThreshold` is a percent of a file's records, from 0 to 100; found 120"])
    }
}
