import CohortSampleData
import Testing
@testable import CohortCore

/// Re-stitching only the components a batch touches gives what stitching every record gives.
@Suite struct ProfileStateTests {
    static func namespace(_ code: String, _ type: Namespace.IdentityType, limit: Int? = nil) -> Namespace {
        Namespace(id: Located(code, at: .start(of: "n")), name: code, type: type, priority: Namespace.defaultPriority(for: type), limit: limit)
    }

    static let namespaces = [namespace("crm", .crossDevice, limit: 1), namespace("Email", .email, limit: 2),
                             namespace("ECID", .cookie), namespace("sku", .nonPeople),
                             Namespace(id: Located("loyalty", at: .start(of: "n")), name: "loyalty", type: .crossDevice,
                                       priority: 10)]

    /// A random record: a profile fragment or an event, with one to three identities from small pools.
    static func record(_ number: Int, using generator: inout SplitMix64) -> StoredRecord {
        let pools = [("crm", 12), ("Email", 15), ("ECID", 25), ("sku", 3), ("loyalty", 6)]
        var identities: [Identity] = []
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let (namespace, size) = pools[Int.random(in: 0..<pools.count, using: &generator)]
            let identity = Identity(namespace: namespace, id: "\(Int.random(in: 0..<size, using: &generator))")
            if !identities.contains(identity) { identities.append(identity) }
        }
        let isEvent = Bool.random(using: &generator)
        let attributes: [String: Value] = ["tier": .string(["gold", "silver"][Int.random(in: 0...1, using: &generator)]),
                                           "points": .integer(Int64(number))]
        // Record times are random, so file order and time order disagree, and often tie.
        let origin = RecordOrigin(sequence: number / 5 + 1, file: "f\(number / 5)", index: number % 5 + 1,
                                  line: number % 5 + 1)
        return StoredRecord(dataset: isEvent ? "events" : ["crm", "loyalty"][number % 2], origin: origin,
                            isEvent: isEvent, eventID: isEvent ? "e\(number)" : nil,
                            timestamp: Int64(Int.random(in: -20..<50, using: &generator)),
                            primary: Bool.random(using: &generator) ? identities.randomElement(using: &generator) : nil,
                            identities: identities, attributes: attributes)
    }

    @Test(arguments: [MergePolicy.IdentityGraph.pdg, .none])
    func batchesGiveWhatStitchingEverythingGives(_ graph: MergePolicy.IdentityGraph) {
        let policy = MergePolicy(id: Located("p", at: .start(of: "m")), name: "p", identityGraph: graph)
        // A second policy of the same graph, whose attributes every profile also holds.
        let other = MergePolicy(id: Located("q", at: .start(of: "m")), name: "q", identityGraph: graph,
                                attributeMerge: .dataSetPrecedence(order: [Located("crm", at: .start(of: "m"))]))
        for seed in 1...25 {
            var generator = SplitMix64(seed: UInt64(seed))
            let records = (0..<Int.random(in: 10...80, using: &generator)).map { Self.record($0, using: &generator) }
            var state = ProfileState(namespaces: Self.namespaces, identitiesPerGraph: 4, policy: policy,
                                     alsoMergedBy: [other])
            var start = 0
            while start < records.count {
                let end = min(records.count, start + Int.random(in: 1...12, using: &generator))
                let before = state.entries
                let delta = state.add(Array(records[start..<end]))
                let changed = Set(before.keys).union(state.entries.keys).filter { before[$0] != state.entries[$0] }
                #expect(changed.isSubset(of: Set(delta.updated + delta.removed)), "seed \(seed): a change was not reported")
                #expect(delta.removed.allSatisfy { state.entries[$0] == nil } && delta.updated.allSatisfy { state.entries[$0] != nil })
                start = end
            }
            let whole = UnifiedProfiles(records: records, namespaces: Self.namespaces, identitiesPerGraph: 4, policy: policy,
                                        alsoMergedBy: [other])
            #expect(state.entries.keys.sorted().compactMap { state.entries[$0] } == whole.entries, "seed \(seed): \(state.entries.count) profiles, \(whole.entries.count) when stitched at once")
            for entry in whole.entries {
                for identity in entry.profile.identities {
                    #expect(state.key(of: identity) == entry.profile.identities[0].description)
                }
            }
            Self.expectEveryRecordInItsAnchorsProfile(records, whole, policy: policy, seed: seed)
        }
    }

    /// Every event sits in the profile of its anchor; with stitching, every linking identity of a
    /// record belongs to a profile, with or without records of its own.
    static func expectEveryRecordInItsAnchorsProfile(_ records: [StoredRecord], _ profiles: UnifiedProfiles,
                                                     policy: MergePolicy, seed: Int) {
        let anchors = RecordAnchor(namespaces: namespaces)
        let linking = Set(namespaces.filter(\.type.links).map(\.id.value))
        for record in records {
            let fallback = policy.identityGraph == .pdg ? record.identities.first : nil
            guard let anchor = anchors.anchor(of: record) ?? fallback else { continue }
            if record.isEvent {
                let holder = profiles.entries.first { $0.events.contains(record) }
                #expect(holder?.profile.identities.contains(anchor) == true,
                        "seed \(seed): an event is not with its anchor \(anchor)")
            }
            guard policy.identityGraph == .pdg else { continue }
            for identity in record.identities where linking.contains(identity.namespace) {
                #expect(profiles.entry(for: identity) != nil, "seed \(seed): \(identity) belongs to no profile")
            }
        }
    }
}
