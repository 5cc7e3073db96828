import Foundation
import Testing

/// One writer per workspace: while `cohort watch` runs, every other writing command is refused at
/// once with exit 2 naming the watch's pid and command; readers run alongside; a killed holder
/// leaves nothing that blocks the next writer.
@Suite struct OneWriterTests {
    @Test func writersAreRefusedWhileAWatchRunsAndReadersAreNot() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let watcher = try WatchCommandTests.Watcher(workspace: workspace)
        defer { if watcher.process.isRunning { _ = watcher.stop() } }
        try watcher.line(containing: "built: 5 files ingested")
        let store = workspace.appendingPathComponent(".cohort/store.sqlite").path
        let storeFile = try FileManager.default.attributesOfItem(atPath: store)[.systemFileNumber] as? Int
        let holder = "locked by pid \(watcher.process.processIdentifier) (cohort watch -C \(workspace.path))"
        for arguments in [["build"], ["build", "--rebuild"], ["watch"], ["watch", "--poll", "1"]] {
            let refused = try CohortProcess.run(arguments + ["-C", workspace.path])
            #expect(refused.status == 2, "\(arguments)")
            let message = "error: \(workspace.path)/.cohort/lock: the workspace is \(holder); "
            #expect(refused.stderr.hasPrefix(message), "\(arguments)")
            #expect(refused.stdout.isEmpty)
        }
        let initOver = try CohortProcess.run(["init", "--force", workspace.path])
        #expect(initOver.status == 2)
        #expect(initOver.stderr.contains(holder))
        // The refused rebuild deleted nothing: the watch's store is the same file.
        #expect(try FileManager.default.attributesOfItem(atPath: store)[.systemFileNumber] as? Int == storeFile)

        let asOf = ["--as-of", "2026-11-21T00:00:00Z"]
        for arguments in [["query", "loyalty.tier = \"gold\""] + asOf, ["profile", "lumaLoyaltyId:5625458"],
                          ["explain", "gold-members", "lumaLoyaltyId:5625458"] + asOf, ["plan"] + asOf] {
            let reader = try CohortProcess.run(arguments + ["-C", workspace.path])
            #expect(reader.status == 0, "\(arguments): \(reader.stderr)")
        }

        // The watch still works, and a SIGKILLed holder blocks nobody.
        try Data(WatchCommandTests.loyalty(7656340, crm: "4e86b739f0e506761401783dd41e2bb3", tier: "gold").utf8)
            .write(to: workspace.appendingPathComponent("inbox/loyalty/late.json"))
        try watcher.line(containing: "inbox/loyalty/late.json: 1 records (0 rejected)")
        kill(watcher.process.processIdentifier, SIGKILL)
        watcher.process.waitUntilExit()
        let build = try CohortProcess.run(["build", "-C", workspace.path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("built: 0 files ingested"))
    }

    /// Two builds started together: one builds, the other is refused or runs after it; neither
    /// meets a raw "database is locked".
    @Test func twoBuildsStartedTogetherNeverCollide() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let builds = (0..<2).map { index in
            let process = Process()
            process.executableURL = CohortProcess.executable
            process.arguments = ["build", "-C", workspace.path]
            let output = folder.appendingPathComponent("build\(index)")
            return (process, output.appendingPathExtension("out"), output.appendingPathExtension("err"))
        }
        for (process, out, err) in builds {
            #expect(FileManager.default.createFile(atPath: out.path, contents: nil))
            #expect(FileManager.default.createFile(atPath: err.path, contents: nil))
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
        }
        for (process, _, _) in builds { try process.run() }
        var ingested = 0
        for (process, out, err) in builds {
            process.waitUntilExit()
            let stdout = try String(contentsOf: out, encoding: .utf8)
            let stderr = try String(contentsOf: err, encoding: .utf8)
            #expect(!stderr.contains("SQLite"), "\(stderr)")
            if process.terminationStatus == 2 {
                #expect(stderr.contains("the workspace is locked by "))
            } else {
                #expect(stdout.contains("built: "), "\(stderr)")
            }
            if stdout.contains("built: 5 files ingested") { ingested += 1 }
        }
        #expect(ingested == 1)
    }
}
