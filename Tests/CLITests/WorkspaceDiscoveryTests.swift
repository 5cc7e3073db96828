import Foundation
import Testing

/// Every command but `init` needs a workspace: `-C DIR` holding `cohort.json`, or the nearest one from
/// the current folder up. A missing or plain folder is refused with exit 2, and nothing is created.
@Suite struct WorkspaceDiscoveryTests {
    static let commands = [["build"], ["build", "--rebuild"], ["watch"], ["validate"], ["plan"],
                           ["query", "loyalty.tier = \"gold\""], ["profile", "Email:ann@example.com"],
                           ["explain", "gold-members", "Email:ann@example.com"]]

    /// Runs cohort and waits at most a minute (a command that wrongly starts watching is stopped, and fails).
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> CohortProcess.Output {
        let process = Process()
        process.executableURL = CohortProcess.executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let (stdout, stderr) = (Pipe(), Pipe())
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let text = { (pipe: Pipe) in String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        return CohortProcess.Output(status: process.terminationStatus, stdout: text(stdout), stderr: text(stderr))
    }

    @Test func aMissingFolderIsRefusedAndNotCreated() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing/luma").path
        for arguments in Self.commands {
            let output = try Self.run([arguments[0], "-C", missing] + arguments.dropFirst())
            #expect(output.status == 2, "\(arguments)")
            #expect(output.stderr == "error: \(missing) is not a folder, so it is not a cohort workspace; "
                    + "pass a workspace folder with -C DIR, or create one with `cohort init \(missing)`\n",
                    "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("missing").path))
    }

    @Test func aFolderWithoutCohortJSONIsRefusedAndLeftAsItWas() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("plain")
        let inbox = plain.appendingPathComponent("inbox/crm")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try Data("crmId\n1\n".utf8).write(to: inbox.appendingPathComponent("a.csv"))
        for arguments in Self.commands {
            let given = try Self.run([arguments[0], "-C", plain.path] + arguments.dropFirst())
            #expect(given.status == 2, "\(arguments)")
            let message = "\(plain.path) is not a cohort workspace: it has no cohort.json"
            #expect(given.stderr.contains(message), "\(arguments)")
            // Run inside it (or below it), with no -C: no workspace above either.
            let inside = try Self.run(arguments, in: inbox)
            #expect(inside.status == 2, "\(arguments)")
            #expect(inside.stderr.contains("not inside a cohort workspace"), "\(arguments)")
        }
        let left = try FileManager.default.subpathsOfDirectory(atPath: plain.path).sorted()
        #expect(left == ["inbox", "inbox/crm", "inbox/crm/a.csv"])
    }

    /// A current folder that was deleted is no workspace, and no crash.
    @Test func aDeletedCurrentFolderIsNotAWorkspace() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gone = folder.appendingPathComponent("gone")
        try FileManager.default.createDirectory(at: gone, withIntermediateDirectories: true)
        let script = "cd '\(gone.path)' && rmdir '\(gone.path)' && exec '\(CohortProcess.executable.path)' validate"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(errors.hasPrefix("error: not inside a cohort workspace: "), "\(errors)")
    }

    @Test func commandsFindTheWorkspaceFromASubfolder() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let validate = try CohortProcess.run(["validate"], in: workspace.appendingPathComponent("segments"))
        #expect(validate.status == 0)
        #expect(validate.stdout.hasPrefix("ok: "))
        let build = try CohortProcess.run(["build"], in: workspace.appendingPathComponent("inbox/crm"))
        #expect(build.stdout.contains("built: 5 files ingested"))
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".cohort/store.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("inbox/crm/.cohort").path))
        let exports = workspace.appendingPathComponent("exports")
        let query = try CohortProcess.run(["query", "loyalty.tier = \"gold\""], in: exports)
        #expect(query.status == 0)
        #expect(query.stdout.contains(" profiles match"))
    }
}
