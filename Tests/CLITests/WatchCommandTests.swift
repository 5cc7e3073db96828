import Foundation
import Testing

/// `cohort watch` as a process: files dropped in every way a user drops them, segment edits good and
/// bad, and a clean stop on SIGTERM.
@Suite struct WatchCommandTests {
    /// A running `cohort watch` whose output goes to files the test reads as it goes.
    final class Watcher {
        let process = Process()
        let stdout: URL
        let stderr: URL

        init(workspace: URL, arguments: [String] = []) throws {
            stdout = workspace.deletingLastPathComponent().appendingPathComponent("watch.out")
            stderr = workspace.deletingLastPathComponent().appendingPathComponent("watch.err")
            try #require(FileManager.default.createFile(atPath: stdout.path, contents: nil))
            try #require(FileManager.default.createFile(atPath: stderr.path, contents: nil))
            process.executableURL = CohortProcess.executable
            process.arguments = ["watch", "-C", workspace.path] + arguments
            process.standardOutput = try FileHandle(forWritingTo: stdout)
            process.standardError = try FileHandle(forWritingTo: stderr)
            try process.run()
        }

        var output: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
        var errors: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

        /// Waits until a line of standard output contains `text`; returns that line.
        @discardableResult
        func line(containing text: String, timeout: Double = 30) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let line = output.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
                Thread.sleep(forTimeInterval: 0.05)
            }
            throw WatchTimeout(text: text, output: output, errors: errors)
        }

        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    struct WatchTimeout: Error, CustomStringConvertible {
        var text: String
        var output: String
        var errors: String
        var description: String { "no line with \"\(text)\"; stdout:\n\(output)\nstderr:\n\(errors)" }
    }

    static func loyalty(_ loyaltyId: Int, crm: String, tier: String) -> String {
        #"[{"_techmarketingdemos": {"systemIdentifier": {"loyaltyId": \#(loyaltyId), "crmId": "\#(crm)"}}, "loyalty": {"points": 5210, "tier": "\#(tier)", "joinDate": "2016-02-28"}, "extSourceSystemAudit": {"lastUpdatedDate": "2026-11-20T08:00:00Z"}}]"#
    }

    @Test func dropsEditsAndAStopOnSIGTERM() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let watcher = try Watcher(workspace: workspace)
        defer { if watcher.process.isRunning { _ = watcher.stop() } }
        try watcher.line(containing: "built: 5 files ingested")
        Thread.sleep(forTimeInterval: 0.3)
        let goldFile = workspace.appendingPathComponent("exports/email-sftp/email-sftp_gold-members.csv")
        #expect(try !String(contentsOf: goldFile, encoding: .utf8).contains("andrew.williams193@example.com"))

        // Written slowly in two pieces: nothing happens until the file is closed.
        let slow = workspace.appendingPathComponent("inbox/loyalty/slow.json")
        let handle = FileHandle(fileDescriptor: open(slow.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644), closeOnDealloc: true)
        let text = Self.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold")
        let middle = text.index(text.startIndex, offsetBy: text.count / 2)
        try handle.write(contentsOf: Data(text[..<middle].utf8))
        Thread.sleep(forTimeInterval: 1.0)
        #expect(!watcher.output.contains("slow.json"), "a file still being written was ingested")
        try handle.write(contentsOf: Data(text[middle...].utf8))
        try handle.close()
        let slowLine = try watcher.line(containing: "inbox/loyalty/slow.json: 1 records (0 rejected) → 1 profile; gold-members +1 −0")
        #expect(slowLine.contains("exports/email-sftp/email-sftp_gold-members.csv"))
        #expect(try String(contentsOf: goldFile, encoding: .utf8).contains("andrew.williams193@example.com,Andrew,Williams,gold"))

        // Renamed in from a partial name, which is ignored.
        let part = workspace.appendingPathComponent("inbox/loyalty/renamed.json.part")
        try Data(Self.loyalty(5625458, crm: "112ca06ed53d3db37e4cea49cc45b71e", tier: "silver").utf8).write(to: part)
        Thread.sleep(forTimeInterval: 0.5)
        try FileManager.default.moveItem(at: part, to: workspace.appendingPathComponent("inbox/loyalty/renamed.json"))
        try watcher.line(containing: "inbox/loyalty/renamed.json: 1 records (0 rejected) → 1 profile; gold-members +0 −1")
        #expect(!watcher.output.contains(".part"))
        #expect(try !String(contentsOf: goldFile, encoding: .utf8).contains("danny.wright48@example.org"))

        // Half of it malformed, over the dataset's errorThreshold: nothing of it is kept, and it is set aside.
        try Data("{\"_id\":\"x1\",\"timestamp\":\"2026-11-21T10:00:00Z\",\"eventType\":\"commerce.purchases\",\"_techmarketingdemos\":{\"systemIdentifier\":{\"loyaltyId\":2849489}},\"commerce\":{\"order\":{\"priceTotal\":10}}}\n{\"_id\": \"x2\", \"timestamp\": \n".utf8)
            .write(to: workspace.appendingPathComponent("inbox/offline-purchases/broken.ndjson"))
        try watcher.line(containing: "error: inbox/offline-purchases/broken.ndjson: 1 of 2 records rejected (50 %)")
        let setAside = try FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("rejected/offline-purchases").path)
        #expect(setAside.contains { $0.hasPrefix("failed-") && $0.hasSuffix("-broken.ndjson") })

        // A valid segment edit re-evaluates; an invalid one changes nothing.
        let segment = workspace.appendingPathComponent("segments/gold-members.json")
        let definition = try String(contentsOf: segment, encoding: .utf8)
        try definition.replacingOccurrences(of: #"[\"gold\", \"platinum\"]"#, with: #"[\"platinum\"]"#).write(to: segment, atomically: true, encoding: .utf8)
        let edited = try watcher.line(containing: "definitions → ")
        #expect(edited.contains("gold-members +0 −"))
        let gold = try String(contentsOf: goldFile, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(!gold.isEmpty && gold.allSatisfy { $0.contains(",platinum,") })
        let before = try String(contentsOf: goldFile, encoding: .utf8)
        try "loyalty.tier in [".write(to: workspace.appendingPathComponent("segments/broken.pql"), atomically: true, encoding: .utf8)
        try watcher.line(containing: "definitions have errors: the last good definitions and exports stay")
        #expect(watcher.output.contains("segments/broken.pql:1:"))
        #expect(try String(contentsOf: goldFile, encoding: .utf8) == before)

        #expect(watcher.stop() == 0)
        #expect(watcher.errors.contains("stopped"))
    }

    @Test func pollingFindsAFileOnceItStopsChanging() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let watcher = try Watcher(workspace: workspace, arguments: ["--poll", "0.2"])
        defer { if watcher.process.isRunning { _ = watcher.stop() } }
        try watcher.line(containing: "built: 5 files ingested")
        try Data(Self.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold").utf8)
            .write(to: workspace.appendingPathComponent("inbox/loyalty/polled.json"))
        try watcher.line(containing: "inbox/loyalty/polled.json: 1 records (0 rejected) → 1 profile; gold-members +1 −0")
        #expect(watcher.stop() == 0)
        #expect(watcher.errors.contains("every 0.2 s"))
    }
}
