import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// `cohort report` of the template: what it gathers agrees with the store, and the page is a golden file.
@Suite struct ReportGatheringTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/template-report.html")

    /// The template built at the fixed time and again a week later, as a user who builds weekly.
    static func builtTemplate() throws -> (root: URL, builder: Builder) {
        let root = try BuildTests.templateCopy()
        let builder = try Builder(root: root)
        _ = try builder.build(rebuild: false, now: Date(timeIntervalSince1970: Double(ExportTests.asOf) / 1000), asOf: ExportTests.asOf)
        _ = try builder.build(rebuild: false, asOf: ExportTests.asOf + 7 * BuildHistoryTests.day)
        return (root, builder)
    }

    @Test func whatIsGatheredAgreesWithTheStore() throws {
        let (root, builder) = try Self.builtTemplate()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try ReportGathering(builder: builder).gather()
        #expect(data.workspaceName == "luma")
        #expect(data.history.count == 2)
        #expect(data.segments.map(\.id) == builder.workspace.segments.map(\.id.value).sorted())
        // Overlaps counted in SQL agree with the memberships counted here.
        let members = try builder.memberships().mapValues { Set($0.filter { $0.value.status != .exited }.keys) }
        for a in data.segments {
            #expect(a.members == members[a.id]?.count ?? 0, "\(a.id)")
            for b in data.segments where a.id != b.id {
                let both = (members[a.id] ?? []).intersection(members[b.id] ?? []).count
                #expect(data.overlap(a.id, b.id) == both, "\(a.id) × \(b.id)")
            }
        }
        #expect(data.segments.first { $0.id == "gold-recent-buyers" }?.uses == ["gold-members", "recent-buyers"])
        // The template's shared devices (the links unique dropped) are the shared identities.
        #expect(data.graph.droppedLinks == 3)
        #expect(data.sharedIdentities.count == 3)
        #expect(data.sharedIdentities.allSatisfy { $0.identity.namespace == "ECID" && $0.values >= 2 })
        // Every rejected record is in a group, with its reasons masked.
        let rejected = data.files.reduce(0) { $0 + $1.recordsRejected }
        #expect(rejected == 12)
        #expect(data.rejections.reduce(0) { $0 + $1.count } >= rejected)
        #expect(data.rejections.allSatisfy { !$0.reason.contains("not-an-email") && !$0.places.isEmpty })
        #expect(data.destinations.allSatisfy { $0.manifest != nil })
    }

    /// After an intended change of the page, regenerate it with
    /// `COHORT_UPDATE_GOLDEN=1 swift test --filter theTemplatesReportMatchesTheGoldenFile` and review the diff.
    @Test func theTemplatesReportMatchesTheGoldenFile() throws {
        let (root, builder) = try Self.builtTemplate()
        defer { try? FileManager.default.removeItem(at: root) }
        let page = ReportPage.html(try ReportGathering(builder: builder).gather())
        if ProcessInfo.processInfo.environment["COHORT_UPDATE_GOLDEN"] == "1" {
            try Data(page.utf8).write(to: Self.golden)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(page == expected, "the report differs from Tests/CohortEngineTests/Golden/template-report.html")
    }

    @Test func aWorkspaceNeverBuiltHasNoReport() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let error = #expect(throws: BuildError.self) { try ReportGathering(builder: try Builder(root: root)).gather() }
        #expect(error.map { "\($0)" } == "\(BuildError.noStore)")
    }
}

extension ReportGatheringTests {
    /// A rejected file of more records than the report reads is sampled, and says so; a short one is read whole.
    @Test func rejectedFilesAreReadUpToABound() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-rejected-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let short = folder.appendingPathComponent("short.ndjson")
        try Data("a\nb\nc\n".utf8).write(to: short)
        let read = try #require(ReportGathering.firstLines(of: short))
        #expect(read.lines.map { String(decoding: $0, as: UTF8.self) } == ["a", "b", "c"] && read.complete)
        let long = folder.appendingPathComponent("long.ndjson")
        try Data(String(repeating: "{}\n", count: ReportGathering.rejectionsReadPerFile + 2).utf8).write(to: long)
        let sampled = try #require(ReportGathering.firstLines(of: long))
        #expect(sampled.lines.count == ReportGathering.rejectionsReadPerFile && !sampled.complete)
        #expect(ReportGathering.firstLines(of: folder.appendingPathComponent("missing.ndjson")) == nil)
    }
}

extension ReportGatheringTests {
    /// Hostile files in `rejected/`: a link is never followed, bytes that are not JSON lines (invalid
    /// UTF-8, a truncated line, one line of a megabyte) are skipped, and the report is still made.
    @Test func hostileRejectedFilesAreSkippedNotFollowed() throws {
        let (root, builder) = try Self.builtTemplate()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-outside-\(UUID().uuidString).ndjson")
        defer { for url in [root, outside] { try? FileManager.default.removeItem(at: url) } }
        let secret = #"{"errors":["secret: \"x\" leaked"],"line":1}"#
        try Data((secret + "\n").utf8).write(to: outside)
        let folder = root.appendingPathComponent("rejected/crm")
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("link.ndjson"), withDestinationURL: outside)
        var garbage = Data([0xFF, 0xFE, 0x0A]) + Data(#"{"errors":["cut"#.utf8) + Data("\n".utf8)
        garbage += Data(("{\"errors\":[\"" + String(repeating: "y", count: 1 << 20) + "\"],\"line\":7}\n").utf8)
        try garbage.write(to: folder.appendingPathComponent("garbage.ndjson"))
        let data = try ReportGathering(builder: builder).gather()
        #expect(!data.rejections.contains { $0.reason.contains("secret") })
        #expect(data.rejections.contains { $0.count == 1 && $0.places.first?.line == 7 })
        #expect(data.rejections.reduce(0) { $0 + $1.count } == 12 + 1)
        #expect(ReportPage.html(data).contains("<section id=\"ingest\">"))
    }
}
