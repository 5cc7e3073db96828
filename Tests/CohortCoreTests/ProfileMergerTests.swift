import Testing
@testable import CohortCore

@Suite struct ProfileMergerTests {
    private func id(_ text: String) -> Identity { Identity(parsing: text)! }

    private func policy(_ merge: MergePolicy.AttributeMerge, graph: MergePolicy.IdentityGraph = .pdg) -> MergePolicy {
        MergePolicy(id: Located("p", at: .start(of: "m")), name: "p", identityGraph: graph, attributeMerge: merge)
    }

    private func located(_ ids: [String]) -> [Located<String>] { ids.map { Located($0, at: .start(of: "m")) } }

    /// Adobe's Luma example: CRM says "Danny" (newer), loyalty says "Daniel" (older), linked by the CRM id.
    let crm = Fragment(dataset: "crm", identities: [Identity(namespace: "crm", id: "112c")], primary: Identity(namespace: "crm", id: "112c"),
                       attributes: ["person": .object(["name": .object(["firstName": .string("Danny"), "lastName": .string("Wright")])]),
                                    "homeAddress": .object(["city": .string("Seattle")])],
                       timestamp: Timestamp.milliseconds(from: "2026-09-01T10:00:00Z")!, origin: RecordOrigin(sequence: 1, file: "archive/crm/a.json", index: 3, line: 3))
    let loyalty = Fragment(dataset: "loyalty", identities: [Identity(namespace: "loyalty", id: "5625458"), Identity(namespace: "crm", id: "112c")],
                           primary: Identity(namespace: "loyalty", id: "5625458"),
                           attributes: ["person": .object(["name": .object(["firstName": .string("Daniel")])]),
                                        "loyalty": .object(["tier": .string("gold")])],
                           timestamp: Timestamp.milliseconds(from: "2026-03-01T10:00:00Z")!, origin: RecordOrigin(sequence: 2, file: "archive/loyalty/b.json", index: 2, line: 2))

    var graph: IdentityGraph {
        let ns = [Namespace(id: Located("crm", at: .start(of: "n")), name: "crm", type: .crossDevice, priority: 10),
                  Namespace(id: Located("loyalty", at: .start(of: "n")), name: "loyalty", type: .crossDevice, priority: 15)]
        let records = [crm, loyalty].map {
            IdentityGraph.Record(identities: $0.identities, anchor: $0.primary, time: $0.timestamp, origin: $0.origin)
        }
        return IdentityGraph(records: records, namespaces: ns, identitiesPerGraph: 50)
    }

    @Test func timestampOrderedTakesTheNewestValuePerAttribute() throws {
        let profiles = ProfileMerger(policy: policy(.timestampOrdered)).merge([loyalty, crm], graph: graph)
        let profile = try #require(profiles.first)
        #expect(profiles.count == 1)
        #expect(profile.identities == [id("crm:112c"), id("loyalty:5625458")])
        #expect(profile.attributes["person"] == .object(["name": .object(["firstName": .string("Danny"), "lastName": .string("Wright")])]))
        #expect(profile.attributes["loyalty"] == .object(["tier": .string("gold")]))
        #expect(profile.sources["person.name.firstName"] == AttributeSource(dataset: "crm", file: "archive/crm/a.json", line: 3, timestamp: crm.timestamp))
        #expect(profile.sources["loyalty.tier"]?.dataset == "loyalty")
    }

    @Test func dataSetPrecedenceFollowsTheOrderAndLeavesOthersOut() throws {
        let merger = ProfileMerger(policy: policy(.dataSetPrecedence(order: located(["loyalty", "crm"]))))
        let profile = try #require(merger.merge([crm, loyalty], graph: graph).first)
        #expect(profile.attributes["person"] == .object(["name": .object(["firstName": .string("Daniel"), "lastName": .string("Wright")])]))
        let loyaltyOnly = ProfileMerger(policy: policy(.dataSetPrecedence(order: located(["loyalty"]))))
        let trimmed = try #require(loyaltyOnly.merge([crm, loyalty], graph: graph).first)
        #expect(trimmed.attributes["homeAddress"] == nil)
    }

    @Test func withoutStitchingEachPrimaryIdentityIsItsOwnProfile() {
        let profiles = ProfileMerger(policy: policy(.timestampOrdered, graph: .none)).merge([crm, loyalty], graph: graph)
        #expect(profiles.map(\.identities) == [[id("crm:112c")], [id("loyalty:5625458")]])
    }

