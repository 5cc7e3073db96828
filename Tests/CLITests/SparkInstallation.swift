import Foundation
import Testing

/// Whether the CLI tests that run real Spark can run here: `java` runs and `SPARK_HOME` (as `.ci/run` sets it to
/// the pyspark package) holds `bin/spark-submit`.
enum SparkInstallation {
    static let installed: Bool = {
        guard let home = ProcessInfo.processInfo.environment["SPARK_HOME"],
              FileManager.default.isExecutableFile(atPath: home + "/bin/spark-submit") else { return false }
        let java = Process()
        java.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        java.arguments = ["java", "-version"]
        java.standardOutput = FileHandle.nullDevice
        java.standardError = FileHandle.nullDevice
        guard (try? java.run()) != nil else { return false }
        java.waitUntilExit()
        return java.terminationStatus == 0
    }()

    /// Run when installed, and always under CI (where its absence fails the test instead of skipping it).
    static var shouldRun: Bool { installed || ProcessInfo.processInfo.environment["CI"] != nil }

    static let skipReason: Comment = "Java 17 and SPARK_HOME (pyspark) are not set up (see .ci/run); set CI=1 to fail instead"
}
