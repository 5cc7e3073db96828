/// Merges fragments into profiles by a merge policy (SPEC §2.4).
///
/// `pdg` groups fragments by the identity graph, `none` by primary identity. Attributes merge per
/// leaf (arrays are leaves): `timestampOrdered` takes the newest fragment's value;
/// `dataSetPrecedence` takes the value of the first dataset in `order` that has it (newest within
/// the dataset) and leaves datasets not listed out.
public struct ProfileMerger: Sendable {
    private let policy: MergePolicy

    public init(policy: MergePolicy) {
        self.policy = policy
    }

    /// The profiles, sorted by their first identity.
    public func merge(_ fragments: [Fragment], graph: IdentityGraph) -> [Profile] {
        grouped(fragments, graph: graph, anchor: \.primary, identities: \.identities)
            .map { merge($0.items, identities: $0.identities) }
    }

    /// Merges the fragments of one profile; with `recordingSources`, says where each attribute came from.
    public func merge(_ fragments: [Fragment], identities: [Identity], recordingSources: Bool = true) -> Profile {
        let rank = self.rank
        var winners: [String: (value: Value, fragment: Fragment)] = [:]
        for fragment in fragments {
            if let rank, rank[fragment.dataset] == nil { continue }
            for (path, value) in Self.leaves(of: fragment.attributes, prefix: "") {
                guard let current = winners[path] else {
                    winners[path] = (value, fragment)
                    continue
                }
                if Self.wins(fragment, over: current.fragment, rank: rank) { winners[path] = (value, fragment) }
            }
        }
        var attributes: [String: Value] = [:]
        var sources: [String: AttributeSource] = [:]
        for path in winners.keys.sorted() {
            guard let winner = winners[path] else { continue }
            Value.insert(winner.value, at: path.split(separator: ".").map(String.init)[...], into: &attributes)
            guard recordingSources else { continue }
            sources[path] = AttributeSource(winner.fragment)
        }
        return Profile(identities: identities, attributes: attributes, sources: sources)
    }

    /// `dataSetPrecedence`: each listed dataset's place in the order (0 first); nil for `timestampOrdered`.
    private var rank: [String: Int]? {
        guard case .dataSetPrecedence(let order) = policy.attributeMerge else { return nil }
        return Dictionary(order.enumerated().map { ($1.value, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Why a value lost to the merged one.
    public enum LossReason: String, Sendable {
        /// An older value of the same rank (`timestampOrdered`, or the same dataset under `dataSetPrecedence`).
        case older
        /// A value from a dataset later in the `dataSetPrecedence` order.
        case lowerPrecedence = "lower-precedence"
        /// A value from a dataset the `dataSetPrecedence` order does not list.
        case notInOrder = "not-in-order"
    }

    /// A value a fragment had for an attribute that the merge did not take.
    public struct LosingValue: Equatable, Sendable {
        public var value: Value
        public var source: AttributeSource
        public var reason: LossReason
    }

    /// For `cohort profile`: per leaf path, the values the merge did not take and why, best first, as
    /// `merge` ranks them (same order, so the first value it ranks is the one `merge` keeps). `merge`
    /// itself keeps only the winners: this costs a list per attribute and is never on a build's path.
    public func losingValues(_ fragments: [Fragment]) -> [String: [LosingValue]] {
        let rank = self.rank
        var candidates: [String: [(value: Value, fragment: Fragment)]] = [:]
        for fragment in fragments {
            for (path, value) in Self.leaves(of: fragment.attributes, prefix: "") {
                candidates[path, default: []].append((value, fragment))
            }
        }
        var result: [String: [LosingValue]] = [:]
        for (path, values) in candidates {
            let taken = values.filter { rank == nil || rank?[$0.fragment.dataset] != nil }
                .sorted { Self.wins($0.fragment, over: $1.fragment, rank: rank) }
            let left = values.filter { rank != nil && rank?[$0.fragment.dataset] == nil }
                .sorted { $0.fragment.isNewer(than: $1.fragment) }
            let winner = taken.first?.fragment
            var losing = taken.dropFirst().map { candidate in
                let sameRank = rank?[candidate.fragment.dataset] == winner.flatMap { rank?[$0.dataset] }
                return LosingValue(value: candidate.value, source: AttributeSource(candidate.fragment),
                                   reason: sameRank ? .older : .lowerPrecedence)
            }
            losing += left.map {
                LosingValue(value: $0.value, source: AttributeSource($0.fragment), reason: .notInOrder)
            }
            if !losing.isEmpty { result[path] = losing }
        }
        return result
    }

    /// Records (fragments or events) grouped by the profile they belong to — the graph (`pdg`) or
    /// the identity (`none`) of their anchor — with the profile's identities, sorted by them;
    /// records without a usable identity are left out. With `pdg` every graph of people's
    /// identities is a profile, with or without records, so every identity that links belongs to
    /// some profile.
    func grouped<Item>(_ items: [Item], graph: IdentityGraph, anchor: (Item) -> Identity?,
                       identities: (Item) -> [Identity]) -> [(identities: [Identity], items: [Item])] {
        // Graphs are numbered in the order of their identities: a bucket each, no hashing of lists.
        var byGraph = [[Item]](repeating: [], count: policy.identityGraph == .pdg ? graph.graphs.count : 0)
        var byAnchor: [Identity: [Item]] = [:]
        for item in items {
            let anchor = anchor(item)
            if policy.identityGraph == .pdg, let home = anchor ?? identities(item).first,
               let index = graph.graph(of: home) {
                byGraph[index].append(item)
            } else if let anchor {
                byAnchor[anchor, default: []].append(item)
            }
        }
        let ofGraphs = byGraph.indices.filter { !byGraph[$0].isEmpty || graph.isPersonGraph($0) }
            .map { (identities: graph.graphs[$0], items: byGraph[$0]) }
        let ofAnchors = byAnchor.keys.sorted().map { (identities: [$0], items: byAnchor[$0] ?? []) }
        guard !ofAnchors.isEmpty else { return ofGraphs }
        return (ofGraphs + ofAnchors).sorted { $0.identities.lexicographicallyPrecedes($1.identities) }
    }

    private static func wins(_ candidate: Fragment, over current: Fragment, rank: [String: Int]?) -> Bool {
        if let rank, let candidateRank = rank[candidate.dataset], let currentRank = rank[current.dataset], candidateRank != currentRank {
            return candidateRank < currentRank
        }
        return candidate.isNewer(than: current)
    }

    /// Leaf paths of nested objects; arrays and scalars are leaves.
    static func leaves(of object: [String: Value], prefix: String) -> [(String, Value)] {
        object.flatMap { name, value -> [(String, Value)] in
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            if case .object(let members) = value, !members.isEmpty { return leaves(of: members, prefix: path) }
            return [(path, value)]
        }
    }
}
