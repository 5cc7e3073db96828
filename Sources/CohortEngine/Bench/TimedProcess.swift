import Foundation

/// Runs a program as a child process and times it by the wall clock, from its start to its exit. Its
/// output goes to files rather than pipes, so a talkative child never blocks on a full pipe.
struct TimedProcess {
    /// How a run ended.
    struct Outcome {
        /// Whether it exited with status 0.
        var succeeded: Bool
        /// How it ended, for a message: "exited with status 1", "was killed by signal 9".
        var ending: String
        var seconds: Double
        var stdout: String
        var stderr: String
    }

    /// Why a program could not be run.
    struct Failure: Error, CustomStringConvertible {
        var executable: String
        var reason: String
        var description: String { "\(executable): cannot be run as a child process (\(reason))" }
    }

    let executable: URL

    func run(_ arguments: [String]) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("cohort-bench-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let stdout = folder.appendingPathComponent("stdout")
        let stderr = folder.appendingPathComponent("stderr")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let started: UInt64
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: stdout.path, contents: nil),
                  FileManager.default.createFile(atPath: stderr.path, contents: nil) else {
                throw Failure(executable: executable.path,
                              reason: "cannot create files for its output in \(folder.path)")
            }
            process.standardOutput = try FileHandle(forWritingTo: stdout)
            process.standardError = try FileHandle(forWritingTo: stderr)
            started = DispatchTime.now().uptimeNanoseconds
            try process.run()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(executable: executable.path, reason: "the system refused to start it")
        }
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let read = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        let status = process.terminationStatus
        let signaled = process.terminationReason == .uncaughtSignal
        return Outcome(succeeded: !signaled && status == 0,
                       ending: signaled ? "was killed by signal \(status)" : "exited with status \(status)",
                       seconds: seconds, stdout: read(stdout), stderr: read(stderr))
    }
}
