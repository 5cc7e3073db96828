import Testing
@testable import CohortCore

/// `IdentityGraph.sharedIdentities` and `GraphStats`: what the history and the report say of the graph.
@Suite struct SharedIdentityTests {
    static let crm = Namespace(id: Located("crm", at: .start(of: "n")), name: "CRM", type: .crossDevice, priority: 10, limit: 1)
    static let namespaces = Namespace.builtIn + [crm]
    static let ecid = "ECID:11111111111111111111111111111111111111"
    static let otherEcid = "ECID:22222222222222222222222222222222222222"

    private func graph(_ records: [[String]], limit: Int = 50) -> IdentityGraph {
        let inputs = records.enumerated().map { index, identities in
            IdentityGraph.Record(identities: identities.map { Identity(parsing: $0)! }, anchor: Identity(parsing: identities[0]),
                                 time: Int64(index), origin: RecordOrigin(sequence: 1, file: "archive/d/1.json", index: index, line: index + 1))
        }
        return IdentityGraph(records: inputs, namespaces: Self.namespaces, identitiesPerGraph: limit)
    }

    @Test func aDeviceThreePeopleLoggedInOnIsSharedEvenThoughUniqueDroppedTwoLinks() {
        let result = graph([[Self.ecid, "crm:A"], [Self.ecid, "crm:B"], [Self.ecid, "crm:C"], ["crm:C", "Email:c@example.com"]])
        #expect(result.droppedLinks == 2)
        #expect(result.sharedIdentities == [
            IdentityGraph.SharedIdentity(identity: Identity(parsing: Self.ecid)!, namespace: "crm", values: 3, graphSize: 3),
        ])
    }

    @Test func onePersonWithManyDevicesAndOneEmailSharesNothing() {
        let result = graph([["crm:A", Self.ecid], ["crm:A", Self.otherEcid], ["crm:A", "Email:a@example.com"],
                            ["crm:A", "Phone:+15035550134"]])
        #expect(result.graphs.count == 1)
        #expect(result.sharedIdentities == [])
    }

    @Test func aJunkPhoneGivenByManyPeopleIsTheirGraphsSharedIdentity() {
        // Phone links at most 1 crm per graph here: crm is unique, so every person keeps their own graph but one.
        let people = (0..<5).map { ["crm:P\($0)", "Phone:+15555550000"] }
        let result = graph(people)
        let shared = result.sharedIdentities.first { $0.identity.description == "Phone:+15555550000" }
        #expect(shared?.values == 5)
        #expect(shared?.namespace == "crm")
    }

    @Test func sizeBucketsCoverEverySizeOnce() {
        #expect([1, 2, 3, 4, 5, 9, 10, 19, 20, 49, 50, 5_000].map(GraphStats.sizeBucket) == [0, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6])
        #expect(GraphStats.sizeBounds.indices.map(GraphStats.sizeLabel) == ["1", "2", "3-4", "5-9", "10-19", "20-49", "50+"])
    }

    @Test func statsPerComponentCountSizesEvictionsAndTheMostSharedIdentity() throws {
        // Three records for one component over a limit of 3 identities: one ECID is evicted.
        let result = graph([[Self.ecid, "crm:A"], [Self.otherEcid, "crm:A"], ["crm:A", "Email:a@example.com"],
                            ["crm:B", "Email:b@example.com"]], limit: 3)
        let stats = GraphStats.perComponent(of: result) { $0.namespace == "crm" || $0.namespace == "Email" || $0.namespace == "ECID" ? 1 : nil }
        let component = try #require(stats[1])
        #expect(component.graphs == result.graphs.count)
        #expect(component.evicted == 1)
        #expect(component.sizes.reduce(0, +) == component.graphs)
        #expect(component.sizes[GraphStats.sizeBucket(3)] == 1)
        #expect(component.mostShared == nil)
    }
}
