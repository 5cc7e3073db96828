import CohortSampleData
import Testing
@testable import CohortCore

/// SPEC §3 rules and Adobe's identity graph walkthroughs.
@Suite struct IdentityGraphTests {
    static let crm = Namespace(id: Located("crm", at: .start(of: "n")), name: "CRM", type: .crossDevice, priority: 10, limit: 1)
    static let sku = Namespace(id: Located("sku", at: .start(of: "n")), name: "SKU", type: .nonPeople, priority: 80)
    static let partner = Namespace(id: Located("partner", at: .start(of: "n")), name: "Partner", type: .partner, priority: 70)
    static let namespaces = Namespace.builtIn + [crm, sku, partner]
    static let uniqueEmail = Namespace(id: Located("Email", at: .start(of: "n")), name: "Email", type: .email,
                                       priority: 30, limit: 1)

    private func id(_ text: String) -> Identity { Identity(parsing: text)! }

    private func origin(_ sequence: Int, _ line: Int = 1) -> RecordOrigin {
        RecordOrigin(sequence: sequence, file: "archive/d/\(sequence).json", index: line, line: line)
    }

    /// Records made at the same time: their links are ordered by ledger sequence, then position.
    private func graph(_ records: [([String], RecordOrigin)], limit: Int = 50, namespaces: [Namespace] = namespaces) -> IdentityGraph {
        timed(records.map { ($0.0, 0, $0.1) }, limit: limit, namespaces: namespaces)
    }

    /// Records with their own times (ms), anchored at their first identity.
    private func timed(_ records: [([String], Int64, RecordOrigin)], limit: Int = 50,
                       namespaces: [Namespace] = namespaces) -> IdentityGraph {
        let inputs = records.map {
            IdentityGraph.Record(identities: $0.0.map(id), anchor: $0.0.first.map(id), time: $0.1, origin: $0.2)
        }
        return IdentityGraph(records: inputs, namespaces: namespaces, identitiesPerGraph: limit)
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

    /// SPEC §7: the record's time orders links, not where the record sits in the ledger; the ledger
    /// sequence and then the position in the file only break ties.
    @Test func linksAreOrderedByRecordTimeNotByFilePosition() {
        // Bob logged in on the tablet after Alice, but his record comes first: earlier file, earlier line.
        let bobFirstInTheLedger = timed([
            ([Self.ecid1, "crm:B"], 2_000, origin(1, 1)),
            ([Self.ecid1, "crm:A"], 1_000, origin(2, 1)),
        ])
        #expect(rendered(bobFirstInTheLedger) == [[Self.ecid1, "crm:B"], ["crm:A"]])
        #expect(bobFirstInTheLedger.droppedLinks == 1)
        let sameFile = timed([([Self.ecid1, "crm:B"], 2_000, origin(1, 1)),
                              ([Self.ecid1, "crm:A"], 1_000, origin(1, 2))])
        #expect(rendered(sameFile) == rendered(bobFirstInTheLedger))
        // A CSV ingested after a JSON file does not win with older update times.
        let newerJSON = timed([
            (["Email:x@x.com", "crm:A"], 5_000, origin(1, 7)),
            (["Email:x@x.com", "crm:B"], 4_000, origin(2, 1)),
        ], namespaces: [Self.crm, Self.uniqueEmail])
        #expect(rendered(newerJSON) == [["Email:x@x.com", "crm:A"], ["crm:B"]])
        let link = newerJSON.links.first { $0.to == id("crm:A") }
        #expect(link?.origin == origin(1, 7))
        // Equal times: the later ledger sequence wins, then the later position in the file.
        let tiedBySequence = timed([([Self.ecid1, "crm:A"], 7, origin(2, 1)), ([Self.ecid1, "crm:B"], 7, origin(1, 9))])
        #expect(rendered(tiedBySequence) == [[Self.ecid1, "crm:A"], ["crm:B"]])
        let tiedByPosition = timed([([Self.ecid1, "crm:A"], 7, origin(1, 3)), ([Self.ecid1, "crm:B"], 7, origin(1, 2))])
        #expect(rendered(tiedByPosition) == [[Self.ecid1, "crm:A"], ["crm:B"]])
        // Times before 1970 and at the ends of the range order like any others.
        let extremes = timed([([Self.ecid1, "crm:A"], .min, origin(9)), ([Self.ecid1, "crm:B"], .max, origin(1))])
        #expect(rendered(extremes) == [[Self.ecid1, "crm:B"], ["crm:A"]])
    }

    /// A record's links are drawn from its anchor: when the tablet moves on to Bob, Alice's email
    /// from her login event stays with her instead of following the tablet's cookie.
    @Test func aRecordsLinksAreDrawnFromItsAnchor() {
        let loginWithEmail = IdentityGraph.Record(identities: [id(Self.ecid1), id("crm:A"), id("Email:a@x.com")],
                                                  anchor: id("crm:A"), time: 1, origin: origin(1))
        let bob = IdentityGraph.Record(identities: [id(Self.ecid1), id("crm:B")], anchor: id("crm:B"), time: 2,
                                       origin: origin(1, 2))
        let result = IdentityGraph(records: [loginWithEmail, bob], namespaces: Self.namespaces, identitiesPerGraph: 50)
        #expect(rendered(result) == [[Self.ecid1, "crm:B"], ["Email:a@x.com", "crm:A"]])
        // An anchor that does not link (or is not among the identities) falls back to the first linking identity.
        let skuAnchor = IdentityGraph.Record(identities: [id("sku:S1"), id(Self.ecid1), id("crm:A")],
                                             anchor: id("sku:S1"), time: 1, origin: origin(1))
        let stranger = IdentityGraph.Record(identities: [id(Self.ecid2), id("crm:B")], anchor: id("crm:Z"), time: 1,
                                            origin: origin(2))
        let fallback = IdentityGraph(records: [skuAnchor, stranger], namespaces: Self.namespaces,
                                     identitiesPerGraph: 50)
        #expect(rendered(fallback) == [[Self.ecid1, "crm:A"], [Self.ecid2, "crm:B"], ["sku:S1"]])
        #expect(fallback.graphs.indices.map(fallback.isPersonGraph) == [true, true, false])
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

    /// "The oldest identities are removed first" by the time of the records that carry them.
    @Test func aGraphOverTheLimitEvictsTheCookieSeenLongestAgo() {
        let result = timed([
            ([Self.ecid1, "crm:A"], 9_000, origin(1)),
            ([Self.ecid2, "crm:A"], 1_000, origin(2)),
            (["Email:a@x.com", "crm:A"], 5_000, origin(3)),
        ], limit: 3)
        #expect(result.evicted == [id(Self.ecid2)])
        #expect(rendered(result) == [[Self.ecid1, "Email:a@x.com", "crm:A"], [Self.ecid2]])
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
