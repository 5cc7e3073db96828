import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// `history/builds.ndjson`: a line per build and per watch step, deterministic, with no personal data.
@Suite struct BuildHistoryTests {
    static let asOf = ExportTests.asOf
    static let day: Int64 = 86_400_000

    static func history(_ root: URL) throws -> (records: [BuildRecord], diagnostics: [Diagnostic]) {
        try BuildHistory(root: root).read()
    }

    static func text(_ root: URL) throws -> String {
        try String(contentsOf: root.appendingPathComponent(BuildHistory.path), encoding: .utf8)
    }

    @Test func eachBuildAppendsOneLineThatMatchesWhatItDid() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        let report = try builder.build(rebuild: false, asOf: Self.asOf)
        let first = try #require(try Self.history(root).records.first)
        #expect(try Self.history(root).records.count == 1)
        #expect(first.trigger == "build" && first.asOf == Self.asOf)
        #expect(first.files.map(\.archive) == report.ingestedFiles.map(\.archivePath))
        #expect(first.files.count == 5 && first.recordsKept == report.recordsKept && first.recordsRejected == report.recordsRejected)
        #expect(first.profiles == report.profileCount)
        #expect(first.segments.mapValues(\.members) == report.memberCounts)
        #expect(first.segments.mapValues(\.entered) == report.segmentChanges.mapValues(\.entered))
        #expect(first.identity.graph == report.graphStats)
        #expect(first.identity.droppedValues.values.reduce(0, +) == report.droppedIdentities)
        for outcome in report.exports {
            let destination = try #require(first.destinations[outcome.destination])
            #expect(destination.files == Dictionary(uniqueKeysWithValues: outcome.manifest.files.map { ($0.name, $0.rows) }))
            #expect(destination.segments == outcome.manifest.segments)
        }
        // A later build appends its own line; what it changed is what time changed.
        let later = try builder.build(rebuild: false, asOf: Self.asOf + 7 * Self.day)
        let records = try Self.history(root).records
        #expect(records.count == 2)
        #expect(records[1].files.isEmpty)
        for (segment, counts) in records[1].segments {
            #expect(counts.exited == later.segmentChanges[segment]?.exited ?? 0, "\(segment)")
        }
        #expect(records[1].segments.values.contains { $0.exited > 0 })
    }

    @Test func rebuildsAndPlansLeaveTheHistoryAsItIs() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        _ = try builder.build(rebuild: false, asOf: Self.asOf)
        let before = try Self.text(root)
        _ = try builder.build(rebuild: true, asOf: Self.asOf + Self.day)
        _ = try builder.plan(asOf: Self.asOf + 2 * Self.day)
        #expect(try Self.text(root) == before)
    }

    @Test func theSameBuildOfTheSameInputsWritesTheSameBytes() throws {
        let one = try BuildTests.templateCopy()
        let two = try BuildTests.templateCopy()
        defer { for root in [one, two] { try? FileManager.default.removeItem(at: root) } }
        for root in [one, two] {
            let builder = try Builder(root: root)
            _ = try builder.build(rebuild: false, now: Date(timeIntervalSince1970: Double(Self.asOf) / 1000), asOf: Self.asOf)
            _ = try builder.build(rebuild: false, asOf: Self.asOf + Self.day)
        }
        #expect(try Self.text(one) == Self.text(two))
    }

    @Test func theHistoryHoldsNoIdentityValue() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        _ = try builder.build(rebuild: false, asOf: Self.asOf)
        let text = try Self.text(root)
        let values = Set(try builder.profiles().entries.flatMap { $0.profile.identities.map(\.id) })
        #expect(values.count > 500)
        let leaked = values.filter { $0.count >= 4 && text.contains($0) }
        #expect(leaked.isEmpty, "identity values in the history: \(leaked.prefix(5))")
        #expect(!text.contains("@"))
    }

    @Test func aLineAnInterruptedAppendLeftStaysOneDamagedLine() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        _ = try builder.build(rebuild: false, asOf: Self.asOf)
        let url = root.appendingPathComponent(BuildHistory.path)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"asOf":"2026-11-2"#.utf8))
        try handle.close()
        _ = try builder.build(rebuild: false, asOf: Self.asOf + Self.day)
        let history = try Self.history(root)
        #expect(history.records.map(\.asOf) == [Self.asOf, Self.asOf + Self.day])
        #expect(history.diagnostics.map(\.location.line) == [2])
    }

    @Test func aHistoryThatIsALinkIsNeverFollowed() throws {
        let root = try BuildTests.templateCopy()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-outside-\(UUID().uuidString)")
        defer { for url in [root, outside] { try? FileManager.default.removeItem(at: url) } }
        try Data("kept\n".utf8).write(to: outside)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("history"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent(BuildHistory.path), withDestinationURL: outside)
        #expect(throws: BuildError.self) { try Builder(root: root).build(rebuild: false, asOf: Self.asOf) }
        #expect(try String(contentsOf: outside, encoding: .utf8) == "kept\n")
        #expect(throws: BuildError.self) { try BuildHistory(root: root).read() }
    }

    @Test func watchStepsAppendTheirLines() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        var now = Self.asOf
        let session = try WatchSession(root: root, clock: { now })
        let template = TemplateWorkspaceTests.root.appendingPathComponent("inbox/crm/luma-crm.json")
        try FileManager.default.copyItem(at: template, to: root.appendingPathComponent("inbox/crm/crm.json"))
        now += 1_000
        _ = try session.ingest { _ in true }
        let records = try Self.history(root).records
        #expect(records.map(\.trigger) == ["watch", "watch: inbox"])
        #expect(records[1].files.map(\.dataset) == ["crm"])
        #expect(records[1].profiles > 0 && records[1].asOf == now)
        #expect(records[1].segments.values.reduce(0) { $0 + $1.entered } > 0)
    }
}

extension BuildHistoryTests {
    /// A destination a policy blocks: the history names the policy and what it denies, and the report shows it.
    @Test func aBlockedDestinationIsInTheHistoryAndTheReportWithItsPolicy() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(#"{"id": "no-addresses", "marketingAction": "emailTargeting", "deny": {"label": "C2"}}"#.utf8)
            .write(to: root.appendingPathComponent("policies/no-addresses.json"))
        let builder = try Builder(root: root)
        _ = try builder.build(rebuild: false, asOf: Self.asOf)
        let record = try #require(try Self.history(root).records.last)
        let uses = try #require(record.destinations["email-sftp"]?.blockedBy["no-addresses"])
        #expect(!uses.isEmpty && uses.allSatisfy { $0.contains("label C2 on field") })
        #expect(record.destinations["email-sftp"]?.files == [:])
        #expect(record.destinations["ads-hashed"]?.blockedBy == [:])
        let page = ReportPage.html(try ReportGathering(builder: builder).gather())
        #expect(page.contains("<strong>Blocked</strong> by policy <code>no-addresses</code>: nothing is exported while it uses label C2 on field"))
    }
}
