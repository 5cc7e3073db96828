import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// Which files of a Spark plan are inbox files is said by the plan, not guessed from their paths: an archived file
/// still in `inbox/` (its move to `archive/` failed, and failed again when retried) keeps its ledger sequence, and
/// is not judged by its dataset's `errorThreshold` nor numbered again; the inbox files after it take the
/// sequences after the ledger's. No Spark runs: the job's verdicts are written by the test.
@Suite struct SparkPlanFilesTests {
    @Test func anArchivedFileLeftInTheInboxIsNoInboxFile() throws {
        let folder = try SparkProfileFrameTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try SparkProfileFrameTests.workspace(in: folder.appendingPathComponent("luma"), inbox: .template)
        _ = try Builder(root: root).build(rebuild: false, now: Date(timeIntervalSince1970: 1_795_219_200))
        let entries = try LedgerFile(root: root).read().0
        let stuck = try #require(entries.first)
        let last = try #require(entries.map(\.sequence).max())
        let files = FileManager.default
        let stuckPath = "inbox/\(stuck.dataset)/\(stuck.originalName)"
        try files.moveItem(at: root.appendingPathComponent(stuck.archivePath), to: root.appendingPathComponent(stuckPath))
        let newPath = "inbox/\(stuck.dataset)/later-\(stuck.originalName)"
        try files.copyItem(at: root.appendingPathComponent(stuckPath), to: root.appendingPathComponent(newPath))

        let workspace = try WorkspaceFiles(root: root).load().workspace
        let later = InboxScanner.Pending(dataset: stuck.dataset, url: root.appendingPathComponent(newPath), path: newPath)
        let plan = try SparkCompilation(root: root, workspace: workspace, now: 0, ingestedAt: 0, inbox: [later],
                                        memberships: nil).plan
        let planned = try #require(plan.files.first { $0.path == stuckPath })
        #expect(!planned.isInInbox)
        #expect(planned.sequence == stuck.sequence)
        #expect(plan.files.filter(\.isInInbox).map(\.path) == [newPath])

        let output = folder.appendingPathComponent("output")
        try files.createDirectory(at: output, withIntermediateDirectories: true)
        let verdicts = plan.files.map { #"{"failed":false,"read":1,"rejected":[],"sequence":\#($0.sequence)}"# }
        try Data((verdicts.joined(separator: "\n") + "\n").utf8)
            .write(to: output.appendingPathComponent(SparkRejections.verdictsName))
        let outcome = try SparkRejections(root: root, workspace: workspace, plan: plan).apply(output: output)
        #expect(outcome.files.first { $0.path == stuckPath }?.sequence == stuck.sequence)
        #expect(outcome.files.first { $0.path == newPath }?.sequence == last + 1)
    }
}

/// A file the build ingested is counted and given its summary line the same way by both engines.
@Suite struct IngestedFileCountTests {
    @Test func anIngestedFileIsCountedWithItsLine() {
        let entry = LedgerEntry(sequence: 3, dataset: "crm", originalName: "day2.csv", archivePath: "archive/crm/000003-day2.csv",
                                sha256: String(repeating: "0", count: 64), ingestedAt: "2026-11-21T00:00:00Z", recordsRead: 10,
                                recordsKept: 8, recordsRejected: 1, duplicateEvents: 1)
        var report = Builder.Report()
        report.countIngested(entry, from: "inbox/crm/day2.csv", droppedFields: 2)
        report.countIngested(entry, from: "inbox/crm/day3.csv", droppedFields: 0)
        #expect(report.fileLines == [
            "inbox/crm/day2.csv: 10 records (1 rejected); warning: 2 values of fields the schema does not have were dropped",
            "inbox/crm/day3.csv: 10 records (1 rejected)",
        ])
        let counts: [Int] = [report.filesIngested, report.recordsKept, report.recordsRejected, report.duplicateEvents,
                             report.droppedFields]
        #expect(counts == [2, 16, 2, 2, 2])
        #expect(report.ingestedFiles == [entry, entry])
    }
}
