import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// Each segment is evaluated on profiles merged under its own merge policy (`mergePolicyId`), in a
/// build and in watch mode, and exports its members as that policy merges them.
@Suite struct MergePolicyTests {
    static let asOf = Timestamp.milliseconds(from: "2026-11-21T12:00:00Z")!
    /// Daniel Wright: "Danny" in the CRM, "Daniel" in the newer loyalty record.
    static let daniel = Identity(namespace: "lumaLoyaltyId", id: "5625458")

    /// The template with a CRM-first policy, two segments asking the same question under the two
    /// policies, one under a policy without stitching, and a stitched segment reading that one.
    static func workspace(_ root: URL) throws {
        let files = [
            "merge-policies/crm-first.json": """
                {"id": "crm-first", "identityGraph": {"type": "pdg"},
                 "attributeMerge": {"type": "dataSetPrecedence", "order": ["crm", "loyalty"]}}
                """,
            "merge-policies/unstitched.json": """
                {"id": "unstitched", "identityGraph": {"type": "none"}, "attributeMerge": {"type": "timestampOrdered"}}
                """,
            "segments/danny-by-default.pql": #"person.name.firstName = "Danny""#,
            "segments/danny-crm-first.json": """
                {"id": "danny-crm-first", "mergePolicyId": "crm-first",
                 "expression": {"type": "PQL", "format": "pql/text", "value": "person.name.firstName = \\"Danny\\""}}
                """,
            "segments/gold-unstitched.json": """
                {"id": "gold-unstitched", "mergePolicyId": "unstitched",
                 "expression": {"type": "PQL", "format": "pql/text", "value": "loyalty.tier = \\"gold\\""}}
                """,
            "segments/gold-through-unstitched.pql": #"inSegment("gold-unstitched")"#,
            "destinations/names.json": """
                {"id": "names", "type": "file", "segments": ["danny-crm-first", "danny-by-default"],
                 "identity": {"namespace": "Email"},
                 "mappings": [{"source": "person.name.firstName", "target": "first_name"}], "fileName": "{segment}.csv"}
                """,
        ]
        for (path, text) in files {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
    }

    @Test func eachSegmentIsEvaluatedAndExportedUnderItsOwnMergePolicy() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.workspace(root)
        let report = try Builder(root: root).built(rebuild: false, asOf: Self.asOf)
        let profile = try #require(report.profiles?.entry(for: Self.daniel)).profile
        let key = try #require(profile.identities.first).description
        #expect(profile.packedAttributes.value(at: PackedValue.path("person.name.firstName")) == .string("Daniel"))
        #expect(report.memberships["danny-by-default"]?[key] == nil)
        #expect(report.memberships["danny-crm-first"]?[key]?.status == .realized)

        // Without stitching a profile is a primary identity: his loyalty record alone, keyed by it.
        let unstitched = report.memberships["gold-unstitched"] ?? [:]
        #expect(unstitched["lumaLoyaltyId:5625458"]?.status == .realized)
        #expect(unstitched.keys.allSatisfy { $0.hasPrefix("lumaLoyaltyId:") })
        // A stitched profile reading it is in when the unstitched profile of one of its identities is.
        #expect(report.memberships["gold-through-unstitched"]?[key]?.status == .realized)
        #expect(report.memberships["gold-through-unstitched"]?.count == unstitched.count)

        let export = { (name: String) in
            try String(contentsOf: root.appendingPathComponent("exports/names/\(name)"), encoding: .utf8)
        }
        let names = try export("danny-crm-first.csv")
        #expect(names.contains("danny.wright48@example.org,Danny\n"))
        let byDefault = try export("danny-by-default.csv")
        #expect(!byDefault.contains("danny.wright48@example.org"))

        let rebuilt = try Builder(root: root).built(rebuild: true, asOf: Self.asOf)
        #expect(rebuilt.exports.allSatisfy { $0.created.isEmpty && $0.rewritten.isEmpty && $0.deleted.isEmpty })
    }

    /// Watch mode keeps every policy's profiles current: file by file it ends where a rebuild ends.
    @Test func watchEvaluatesEachSegmentUnderItsOwnMergePolicy() throws {
        let root = try WatchSessionTests.emptyWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.workspace(root)
        let session = try WatchSession(root: root, clock: { Self.asOf })
        let template = TemplateWorkspaceTests.root
        for dataset in ["loyalty", "crm", "offline-purchases", "web-events", "dma-crm"] {
            let folder = template.appendingPathComponent("inbox/\(dataset)")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                try FileManager.default.copyItem(at: folder.appendingPathComponent(file),
                                                 to: root.appendingPathComponent("inbox/\(dataset)/\(file)"))
                _ = try session.ingest(where: { _ in true })
            }
        }
        let watched = try RecordStore(folder: root.appendingPathComponent(".cohort")).memberships()
        let exports = try ExportTests.exports(root)
        #expect(watched["danny-crm-first"]?.values.contains { $0.status != .exited } == true)
        #expect(watched["gold-through-unstitched"]?.isEmpty == false)

        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-policy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: root, to: copy)
        let rebuilt = try Builder(root: copy).built(rebuild: true, asOf: Self.asOf)
        let current = { (book: [String: [String: Membership]]) in
            book.mapValues { $0.filter { $0.value.status != .exited }.keys.sorted() }.filter { !$0.value.isEmpty }
        }
        let (incremental, full) = (current(watched), current(rebuilt.memberships))
        #expect(Set(incremental.keys) == Set(full.keys))
        for segment in full.keys.sorted() { #expect(incremental[segment] == full[segment], "\(segment)") }
        #expect(try ExportTests.exports(copy).differences(from: exports) == [])
    }

    /// A segment that moves to a policy of the other `identityGraph` is keyed by that policy's
    /// profiles from the next build on: its old keys' memberships move or exit, as a rebuild's are.
    @Test func aSegmentMovingToAnotherPolicyIsKeyedByItsProfiles() throws {
        let root = try BuildTests.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.workspace(root)
        try #"{"id": "gold-default", "expression": {"type": "PQL", "format": "pql/text", "value": "loyalty.tier = \"gold\""}}"#
            .write(to: root.appendingPathComponent("segments/gold-default.json"), atomically: true, encoding: .utf8)
        _ = try Builder(root: root).build(rebuild: false, asOf: Self.asOf)
        // The first move keeps the policies in use as they are; the second leaves `unstitched` unused.
        let moves = [("segments/gold-default.json", #""id": "gold-default","#, #""id": "gold-default", "mergePolicyId": "unstitched","#),
                     ("segments/gold-unstitched.json", #""mergePolicyId": "unstitched","#, ""),
                     ("segments/gold-default.json", #""mergePolicyId": "unstitched","#, "")]
        for (path, from, to) in moves {
            let url = root.appendingPathComponent(path)
            try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: from, with: to)
                .write(to: url, atomically: true, encoding: .utf8)
            let built = try Builder(root: root).built(rebuild: false, asOf: Self.asOf)
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-move-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: copy) }
            try FileManager.default.copyItem(at: root, to: copy)
            let rebuilt = try Builder(root: copy).built(rebuild: true, asOf: Self.asOf)
            let current = { (book: [String: [String: Membership]]) in
                book.mapValues { $0.filter { $0.value.status != .exited }.keys.sorted() }.filter { !$0.value.isEmpty }
            }
            #expect(current(built.memberships) == current(rebuilt.memberships), "after moving \(path)")
            #expect(rebuilt.exports.allSatisfy { $0.created.isEmpty && $0.rewritten.isEmpty && $0.deleted.isEmpty }, "after moving \(path)")
        }
    }
}
