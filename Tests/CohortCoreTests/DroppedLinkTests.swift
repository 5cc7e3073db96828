import Testing
@testable import CohortCore

/// The identity graph keeps each dropped link with the record, time and rule that dropped it, and each
/// kept link's time, for `cohort graph` to draw.
@Suite struct DroppedLinkTests {
    static let crm = Namespace(id: Located("crm", at: .start(of: "n")), name: "CRM", type: .crossDevice, priority: 10,
                               limit: 1)
    static let ecid1 = Identity(namespace: "ECID", id: "11111111111111111111111111111111111111")
    static let ecid2 = Identity(namespace: "ECID", id: "22222222222222222222222222222222222222")
    static let ecid3 = Identity(namespace: "ECID", id: "33333333333333333333333333333333333333")

    private func id(_ text: String) -> Identity { Identity(parsing: text)! }

    private func origin(_ sequence: Int) -> RecordOrigin {
        RecordOrigin(sequence: sequence, file: "archive/d/\(sequence).json", index: 1, line: 1)
    }

    private func graph(_ records: [([Identity], Int64)], namespaces: [Namespace] = Namespace.builtIn + [crm],
                       limit: Int = 50) -> IdentityGraph {
        let inputs = records.enumerated().map { index, record in
            IdentityGraph.Record(identities: record.0, anchor: record.0.first, time: record.1,
                                 origin: origin(index + 1))
        }
        return IdentityGraph(records: inputs, namespaces: namespaces, identitiesPerGraph: limit)
    }

    @Test func aSharedDevicesOlderLoginIsDroppedByTheUniqueNamespace() {
        let result = graph([([Self.ecid1, id("crm:A")], 1_000), ([Self.ecid1, id("crm:B")], 2_000)])
        #expect(result.links == [IdentityGraph.Link(from: Self.ecid1, to: id("crm:B"), origin: origin(2), time: 2_000)])
        #expect(result.droppedLinkDetails == [
            IdentityGraph.DroppedLink(from: Self.ecid1, to: id("crm:A"), origin: origin(1), time: 1_000,
                                      rule: .namespaceLimit(namespace: "crm", limit: 1)),
        ])
        #expect(result.droppedLinks == 1)
    }

    @Test func aNamespaceLimitNamesTheNamespaceAndItsLimit() {
        let twoCookies = Namespace(id: Located("ECID", at: .start(of: "n")), name: "ECID", type: .cookie, priority: 60,
                                   limit: 2)
        let result = graph([([id("crm:A"), Self.ecid1], 1), ([id("crm:A"), Self.ecid2], 2),
                            ([id("crm:A"), Self.ecid3], 3)], namespaces: [twoCookies, Self.crm])
        #expect(result.droppedLinkDetails.map(\.rule) == [.namespaceLimit(namespace: "ECID", limit: 2)])
        #expect(result.droppedLinkDetails.map(\.from) == [Self.ecid1])
    }

    @Test func anEvictedIdentitysLinksAreDroppedByTheIdentityLimit() {
        let result = graph([([id("crm:A"), Self.ecid1], 1), ([id("crm:A"), Self.ecid2], 2),
                            ([id("crm:A"), id("Email:a@x.com")], 3)], limit: 3)
        #expect(result.evicted == [Self.ecid1])
        #expect(result.identitiesPerGraph == 3)
        #expect(result.droppedLinkDetails == [
            IdentityGraph.DroppedLink(from: Self.ecid1, to: id("crm:A"), origin: origin(1), time: 1,
                                      rule: .identityLimit(limit: 3)),
        ])
        // The namespace-limit count is unchanged: an eviction is counted as an eviction.
        #expect(result.droppedLinks == 0)
        #expect(!result.links.contains { $0.from == Self.ecid1 || $0.to == Self.ecid1 })
    }
}
