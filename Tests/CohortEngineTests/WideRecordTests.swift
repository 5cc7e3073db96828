import CohortCore
@testable import CohortEngine
import Testing

/// A record with tens of thousands of `identityMap` codes is read in time proportional to its size
/// by the fast lane, with the identities the full path finds. The time limit is far above what a
/// linear reader needs and far below what comparing every code with every other takes.
@Suite(.timeLimit(.minutes(3))) struct WideRecordTests {
    @Test func anIdentityMapWithManyCodesIsReadInOnePass() throws {
        let builder = try Builder(root: TemplateWorkspaceTests.root)
        let ingest = try #require(builder.datasetIngest("web-events"))
        // Written in descending order, so the reader must also sort them.
        let codes = (0..<60_000).reversed().map { "ns\($0)" }
        let map = codes.map { #""\#($0)":[{"id":"\#($0)-id"}]"# }.joined(separator: ",")
        let record = #"{"_id":"e1","timestamp":"2026-06-02T20:21:40Z","eventType":"web.webpagedetails.pageViews","#
            + #""identityMap":{"Email":[{"id":"ann@example.com"}],\#(map)}}"#
        let read = try #require(ingest.schemaReader.read(Array(record.utf8)))
        #expect(read.identityMap?.map(\.code) == (["Email"] + codes).sorted())
        let node = try JSONParser.parse(record, file: "r.json").get()
        switch (ingest.ingest(checked: read, at: .line(1)), ingest.ingest(Value(node), at: .line(1))) {
        case (.success(let fast), .success(let full)): #expect(fast == full)
        default: Issue.record("the two paths disagree")
        }
        // A code written twice is left to the full path, which names it.
        let twice = record.replacingOccurrences(of: "\"ns0\"", with: "\"ns1\"")
        #expect(ingest.schemaReader.read(Array(twice.utf8)) == nil)
    }
}
