import Testing
@testable import CohortCore

/// SPEC §3 and §7 on a tablet that Alice, then Bob, logged in on: the tablet follows Bob, each login
/// event stays with the person who logged in, and every person's identity has a profile.
@Suite struct SharedDeviceTests {
    static let namespaces = Namespace.builtIn + [
        Namespace(id: Located("crm", at: .start(of: "n")), name: "CRM", type: .crossDevice, priority: 10, limit: 1),
    ]
    static let tablet = Identity(namespace: "ECID", id: "71637951749074886733412161462891306243")
    static let alice = Identity(namespace: "crm", id: "ALICE")
    static let bob = Identity(namespace: "crm", id: "BOB")
    static let policy = MergePolicy(id: Located("p", at: .start(of: "m")), name: "p", identityGraph: .pdg)

    /// A web event as the Web SDK sends it: the ECID marked primary, the CRM id after it.
    static func event(_ id: String, at time: Int64, sequence: Int, index: Int,
                      _ identities: [Identity]) -> StoredRecord {
        let origin = RecordOrigin(sequence: sequence, file: "archive/web/\(sequence).ndjson", index: index, line: index)
        return StoredRecord(dataset: "web", origin: origin, isEvent: true, eventID: id, timestamp: time,
                            primary: identities.first, identities: identities, attributes: ["eventType": .string(id)])
    }

    /// Bob's login (newer) sits before Alice's (older) in the ledger: the file order is the opposite of the time order.
    static let records = [
        event("bob-login", at: 2_000, sequence: 1, index: 1, [tablet, bob]),
        event("alice-login", at: 1_000, sequence: 1, index: 2, [tablet, alice]),
        event("alice-browsing", at: 900, sequence: 2, index: 1, [tablet]),
        event("bob-browsing", at: 2_100, sequence: 2, index: 2, [tablet]),
    ]

    static func stitched(_ records: [StoredRecord]) -> UnifiedProfiles {
        UnifiedProfiles(records: records, namespaces: namespaces, identitiesPerGraph: 50, policy: policy)
    }

    static func events(of identity: Identity, in profiles: UnifiedProfiles) -> [String]? {
        profiles.entry(for: identity).map { $0.events.compactMap(\.eventID) }
    }

    @Test func theTabletFollowsBobAndAlicesLoginStaysWithAlice() throws {
        let profiles = Self.stitched(Self.records)
        #expect(profiles.graph.graphs == [[Self.tablet, Self.bob], [Self.alice]])
        #expect(profiles.graph.droppedLinks == 1)
        // The tablet's anonymous browsing is the tablet's, and the tablet is Bob's now (as AEP does it).
        #expect(Self.events(of: Self.bob, in: profiles) == ["alice-browsing", "bob-login", "bob-browsing"])
        #expect(Self.events(of: Self.alice, in: profiles) == ["alice-login"])
        // The same records in any order give the same profiles.
        #expect(Self.stitched(Self.records.reversed()).entries == profiles.entries)
    }

    /// A person whose only link was taken away still has a profile: her identity is in no record's
    /// profile but her own, which is empty.
    @Test func anIdentityWhoseLinkWasDroppedStillHasAProfile() throws {
        let email = Namespace(id: Located("Email", at: .start(of: "n")), name: "Email", type: .email, priority: 30,
                              limit: 1)
        let crm = Self.namespaces.filter { $0.id.value == "crm" }
        func fragment(_ index: Int, time: Int64, _ identities: [String]) -> StoredRecord {
            let ids = identities.map { Identity(parsing: $0)! }
            let origin = RecordOrigin(sequence: 1, file: "archive/crm/1.json", index: index, line: index)
            return StoredRecord(dataset: "crm", origin: origin, isEvent: false, eventID: nil, timestamp: time,
                                primary: ids.first, identities: ids, attributes: ["name": .string("C\(index)")])
        }
        let records = [fragment(1, time: 5, ["crm:C", "Email:old@x.com"]),
                       fragment(2, time: 6, ["crm:C", "Email:new@x.com"])]
        let profiles = UnifiedProfiles(records: records, namespaces: crm + [email], identitiesPerGraph: 50,
                                       policy: Self.policy)
        let orphan = try #require(profiles.entry(for: Identity(namespace: "Email", id: "old@x.com")))
        #expect(orphan.profile.identities == [Identity(namespace: "Email", id: "old@x.com")])
        #expect(orphan.profile.attributes.isEmpty && orphan.events.isEmpty)
        #expect(profiles.entries.count == profiles.graph.graphs.count)
        // A product identity that no record belongs to is not a profile: products are not people.
        let sku = Namespace(id: Located("sku", at: .start(of: "n")), name: "SKU", type: .nonPeople, priority: 80)
        let withSKU = records + [fragment(3, time: 7, ["crm:C", "sku:LLMH09"])]
        let products = UnifiedProfiles(records: withSKU, namespaces: crm + [email, sku], identitiesPerGraph: 50,
                                       policy: Self.policy)
        #expect(products.entry(for: Identity(namespace: "sku", id: "LLMH09")) == nil)
        #expect(products.entries.count == products.graph.graphs.count - 1)
    }
}
