import Foundation
import Testing

/// `cohort build` as a process against inbox files that used to hang or fool it: a named pipe, a link
/// to `/dev/zero`, a file another process still holds open for writing, a file it may not read.
/// Every run is bounded: one that outlives its limit is killed and recorded as a failure.
@Suite struct InboxSafetyCommandTests {
    static let asOf = ["--as-of", "2026-11-21T12:00:00Z"]

    /// Runs `cohort` (behind `launcher`, if any) for at most `seconds`.
    static func bounded(_ arguments: [String], launcher: [String] = [], seconds: Double = 120) throws
        -> CohortProcess.Output
    {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let err = folder.appendingPathComponent("err")
        try #require(FileManager.default.createFile(atPath: out.path, contents: nil))
        try #require(FileManager.default.createFile(atPath: err.path, contents: nil))
        let process = Process()
        let command = launcher + [CohortProcess.executable.path] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            Issue.record("cohort \(arguments.joined(separator: " ")) still ran after \(seconds) s; it was killed")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return CohortProcess.Output(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    static func purchases(_ range: ClosedRange<Int>) -> String {
        range.map { number in
            #"{"_id":"p\#(number)","timestamp":"2026-11-21T10:00:00Z","eventType":"commerce.purchases","#
                + #""_techmarketingdemos":{"systemIdentifier":{"loyaltyId":2849489}},"#
                + #""commerce":{"order":{"priceTotal":\#(number)}}}"# + "\n"
        }.joined()
    }

    /// A new workspace from the template in a temporary folder (removed by the caller).
    static func workspace() throws -> (folder: URL, workspace: URL) {
        let folder = try CohortProcess.temporaryFolder()
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        return (folder, workspace)
    }

    @Test func aNamedPipeAndALinkToDevZeroAreReportedAndTheBuildEnds() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(workspace.appendingPathComponent("inbox/crm/pipe.json").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(
            at: workspace.appendingPathComponent("inbox/web-events/zero.ndjson"),
            withDestinationURL: URL(fileURLWithPath: "/dev/zero"))
        let build = try Self.bounded(["build", "-C", workspace.path] + Self.asOf)
        #expect(build.stdout.contains("built: 5 files ingested"), "\(build.stderr)")
        #expect(
            build.stderr.contains("warning: inbox/crm/pipe.json: is a named pipe, not a regular file; it is left alone")
        )
        #expect(
            build.stderr.contains(
                "warning: inbox/web-events/zero.ndjson: is a symbolic link; only regular files are ingested"))
        let left = try FileManager.default.contentsOfDirectory(
            atPath: workspace.appendingPathComponent("inbox/web-events").path)
        #expect(left == ["zero.ndjson"])
    }

    @Test func aFileAnotherProcessHoldsOpenForWritingWaitsUntilItIsClosed() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.bounded(["build", "-C", workspace.path] + Self.asOf)
        let file = workspace.appendingPathComponent("inbox/offline-purchases/day.ndjson")
        try Self.purchases(1...20).write(to: file, atomically: false, encoding: .utf8)
        let writer = try HeldOpen(file)
        defer { writer.close() }

