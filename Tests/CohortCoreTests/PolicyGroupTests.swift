import Testing
@testable import CohortCore

/// Segments evaluated on the profiles of their own merge policy: policies grouped by how they
/// stitch, attributes merged once per policy, and `inSegment` across groups.
@Suite struct PolicyGroupTests {
    static func workspace(_ files: [String: String]) throws -> Workspace {
        let base: [String: String] = [
            "schemas/person.xml": """
                <schema id="person" class="profile">
                  <field path="crmId" type="string" identity="crm" primary="true"/>
                  <field path="loyalty.tier" type="string"/>
                </schema>
                """,
            "namespaces/crm.json": #"{"code": "crm", "type": "cross_device"}"#,
            "datasets/crm.json": #"{"id": "crm", "schema": "person"}"#,
            "datasets/loyalty.json": #"{"id": "loyalty", "schema": "person"}"#,
            "merge-policies/a-default.json": #"{"id": "default", "identityGraph": {"type": "pdg"}, "default": true}"#,
            "merge-policies/loyalty-first.json": """
                {"id": "loyalty-first", "attributeMerge": {"type": "dataSetPrecedence", "order": ["loyalty", "crm"]}}
                """,
            "merge-policies/raw.json": #"{"id": "raw", "identityGraph": {"type": "none"}}"#,
            "merge-policies/unused.json": #"{"id": "unused", "identityGraph": {"type": "none"}}"#,
        ]
        let sources = base.merging(files) { $1 }.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) }
        let result = WorkspaceLoader.load(sources)
        #expect(result.definitionErrors.isEmpty, "\(result.diagnostics.map(\.description))")
        return result.workspace
    }

    static func segment(_ id: String, _ pql: String, policy: String) -> (String, String) {
        let escaped = pql.replacingOccurrences(of: "\"", with: "\\\"")
        return ("segments/\(id).json", #"{"id": "\#(id)", "mergePolicyId": "\#(policy)", "#
                + #""expression": {"type": "PQL", "format": "pql/text", "value": "\#(escaped)"}}"#)
    }

    static func record(_ dataset: String, _ identities: [String], tier: String, at time: Int64) -> StoredRecord {
        let ids = identities.compactMap(Identity.init(parsing:))
        let origin = RecordOrigin(sequence: Int(time), file: "f\(time)", index: 1, line: 1)
        return StoredRecord(dataset: dataset, origin: origin, isEvent: false, eventID: nil, timestamp: time, primary: ids.first, identities: ids,
                            attributes: ["loyalty": .object(["tier": .string(tier)])])
    }

    @Test func onlyPoliciesInUseAreMergedGroupedByHowTheyStitch() throws {
        let mixed = try Self.workspace(Dictionary(uniqueKeysWithValues: [
            Self.segment("a", #"loyalty.tier = "gold""#, policy: "default"),
            Self.segment("b", #"loyalty.tier = "gold""#, policy: "loyalty-first"),
            Self.segment("c", #"loyalty.tier = "gold""#, policy: "raw"),
        ]))
        let groups = PolicyGroup.inUse(mixed)
        #expect(groups.map(\.base.id.value) == ["default", "raw"])
        #expect(groups.map { $0.others.map(\.id.value) } == [["loyalty-first"], []])
        let plain = try Self.workspace(Dictionary(uniqueKeysWithValues: [
            Self.segment("a", #"loyalty.tier = "gold""#, policy: "default"),
        ]))
        #expect(PolicyGroup.inUse(plain).map(\.ids) == [["default"]], "the common case merges once")
    }

    /// A profile merged under several policies at once holds what each policy alone makes, and a
    /// change seen only under one policy re-evaluates only that policy's segments.
    @Test func eachPolicyMergesAsItWouldAloneAndItsChangesAreItsOwn() throws {
        let workspace = try Self.workspace(Dictionary(uniqueKeysWithValues: [
            Self.segment("gold-newest", #"loyalty.tier = "gold""#, policy: "default"),
            Self.segment("gold-loyalty", #"loyalty.tier = "gold""#, policy: "loyalty-first"),
        ]))
        let base = try #require(workspace.mergePolicy("default"))
        let other = try #require(workspace.mergePolicy("loyalty-first"))
        let merged = { (records: [StoredRecord], policy: MergePolicy, others: [MergePolicy]) in
            UnifiedProfiles(records: records, namespaces: workspace.allNamespaces, identitiesPerGraph: 50, policy: policy,
                            alsoMergedBy: others)
        }
        let older = [Self.record("loyalty", ["crm:1"], tier: "gold", at: 1)]
        let records = older + [Self.record("crm", ["crm:1"], tier: "silver", at: 2)]
        let both = merged(records, base, [other])
        let alone = merged(records, other, [])
        let entry = try #require(both.entries.first)
        #expect(entry.profile(under: "loyalty-first") == alone.entries.first?.profile)
        #expect(entry.profile(under: "default").attributes["loyalty"] == .object(["tier": .string("silver")]))

        let segments = SegmentSet(workspace: workspace)
        var book = MembershipBook()
        _ = SegmentPasses(segments, of: segments, groups: PolicyGroup.inUse(workspace))
            .evaluate(entries: { _ in both.entries }, key: { _, _ in nil }, into: &book, now: 0, timeZone: "UTC")
        #expect(book.memberships["gold-newest"]?["crm:1"] == nil)
        #expect(book.memberships["gold-loyalty"]?["crm:1"]?.status == .realized)
    }

    /// A stitched segment reads an unstitched one through the profiles of its own identities, and
    /// back: passes follow dependency order across the groups.
    @Test func inSegmentAcrossGroupsReadsTheProfilesOfTheSameIdentities() throws {
        let workspace = try Self.workspace(Dictionary(uniqueKeysWithValues: [
            Self.segment("gold-raw", #"loyalty.tier = "gold""#, policy: "raw"),
            Self.segment("silver-raw", #"loyalty.tier = "silver""#, policy: "raw"),
            Self.segment("both", #"inSegment("gold-raw") and inSegment("silver-raw")"#, policy: "default"),
            Self.segment("back", #"inSegment("both")"#, policy: "raw"),
        ]))
        let groups = PolicyGroup.inUse(workspace)
        // One person with a gold and a silver CRM id, stitched by a shared email; a stranger; and an
        // identity-less record, which no policy can key.
        let records = [Self.record("crm", ["crm:1", "Email:a@x.org"], tier: "gold", at: 1),
                       Self.record("crm", ["crm:2", "Email:a@x.org"], tier: "silver", at: 2),
                       Self.record("crm", ["crm:3"], tier: "gold", at: 3),
                       Self.record("crm", [], tier: "silver", at: 4)]
        let views = groups.map {
            UnifiedProfiles(records: records, namespaces: workspace.allNamespaces, identitiesPerGraph: 50, policy: $0.base,
                            alsoMergedBy: $0.others)
        }
        let segments = SegmentSet(workspace: workspace)
        let passes = SegmentPasses(segments, of: segments, groups: groups)
        #expect(passes.passes.map(\.group) == [1, 0, 1])
        var book = MembershipBook()
        _ = passes.evaluate(entries: { views[$0].entries }, key: { views[$0].entry(for: $1)?.key },
                            into: &book, now: 0, timeZone: "UTC")
        let members = book.memberships.mapValues { $0.keys.sorted() }
        #expect(members["gold-raw"] == ["crm:1", "crm:3"])
        #expect(members["silver-raw"] == ["crm:2"])
        #expect(members["both"] == ["Email:a@x.org"])
        #expect(members["back"] == ["crm:1", "crm:2"])
    }
}
