import CohortCore
import CohortEngine
import Foundation
import Testing

/// The Spark job on a standalone cluster of a master and two workers on 127.0.0.1 (started with the Spark
/// installation's `bin/spark-class`, stopped afterwards whatever happens): executors in processes of their own,
/// shuffles between them. The template's frames must still hold the native profiles.
@Suite(.serialized) struct SparkStandaloneClusterTests {
    @Test(.enabled(if: SparkProfileFrameTests.shouldRun,
                   "Java 17 and pyspark are not installed (see .ci/run); set CI=1 to fail instead"))
    func framesOnTwoWorkersHoldTheNativeProfiles() throws {
        let (found, folder) = try SparkProfileFrameTests.sparkAndFolder()
        var submit = found
        defer { try? FileManager.default.removeItem(at: folder) }
        let sparkClass = submit.executable.deletingLastPathComponent().appendingPathComponent("spark-class")
        let port = try Self.freePort(), masterUI = try Self.freePort()
        var daemons: [Process] = []
        defer {
            for daemon in daemons where daemon.isRunning { daemon.terminate() }
            for daemon in daemons {
                let deadline = Date().addingTimeInterval(10)
                while daemon.isRunning && Date() < deadline { usleep(100_000) }
                if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
            }
        }
        let masterLog = folder.appendingPathComponent("master.log")
        daemons.append(try Self.start(sparkClass, ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                                                   "--port", "\(port)", "--webui-port", "\(masterUI)"], log: masterLog))
        try Self.wait(for: "Starting Spark master", in: [masterLog], count: 1)
        var workerLogs: [URL] = []
        for number in 1...2 {
            let log = folder.appendingPathComponent("worker\(number).log")
            let work = folder.appendingPathComponent("worker\(number)")
            workerLogs.append(log)
            daemons.append(try Self.start(sparkClass, [
                "org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:\(port)", "--host", "127.0.0.1",
                "--webui-port", "\(try Self.freePort())", "--cores", "1", "--memory", "1g", "--work-dir", work.path,
            ], log: log))
        }
        try Self.wait(for: "Successfully registered with master", in: workerLogs, count: 2)

        let root = try SparkProfileFrameTests.workspace(in: folder.appendingPathComponent("template"), inbox: .template)
        let workspace = try WorkspaceFiles(root: root).load().workspace
        let compilation = try SparkCompilation(root: root, workspace: workspace, now: SparkProfileFrameTests.now)
        let job = root.appendingPathComponent(SparkBuild.folder)
        try compilation.write(to: job)
        let output = job.appendingPathComponent("output")
        submit.master = "spark://127.0.0.1:\(port)"
        submit.settings = ["spark.executor.memory=512m", "spark.executor.cores=1", "spark.cores.max=2",
                           "spark.sql.shuffle.partitions=4", "spark.ui.enabled=false"]
        submit.timeout = 900
        try submit.run(program: job.appendingPathComponent(SparkCompilation.programName),
                       arguments: [job.appendingPathComponent(SparkCompilation.planName).path, output.path],
                       log: folder.appendingPathComponent("spark.log"))
        // Both workers ran executors of the job.
        for number in 1...2 {
            let executors = (try? FileManager.default.contentsOfDirectory(
                atPath: folder.appendingPathComponent("worker\(number)").path)) ?? []
            #expect(!executors.isEmpty, "worker \(number) ran no executor")
        }
        try SparkProfileFrameTests.expectNativeProfiles(in: output, root: root, workspace: workspace,
                                                        plan: compilation.plan)
    }

    /// A TCP port nothing listens on now (the system's choice for port 0).
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ClusterError("no socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0
                && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw ClusterError("cannot bind a port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func start(_ sparkClass: URL, _ arguments: [String], log: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = sparkClass
        process.arguments = arguments
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits (at most two minutes) until `count` of the logs say `text`.
    static func wait(for text: String, in logs: [URL], count: Int) throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let saying = logs.filter { ((try? String(contentsOf: $0, encoding: .utf8)) ?? "").contains(text) }
            if saying.count >= count { return }
            usleep(250_000)
        }
        let tails = logs.map { ((try? String(contentsOf: $0, encoding: .utf8)) ?? "").suffix(1_000) }
        throw ClusterError("\"\(text)\" not seen in \(logs.map(\.lastPathComponent)): \(tails)")
    }

    struct ClusterError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
