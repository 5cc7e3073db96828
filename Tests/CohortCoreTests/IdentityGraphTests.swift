import CohortSampleData
import Testing
@testable import CohortCore

/// SPEC §3 rules and Adobe's identity graph walkthroughs.
@Suite struct IdentityGraphTests {
    static let crm = Namespace(id: Located("crm", at: .start(of: "n")), name: "CRM", type: .crossDevice, priority: 10, limit: 1)
    static let sku = Namespace(id: Located("sku", at: .start(of: "n")), name: "SKU", type: .nonPeople, priority: 80)
    static let partner = Namespace(id: Located("partner", at: .start(of: "n")), name: "Partner", type: .partner, priority: 70)
    static let namespaces = Namespace.builtIn + [crm, sku, partner]

    private func id(_ text: String) -> Identity { Identity(parsing: text)! }

    private func origin(_ sequence: Int, _ line: Int = 1) -> RecordOrigin {
        RecordOrigin(sequence: sequence, file: "archive/d/\(sequence).json", index: line, line: line)
    }

    private func graph(_ records: [([String], RecordOrigin)], limit: Int = 50, namespaces: [Namespace] = namespaces) -> IdentityGraph {
        IdentityGraph(records: records.map { ($0.0.map(id), $0.1) }, namespaces: namespaces, identitiesPerGraph: limit)
    }

    private func rendered(_ graph: IdentityGraph) -> [[String]] { graph.graphs.map { $0.map(\.description) } }

    static let ecid1 = "ECID:11111111111111111111111111111111111111"
    static let ecid2 = "ECID:22222222222222222222222222222222222222"

    @Test func aSharedDeviceFollowsTheLastUserWhoLoggedIn() {
        let result = graph([
            ([Self.ecid1, "crm:A"], origin(1)),
            ([Self.ecid1, "crm:B"], origin(2)),
        ])
        #expect(rendered(result) == [[Self.ecid1, "crm:B"], ["crm:A"]])
        #expect(result.droppedLinks == 1)
        // Ingested the other way round, the link order (not the file order) decides.
        let reversed = graph([([Self.ecid1, "crm:B"], origin(2)), ([Self.ecid1, "crm:A"], origin(1))])
        #expect(rendered(reversed) == rendered(result))
    }

    @Test func anAnonymousSingleECIDEventLinksNothing() {
        let result = graph([([Self.ecid1, "crm:A"], origin(1)), ([Self.ecid2], origin(2))])
        #expect(rendered(result) == [[Self.ecid1, "crm:A"], [Self.ecid2]])
        #expect(result.links.count == 1)
    }

    @Test func aCRMIdArrivingWithANewECIDJoinsTheExistingGraph() {
        let result = graph([
            ([Self.ecid1, "crm:A"], origin(1)),
            (["crm:A", "Email:a@example.com"], origin(2)),
            ([Self.ecid2, "crm:A"], origin(3)),
        ])
        #expect(rendered(result) == [[Self.ecid1, Self.ecid2, "Email:a@example.com", "crm:A"]])
        let link = result.links.first { $0.to == id("crm:A") && $0.from == id(Self.ecid2) }
        #expect(link?.origin == origin(3))
    }

    @Test func nonPeopleAndPartnerIdentitiesNeverLink() {
        let result = graph([(["sku:LLMH09", "crm:A"], origin(1)), (["partner:p1", "crm:B"], origin(2)), (["sku:LLMH09", "crm:B"], origin(3))])
        #expect(rendered(result) == [["crm:A"], ["crm:B"], ["partner:p1"], ["sku:LLMH09"]])
    }

    @Test func aNamespaceLimitKeepsTheNewestValues() {
        let twoEmails = Namespace(id: Located("Email", at: .start(of: "n")), name: "Email", type: .email, priority: 30, limit: 2, normalize: .email)
        let result = graph([
            (["crm:A", "Email:1@x.com"], origin(1)),
            (["crm:A", "Email:2@x.com"], origin(2)),
            (["crm:A", "Email:3@x.com"], origin(3)),
        ], namespaces: [twoEmails, Self.crm])
        #expect(rendered(result) == [["Email:1@x.com"], ["Email:2@x.com", "Email:3@x.com", "crm:A"]])
    }

    @Test func aGraphOverTheLimitLosesItsOldestCookiesFirst() {
        let result = graph([
            ([Self.ecid1, "crm:A"], origin(1)),
            (["GAID:g1", "crm:A"], origin(2)),
            ([Self.ecid2, "crm:A"], origin(3)),
            (["Email:a@x.com", "crm:A"], origin(4)),
        ], limit: 4)
        // Five identities, limit four: the oldest cookie (ECID 1) goes, not the older device.
        #expect(result.evicted == [id(Self.ecid1)])
        #expect(result.graphsAtLimit == 1)
        #expect(rendered(result) == [[Self.ecid1], [Self.ecid2, "Email:a@x.com", "GAID:g1", "crm:A"]])
        #expect(result.graph(of: id("GAID:g1")) == result.graph(of: id("crm:A")))
        #expect(result.graph(of: id(Self.ecid1)) != result.graph(of: id("crm:A")))
    }

    /// Without limits the graph is exactly the connected components of the records' identities.
    @Test func withoutLimitsTheGraphEqualsANaiveRecomputation() {
        var generator = SplitMix64(seed: 7)
        let pool = (0..<40).map { "Email:u\($0)@x.com" }
        let open = [Namespace(id: Located("Email", at: .start(of: "n")), name: "Email", type: .email, priority: 30)]
        for _ in 0..<50 {
            let records = (0..<30).map { index -> ([String], RecordOrigin) in
                let size = Int.random(in: 1...3, using: &generator)
                return ((0..<size).map { _ in pool.randomElement(using: &generator)! }, origin(index))
            }
            let result = graph(records, limit: 1000, namespaces: open)
            // Naive: repeatedly merge groups that share an identity.
            var groups = records.map { Set($0.0) }
            var merged = true
            while merged {
                merged = false
                outer: for i in groups.indices {
                    for j in groups.indices where j > i && !groups[i].isDisjoint(with: groups[j]) {
                        groups[i].formUnion(groups[j])
                        groups.remove(at: j)
                        merged = true
                        break outer
                    }
                }
            }
            let naive = groups.map { $0.sorted { id($0) < id($1) } }.sorted { id($0[0]) < id($1[0]) }
            #expect(rendered(result) == naive)
        }
    }
}
