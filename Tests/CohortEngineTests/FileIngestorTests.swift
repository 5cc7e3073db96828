import CohortCore
import Foundation
import Testing
@testable import CohortEngine

/// Reading runs a chunk ahead of storing: records still arrive in file order, a failure on
/// either side stops both, and nothing is left waiting.
@Suite struct FileIngestorTests {
    /// An NDJSON file of web events several chunks long, one record in ten without an identity.
    static func eventFile(records: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-ingestor-\(UUID().uuidString).ndjson")
        var text = ""
        for index in 1...records {
            let identity = index % 10 == 0 ? "" : #","identityMap":{"ECID":[{"id":"\#(String(format: "%038d", index))","primary":true}]}"#
            text += #"{"_id":"e\#(index)","timestamp":"2026-06-02T20:21:40Z","eventType":"web.webpagedetails.pageViews","web":{"webPageDetails":{"name":"\#(String(repeating: "page ", count: 60))"}}\#(identity)}"# + "\n"
        }
        try Data(text.utf8).write(to: url)
        return url
    }

    static func ingestor() throws -> FileIngestor {
        FileIngestor(ingest: try #require(try Builder(root: TemplateWorkspaceTests.root).datasetIngest("web-events")))
    }

    @Test func recordsArriveInFileOrderAcrossChunks() throws {
        let url = try Self.eventFile(records: 5_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size > 2 * FileIngestor.chunkSize, "the file spans several chunks")
        var lines: [Int] = []
        var progress: [Int] = []
        let rejections = RejectionFile.counting()
        let outcome = try Self.ingestor().run(try DataFile(url), displayPath: "inbox/web-events/e.ndjson", progress: { done, _ in progress.append(done) },
                                              rejections: rejections) {
            lines.append($0.line)
        }
        #expect(lines == (1...5_000).filter { $0 % 10 != 0 })
        #expect(outcome.read == 5_000 && outcome.kept == 4_500 && outcome.rejected == 500 && rejections.count == 500)
        #expect(rejections.first.map(\.line) == [10, 20, 30])
        #expect(outcome.sha256 == SHA256.hex(try Data(contentsOf: url)))
        #expect(progress == progress.sorted() && progress.last == size)
    }

    @Test func aFailureWhileStoringStopsTheReading() throws {
        struct Full: Error {}
        let url = try Self.eventFile(records: 5_000)
        defer { try? FileManager.default.removeItem(at: url) }
        var stored = 0
        #expect(throws: Full.self) {
            try Self.ingestor().run(try DataFile(url), displayPath: "inbox/web-events/e.ndjson") { _ in
                stored += 1
                if stored == 3 { throw Full() }
            }
        }
        #expect(stored == 3)
    }

    @Test func aFileThatCannotBeReadIsAnError() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-missing-\(UUID().uuidString).ndjson")
        #expect(throws: (any Error).self) { try Self.ingestor().run(try DataFile(missing), displayPath: "inbox/web-events/missing.ndjson") { _ in } }
    }

    @Test func theHandoverKeepsOrderAndItsBound() {
        let handover = Handover<Int>(depth: 2)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var refused = -1
        Thread.detachNewThread {
            for value in 0..<1_000 where !handover.put(value) {
                refused = value
                break
            }
            done.signal()
        }
        #expect((0..<500).map { _ in handover.take() } == Array(0..<500))
        handover.cancel()
        done.wait()
        // The producer was at most two values ahead when it was told to stop.
        #expect((500...502).contains(refused))
    }
}