        let held = try Self.bounded(["build", "-C", workspace.path] + Self.asOf)
        #expect(held.stdout.contains("built: 0 files ingested"), "\(held.stdout)")
        #expect(held.stderr.contains("warning: inbox/offline-purchases/day.ndjson: is still open for writing by "
                                     + "another program; it is left in the inbox"))
        #expect(FileManager.default.fileExists(atPath: file.path))

        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(Self.purchases(21...100).utf8))
        try handle.close()
        writer.close()
        let closed = try Self.bounded(["build", "-C", workspace.path] + Self.asOf)
        #expect(
            closed.stdout.contains("inbox/offline-purchases/day.ndjson: 100 records (0 rejected)"), "\(closed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    /// Root reads every file, so as root the build runs as `nobody` (through setpriv), who owns the workspace.
    @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func anUnreadableFileIsAnErrorWhileTheRestIsIngestedAndExported() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = workspace.appendingPathComponent("inbox/loyalty/secret.json")
        try Data(#"[{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":7777777}},"loyalty":{"points":1}}]"#.utf8)
            .write(to: secret)
        #expect(chmod(secret.path, 0) == 0)
        let launcher = getuid() == 0 ? try Self.handToNobody(folder) : []
        let build = try Self.bounded(["build", "-C", workspace.path] + Self.asOf, launcher: launcher)
        #expect(build.status == 1)
        #expect(
            build.stderr.contains(
                "error: inbox/loyalty/secret.json: cannot be read (permission denied); nothing of it "
                    + "was ingested and it is left where it is; make it readable and build again"), "\(build.stderr)")
        #expect(build.stdout.contains("built: 5 files ingested; 3786 records kept, 12 rejected;"))
        #expect(build.stdout.contains("1 file failed, nothing of it ingested"))
        #expect(
            FileManager.default.fileExists(
                atPath: workspace.appendingPathComponent("exports/email-sftp/manifest.json").path))
        #expect(FileManager.default.fileExists(atPath: secret.path))
    }

    /// Gives `folder` to `nobody`; returns the launcher that runs a command as `nobody`.
    static func handToNobody(_ folder: URL) throws -> [String] {
        let chown = Process()
        chown.executableURL = URL(fileURLWithPath: "/bin/chown")
        chown.arguments = ["-R", "65534:65534", folder.path]
        try chown.run()
        chown.waitUntilExit()
        return ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    }

    /// Where no lease can be had (the build runs as `nobody` on a file that root owns), a file is
    /// complete once its size and modification time hold for a second: one that grows waits.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func withoutALeaseAFileThatKeepsGrowingWaitsUntilItHolds() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.bounded(["build", "-C", workspace.path] + Self.asOf)
        let launcher = try Self.handToNobody(folder)
        let file = workspace.appendingPathComponent("inbox/offline-purchases/day.ndjson")
        try Self.purchases(1...20).write(to: file, atomically: false, encoding: .utf8)
        // Root appends a line every 20 ms, opening and closing the file each time (for a minute at most).
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", #"i=0; while [ $i -lt 3000 ]; do echo "$2" >> "$1"; i=$((i+1)); sleep 0.02; done"#,
                            "sh", file.path, Self.purchases(21...21).trimmingCharacters(in: .newlines)]
        try writer.run()
        defer {
            if writer.isRunning { kill(writer.processIdentifier, SIGKILL) }
            writer.waitUntilExit()
        }
        let growing = try Self.bounded(["build", "-C", workspace.path] + Self.asOf, launcher: launcher)
        #expect(growing.stderr.contains("warning: inbox/offline-purchases/day.ndjson: is still changing"),
                "\(growing.stderr)")
        #expect(growing.stdout.contains("built: 0 files ingested"))
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        let held = try Self.bounded(["build", "-C", workspace.path] + Self.asOf, launcher: launcher)
        #expect(held.stdout.contains("built: 1 file ingested"), "\(held.stdout)\n\(held.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    /// A process that holds a file open for writing until closed (or for a minute, whatever happens).
    final class HeldOpen {
        let process = Process()

        init(_ file: URL) throws {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", #"exec 3>>"$1"; exec sleep 60"#, "sh", file.path]
            try process.run()
            let holds = "/proc/\(process.processIdentifier)/fd/3"
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: holds) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
            try #require(FileManager.default.fileExists(atPath: holds), "the writer holds the file open")
        }

        /// Ends the writer (SIGKILL: a child of the test runner may inherit SIGTERM blocked).
        func close() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// Waits until the watcher has built and looks for changes (it says so on standard error).
    static func waitUntilWatching(_ watcher: WatchCommandTests.Watcher) throws {
        try watcher.line(containing: "built: 5 files ingested")
        let deadline = Date().addingTimeInterval(30)
        while !watcher.errors.contains("watching") && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        try #require(watcher.errors.contains("watching"), "\(watcher.errors)")
    }

    @Test func watchPollLeavesAFileAWriterHoldsOpenUntilItIsClosed() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let watcher = try WatchCommandTests.Watcher(workspace: workspace, arguments: ["--poll", "0.1"])
        defer { if watcher.process.isRunning { _ = watcher.stop() } }
        try Self.waitUntilWatching(watcher)
        let file = workspace.appendingPathComponent("inbox/offline-purchases/day.ndjson")
        try Self.purchases(1...20).write(to: file, atomically: false, encoding: .utf8)
        let writer = try HeldOpen(file)
        defer { writer.close() }
        // Many looks find the file unchanged while the writer pauses: it is not complete until closed.
        Thread.sleep(forTimeInterval: 1.5)
        #expect(!watcher.output.contains("day.ndjson"), "\(watcher.output)")
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(Self.purchases(21...100).utf8))
        try handle.close()
        writer.close()
        try watcher.line(containing: "inbox/offline-purchases/day.ndjson: 100 records (0 rejected)")
        #expect(watcher.stop() == 0)
    }

    @Test func watchReportsALinkDroppedInAndLeavesItAlone() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let watcher = try WatchCommandTests.Watcher(workspace: workspace)
        defer { if watcher.process.isRunning { _ = watcher.stop() } }
        try Self.waitUntilWatching(watcher)
        let link = workspace.appendingPathComponent("inbox/crm/passwd.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
        try watcher.line(
            containing: "warning: inbox/crm/passwd.json: is a symbolic link; only regular files are ingested")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == "/etc/passwd")
        #expect(
            !FileManager.default.fileExists(
                atPath: workspace.appendingPathComponent("rejected/crm/000006-passwd.json.ndjson").path))
        #expect(watcher.stop() == 0)
    }
}
