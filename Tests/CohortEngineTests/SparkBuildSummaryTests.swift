import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// A Spark build of the template against the native build of the same files: segments whose ids are names of the
/// profile frame's columns (`events`, `profile`, `profile_key`) are evaluated as natively, and the build's identity
/// graph counts — the summary's and the history line's — are the native build's. Skipped without Java or pyspark,
/// unless CI is set.
@Suite(.serialized) struct SparkBuildSummaryTests {
    typealias Frames = SparkProfileFrameTests

    static let segments = [
        "profile": #"inSegment("gold-members")"#,
        "events": #"inSegment("profile") or xEvent.count() > 2"#,
        "profile_key": #"not inSegment("events")"#,
    ]

    @Test(.enabled(if: Frames.shouldRun, "Java 17 and pyspark are not installed (see .ci/run); set CI=1 to fail instead"))
    func sparkCountsAndSegmentsAreNatives() throws {
        // Spark's default driver heap (1g), which ten segments' memberships once overfilled; and shuffles sized by
        // the job, spark.sql.shuffle.partitions left unset.
        var (submit, folder) = try Frames.sparkAndFolder(runningLocally: 900)
        submit.settings.removeAll { $0.hasPrefix("spark.sql.shuffle.partitions=") }
        defer { try? FileManager.default.removeItem(at: folder) }
        let spark = try Frames.workspace(in: folder.appendingPathComponent("spark"), inbox: .template)
        for (id, condition) in Self.segments {
            try Data(condition.utf8).write(to: spark.appendingPathComponent("segments/\(id).pql"))
        }
        let native = folder.appendingPathComponent("native")
        try FileManager.default.copyItem(at: spark, to: native)
        let now = Date(timeIntervalSince1970: Double(Frames.now) / 1000)

        let expected = try Builder(root: native).build(rebuild: false, now: now)
        let report = try SparkBuild(builder: try Builder(root: spark), submit: submit).run(rebuild: false, now: now)

        let memberships = try SparkBuildTests.expectSameMemberships(native, spark, name: "segments named like columns")
        for id in Self.segments.keys {
            #expect(memberships[id]?.values.contains { $0.status != .exited } == true, "\(id) has members")
        }
        #expect(expected.graphStats.graphs > 0 && expected.graphStats.identities > expected.graphStats.graphs)
        #expect(report.graphStats == expected.graphStats)
        // Two cores (spark.default.parallelism=2) and far fewer than 100,000 records: two partitions a core.
        let log = try String(contentsOf: spark.appendingPathComponent(".cohort/spark/spark.log"), encoding: .utf8)
        #expect(log.contains("records read; shuffles take 4 partitions"), "the job sized its shuffles")
        #expect(report.profileCount == expected.profileCount)
        let history = try BuildHistory(root: spark).read().records
        let nativeHistory = try BuildHistory(root: native).read().records
        #expect(history.last?.identity.graph == nativeHistory.last?.identity.graph)
        #expect(history.last?.identity.graph == expected.graphStats)
        try SparkBuildTests.expectSameFiles(native, spark, name: "segments named like columns")
    }
}
