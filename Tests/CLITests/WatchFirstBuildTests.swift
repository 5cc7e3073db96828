import Foundation
import Testing

/// `cohort watch` watches from before its first build: a file that arrives while that build runs (after
/// it has looked at the inbox) is ingested once the build is done, not missed.
@Suite struct WatchFirstBuildTests {
    @Test(arguments: [[], ["--poll", "0.2"]])
    func aFileDroppedDuringTheFirstBuildIsIngestedAfterIt(watchArguments: [String]) throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        // A large last file (inbox files are taken in name order) keeps the first build busy for seconds
        // after it has listed the inbox and archived its first file.
        let events = try Data(contentsOf: workspace.appendingPathComponent("inbox/web-events/web-events.ndjson"))
        let replayed = workspace.appendingPathComponent("inbox/web-events/zz-replayed.ndjson")
        try #require(FileManager.default.createFile(atPath: replayed.path, contents: nil))
        let big = try FileHandle(forWritingTo: replayed)
        for _ in 0..<6 { try big.write(contentsOf: events) }
        try big.close()

        let watcher = try WatchCommandTests.Watcher(workspace: workspace, arguments: watchArguments)
        defer { if watcher.process.isRunning { _ = watcher.stop() } }
        let archived = workspace.appendingPathComponent("archive/crm")
        let deadline = Date().addingTimeInterval(60)
        let manager = FileManager.default
        while (try? manager.contentsOfDirectory(atPath: archived.path))?.isEmpty ?? true, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        try Data(WatchCommandTests.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold").utf8)
            .write(to: workspace.appendingPathComponent("inbox/loyalty/during.json"))
        // The drop came while the first build ran: that is the case under test.
        #expect(!watcher.output.contains("built: "))
        try watcher.line(containing: "built: 6 files ingested")
        try watcher.line(containing: "inbox/loyalty/during.json: 1 records (0 rejected) → 1 profile")
        #expect(watcher.stop() == 0)
    }
}
