@testable import CohortCore
@testable import CohortEngine
import CohortSampleData
import Foundation
import Testing

/// The engine's steps re-stitch only the components new records touch, and end where stitching every
/// record at once ends.
@Suite struct ProfileEngineTests {
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
            // Values as JSON must escape them: a quote, a backslash, a separator, letters beyond ASCII.
            let value = Int.random(in: 0..<size, using: &generator)
            let identity = Identity(namespace: namespace, id: value % 4 == 1 ? "\(value)\"\\,ü]" : "\(value)")
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

    /// A workspace of `namespaces`, a default policy `p` of `graph` and a policy `q` that stitches
    /// alike, in use by a segment (so every profile also holds `q`'s attributes).
    static func workspace(_ graph: MergePolicy.IdentityGraph) -> Workspace {
        let at = SourceLocation.start(of: "m")
        let policy = MergePolicy(id: Located("p", at: at), name: "p", identityGraph: graph, isDefault: true)
        let other = MergePolicy(id: Located("q", at: at), name: "q", identityGraph: graph,
                                attributeMerge: .dataSetPrecedence(order: [Located("crm", at: at)]))
        let segment = Segment(id: Located("s", at: at), name: "s", expression: LocatedText(#"tier = "gold""#, at: at),
                              mergePolicy: Located("q", at: at))
        var settings = WorkspaceSettings.standard
        settings.limits = .init(identitiesPerGraph: 4, identitiesPerRecord: 20)
        return Workspace(settings: settings, namespaces: namespaces, mergePolicies: [policy, other], segments: [segment])
    }

    /// Commits `records` as files of one dataset each (a run of records of the same dataset is one file).
    static func commit(_ records: ArraySlice<StoredRecord>, to store: RecordStore, anchors: RecordAnchor) throws {
        var start = records.startIndex
        while start < records.endIndex {
            let dataset = records[start].dataset
            let end = records[start...].firstIndex { $0.dataset != dataset } ?? records.endIndex
            let sequence = try store.nextSequence()
            _ = try store.commitFile(sequence: sequence, dataset: dataset, isEvent: records[start].isEvent, ingestedAt: 0,
                                     anchors: anchors) { writer in
                for (index, record) in records[start..<end].enumerated() {
                    let position = RecordPosition(index: index + 1, text: TextPosition(offset: index, line: index + 1, column: 1))
                    try writer.insert(DatasetIngest.Kept(position: position, packedAttributes: record.packedAttributes,
                                                         identities: record.identities, primary: record.primary,
                                                         timestamp: record.timestamp, eventID: record.eventID, droppedFields: [],
                                                         droppedIdentities: [:]))
                }
                return LedgerEntry(sequence: sequence, dataset: dataset, originalName: "f\(sequence)", archivePath: "archive/\(dataset)/f\(sequence)",
                                   sha256: "\(sequence)", ingestedAt: "2026-11-29T00:00:00Z", recordsRead: end - start,
                                   recordsKept: end - start, recordsRejected: 0)
            }
            start = end
        }
    }

    /// Records arrive in random batches; after each, one engine step. The store's profiles, their
    /// attributes under both policies and who holds each identity are what stitching every stored
    /// record at once gives, and a step only ever writes the profiles of the components it touched.
    @Test(arguments: [MergePolicy.IdentityGraph.pdg, .none])
    func stepsGiveWhatStitchingEverythingGives(_ graph: MergePolicy.IdentityGraph) throws {
        let workspace = Self.workspace(graph)
        for seed in 1...25 {
            var generator = SplitMix64(seed: UInt64(seed))
            let records = (0..<Int.random(in: 10...80, using: &generator)).map { Self.record($0, using: &generator) }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-engine-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try RecordStore(folder: folder)
            let engine = ProfileEngine(workspace: workspace, store: store)
            let anchors = RecordAnchor(namespaces: workspace.allNamespaces)
            let linking = Set(workspace.allNamespaces.filter(\.type.links).map(\.id.value))
            var start = 0
            var stepped = 0
            while start < records.count {
                let end = min(records.count, start + Int.random(in: 1...12, using: &generator))
                try Self.commit(records[start..<end], to: store, anchors: anchors)
                _ = try engine.step(.init(newRecordsFrom: stepped + 1, now: 0))
                stepped = try store.nextSequence() - 1
                start = end
            }
            let whole = UnifiedProfiles(records: try store.allRecords(), namespaces: workspace.allNamespaces, identitiesPerGraph: 4,
                                        policy: workspace.mergePolicies[0], alsoMergedBy: [workspace.mergePolicies[1]])
            #expect(try store.graphs(policy: "p") == whole.entries.map(\.profile.identities), "seed \(seed)")
            let stored = StoredProfiles(store)
            for entry in whole.entries {
                let key = try #require(entry.key)
                #expect(stored.profile(key, policy: "p") == entry.profile, "seed \(seed): \(key)")
                #expect(stored.profile(key, policy: "p", merged: "q") == entry.profile(under: "q"), "seed \(seed): \(key)")
                for identity in entry.profile.identities where linking.contains(identity.namespace) {
                    #expect(try store.key(holding: identity, policy: "p") == key)
                }
            }
            // Graphs of people: holding an identity that links or that a record belongs to.
            let anchored = Set(try store.allRecords().compactMap { anchors.anchor(of: $0) ?? $0.identities.first })
            let people = whole.graph.graphs.filter { $0.contains { linking.contains($0.namespace) || anchored.contains($0) } }
            let stats = try store.graphStats()
            var expected = GraphStats(graphs: people.count, identities: people.reduce(0) { $0 + $1.count },
                                      atLimit: whole.graph.graphsAtLimit, droppedLinks: whole.graph.droppedLinks,
                                      droppedByUnique: whole.graph.droppedLinkDetails.filter { $0.rule == .namespaceLimit(namespace: "crm", limit: 1) }.count,
                                      evicted: whole.graph.evicted.count)
            for graph in people { expected.sizes[GraphStats.sizeBucket(graph.count)] += 1 }
            #expect(stats == expected, "seed \(seed)")
            Self.expectEveryRecordInItsAnchorsProfile(try store.allRecords(), whole, policy: workspace.mergePolicies[0], seed: seed)
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