    @Test func tiesBreakByLedgerSequenceThenLineWhateverTheInputOrder() {
        var second = crm
        second.attributes = ["homeAddress": .object(["city": .string("Portland")])]
        second.origin = RecordOrigin(sequence: 1, file: "archive/crm/a.json", index: 9, line: 9)
        let merger = ProfileMerger(policy: policy(.timestampOrdered))
        let forward = merger.merge([crm, second, loyalty], graph: graph)
        let backward = merger.merge([loyalty, second, crm], graph: graph)
        #expect(forward == backward)
        #expect(forward.first?.attributes["homeAddress"] == .object(["city": .string("Portland")]))
    }

    @Test func losingValuesUnderTimestampOrderAreTheOlderOnes() throws {
        var older = crm
        older.attributes = ["person": .object(["name": .object(["firstName": .string("Dan")])])]
        older.timestamp -= 86_400_000
        older.origin = RecordOrigin(sequence: 1, file: "archive/crm/a.json", index: 1, line: 1)
        let merger = ProfileMerger(policy: policy(.timestampOrdered))
        let losing = merger.losingValues([loyalty, older, crm])
        let firstName = try #require(losing["person.name.firstName"])
        // CRM's "Danny" (September) won; best first, "Dan" (the day before) then loyalty's "Daniel" (March) lost.
        #expect(firstName.map(\.value) == [.string("Dan"), .string("Daniel")])
        #expect(firstName.allSatisfy { $0.reason == .older })
        #expect(firstName.first?.source == AttributeSource(dataset: "crm", file: "archive/crm/a.json", line: 1, timestamp: older.timestamp))
        #expect(firstName.last?.source == AttributeSource(dataset: "loyalty", file: "archive/loyalty/b.json", line: 2, timestamp: loyalty.timestamp))
        // Attributes only one record has are absent, and the winner is never among the losers.
        #expect(losing["loyalty.tier"] == nil && losing["homeAddress.city"] == nil)
        let profile = merger.merge([loyalty, older, crm], identities: [])
        #expect(!firstName.contains { $0.value == profile.attributes["person"].flatMap { Value.object(["person": $0])[path: ["person", "name", "firstName"]] } })
    }

    @Test func losingValuesUnderDatasetPrecedenceSayWhichRuleTookThem() throws {
        var dma = crm
        dma.dataset = "dma-crm"
        dma.attributes = ["person": .object(["name": .object(["firstName": .string("D.")])])]
        dma.timestamp += 86_400_000
        var olderLoyalty = loyalty
        olderLoyalty.attributes = ["person": .object(["name": .object(["firstName": .string("Dani")])])]
        olderLoyalty.timestamp -= 86_400_000
        let fragments = [crm, dma, loyalty, olderLoyalty]
        let merger = ProfileMerger(policy: policy(.dataSetPrecedence(order: located(["loyalty", "crm"]))))
        let firstName = try #require(merger.losingValues(fragments)["person.name.firstName"])
        #expect(firstName.map(\.value) == [.string("Dani"), .string("Danny"), .string("D.")])
        #expect(firstName.map(\.reason) == [.older, .lowerPrecedence, .notInOrder])
        // The merge takes the value the ranking puts first, whatever the order of the fragments.
        for order in [fragments, fragments.reversed()] {
            let profile = merger.merge(order, identities: [])
            #expect(Value.object(profile.attributes)[path: ["person", "name", "firstName"]] == .string("Daniel"))
            #expect(merger.losingValues(order)["person.name.firstName"] == firstName)
        }
    }

    @Test func timestampsParseDatesDateTimesAndOffsets() {
        #expect(Timestamp.milliseconds(from: "1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.milliseconds(from: "1970-01-02") == 86_400_000)
        #expect(Timestamp.milliseconds(from: "2000-03-01T00:00:00.5Z") == 951_868_800_500)
        #expect(Timestamp.milliseconds(from: "2026-11-29T01:00:00+01:00") == Timestamp.milliseconds(from: "2026-11-29T00:00:00Z"))
        #expect(Timestamp.milliseconds(from: "1969-12-31T23:59:59Z") == -1000)
        #expect(Timestamp.milliseconds(from: "yesterday") == nil)
        #expect(Timestamp.milliseconds(from: "2026-02-30") == nil)
        #expect(Timestamp.rfc3339(0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.rfc3339(-1) == "1969-12-31T23:59:59Z")
        #expect(Timestamp.rfc3339(Timestamp.milliseconds(from: "2024-02-29T23:59:58.750Z")!) == "2024-02-29T23:59:58Z")
    }
}
