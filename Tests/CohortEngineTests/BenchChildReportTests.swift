@testable import CohortEngine
import Foundation
import Testing

/// The one line of JSON a `cohort` child process of `bench run` prints, read back from its output.
@Suite struct BenchChildReportTests {
    @Test func readsBackItsOwnLinesAndNothingElse() {
        let report = BenchChildReport(phases: [("ingest", 0.25), ("stitch and merge", 0)], recordsKept: 42)
        #expect(report.peakMemoryBytes > 0)
        let output = """
            inbox/crm/crm.json: 240 records
            \(report.line)
            bench-report: {"phases":[
            bench-report: not json at all
            bench-report: {"phases":[],"peakMemoryBytes":"many"}
            built: bench-report: {"phases":[],"peakMemoryBytes":1}
            \(BenchChildReport(phases: [], seconds: 0.5).line)
            """
        let reports = BenchChildReport.reports(in: output)
        #expect(reports.count == 2)
        #expect(reports.first == report)
        #expect(reports.first?.timings.map(\.phase) == ["ingest", "stitch and merge"])
        #expect(reports.last?.seconds == 0.5 && reports.last?.recordsKept == nil)
    }
}
