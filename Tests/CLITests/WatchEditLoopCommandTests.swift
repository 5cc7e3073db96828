import Foundation
import Testing

/// `cohort watch` as a process, as the edit loop: started with broken definitions it waits for a fix
/// and then builds; every line has its time; `--json` prints one parsable event per line.
@Suite struct WatchEditLoopCommandTests {
    static func breakSegment(_ workspace: URL) throws {
        try "loyalty.tier in [".write(to: workspace.appendingPathComponent("segments/broken.pql"), atomically: true, encoding: .utf8)
    }

    static func fixSegment(_ workspace: URL) throws {
        try FileManager.default.removeItem(at: workspace.appendingPathComponent("segments/broken.pql"))
    }

    @Test func aBrokenStartWaitsForAFixThenBuildsAndEveryLineHasItsTime() throws {
        let (folder, workspace) = try MachineReadableTests.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.breakSegment(workspace)
        let watcher = try WatchCommandTests.Watcher(workspace: workspace)
        defer { if watcher.process.isRunning { _ = watcher.stop() } }
        try watcher.line(containing: "definitions have errors: nothing is built until they validate; waiting for a fix")
        #expect(watcher.output.contains("segments/broken.pql:1:"))
        #expect(watcher.process.isRunning)
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("exports").path))

        try Self.fixSegment(workspace)
        try watcher.line(containing: "definitions are valid again")
        try watcher.line(containing: "built: 5 files ingested")
        try Data("a,b\n".utf8).write(to: workspace.appendingPathComponent("inbox/loose.csv"))
        try watcher.line(containing: "warning: inbox/loose.csv: files go in inbox/<dataset-id>/")
        #expect(watcher.stop() == 0)
        let stamp = try Regex(#"^\d\d:\d\d:\d\d "#)
        let lines = (watcher.output + watcher.errors).split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines { #expect(line.firstMatch(of: stamp) != nil, "\(line)") }
        #expect(watcher.errors.contains(" stopped"))
    }

    @Test func jsonPrintsOneEventPerLine() throws {
        let (folder, workspace) = try MachineReadableTests.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.breakSegment(workspace)
        let watcher = try WatchCommandTests.Watcher(workspace: workspace, arguments: ["--json", "--quiet-period", "0.3"])
        defer { if watcher.process.isRunning { _ = watcher.stop() } }
        try watcher.line(containing: #""event":"definitions-invalid""#)
        try Self.fixSegment(workspace)
        try watcher.line(containing: #""event":"started""#)
        try Data(WatchCommandTests.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold").utf8)
            .write(to: workspace.appendingPathComponent("inbox/loyalty/late.json"))
        try watcher.line(containing: #""trigger":"watch: inbox""#)
        try Data("a,b\n".utf8).write(to: workspace.appendingPathComponent("inbox/loose.csv"))
        try watcher.line(containing: #""event":"stray""#)
        #expect(watcher.stop() == 0)
        #expect(watcher.errors.isEmpty, "\(watcher.errors)")

        let events = try watcher.output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        let kinds = events.compactMap { $0["event"] as? String }
        #expect(kinds.count == events.count)
        // The first build's rejections (the template's files have some) come after its step, then watching starts.
        #expect(Array(kinds.prefix(3)) == ["definitions-invalid", "definitions-valid", "step"], "\(kinds)")
        #expect(kinds.dropFirst(3).prefix { $0 != "started" }.allSatisfy { $0 == "rejected" }, "\(kinds)")
        #expect(kinds.last == "stopped")
        #expect(kinds.contains("stray"))
        #expect(kinds.contains("rejected"))
        for event in events { #expect((event["time"] as? String)?.hasSuffix("Z") == true) }
        let invalid = try #require(events.first)
        let diagnostics = try #require(invalid["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["file"] as? String == "segments/broken.pql" && $0["line"] as? Int == 1 })
        let first = try #require(events.first { $0["event"] as? String == "step" })
        #expect(first["trigger"] as? String == "watch")
        #expect((first["records"] as? [String: Int])?["kept"] ?? 0 > 0)
        let late = try #require(events.first { $0["trigger"] as? String == "watch: inbox" })
        #expect((late["files"] as? [[String: Any]])?.first?["archive"] as? String == "archive/loyalty/000006-late.json")
        #expect((late["segments"] as? [String: [String: Int]])?["gold-members"]?["entered"] == 1)
        // Keys are sorted: the line is what JSONWriter writes, byte for byte stable.
        let line = try #require(watcher.output.split(separator: "\n").first)
        #expect(line.hasPrefix(#"{"diagnostics":["#))
    }

    @Test(arguments: ["-1", "nan", "inf", "1e300", "soon", ""])
    func aQuietPeriodThatIsNoNumberOfSecondsIsAUsageError(value: String) throws {
        let (folder, workspace) = try MachineReadableTests.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CohortProcess.run(["watch", "-C", workspace.path, "--quiet-period", value])
        #expect(result.status == 2)
        #expect(result.stderr.contains("quiet-period"), "\(result.stderr)")
    }

    /// A `.gz` written in pieces and closed after each, as a slow copy does: each piece but the last is a
    /// gzip stream that ends early, which `watch` would refuse ("gzip stream ends early"). With
    /// `--quiet-period` the file is ingested once, complete, and never half.
    @Test func aGzipFileStillBeingWrittenIsIngestedOnceComplete() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let watcher = try WatchCommandTests.Watcher(workspace: workspace, arguments: ["--quiet-period", "3"])
        defer { if watcher.process.isRunning { _ = watcher.stop() } }
        try watcher.line(containing: "built: 5 files ingested")
        let text = WatchCommandTests.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold")
        let compressed = [UInt8](try DataFileFormatCommandTests.gzip(text, in: folder))
        let file = workspace.appendingPathComponent("inbox/loyalty/slow.json.gz")
        let cuts = [0, compressed.count / 3, compressed.count * 2 / 3, compressed.count]
        for (start, end) in zip(cuts, cuts.dropFirst()) {
            let handle = FileHandle(fileDescriptor: open(file.path, O_WRONLY | O_CREAT | O_APPEND, 0o644), closeOnDealloc: true)
            try handle.write(contentsOf: Data(compressed[start..<end]))
            try handle.close()
            if end < compressed.count {
                Thread.sleep(forTimeInterval: 0.4)
                #expect(!watcher.output.contains("slow.json.gz"), "a .gz still being written was read: \(watcher.output)")
            }
        }
        try watcher.line(containing: "inbox/loyalty/slow.json.gz: 1 records (0 rejected) → 1 profile; gold-members +1 −0")
        Thread.sleep(forTimeInterval: 1)
        #expect(watcher.stop() == 0)
        let said = watcher.output + watcher.errors
        #expect(!said.contains("ends early"), "\(said)")
        #expect(said.split(separator: "\n").filter { $0.contains("inbox/loyalty/slow.json.gz") }.count == 1, "\(said)")
        let rejected = workspace.appendingPathComponent("rejected/loyalty").path
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: rejected)) ?? []).allSatisfy { !$0.contains("slow") })
    }
}
