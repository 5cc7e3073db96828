/// The identity graph (SPEC §3): which identities are one person, built deterministically from the
/// records that link them, whatever order they are added in.
///
/// Identities in one record are linked (a star from the record's anchor, else its first linking
/// identity); non-people and partner namespaces never link. Links are applied newest first by the
/// time of the record that made them (ties by ledger sequence, then position in the file), and a
/// link that would put more values of a namespace in one graph than its `limit` (1 for `unique`) is
/// dropped — so the newest link wins and a shared device follows the last user who logged in on it.
/// A graph over the workspace's identity limit loses its oldest identities, partner first, then
/// cookie, then device, then the rest; they stand alone afterwards.
public struct IdentityGraph: Sendable {
    /// A link between two identities (`from` sorts before `to`) and the newest record that made it.
    public struct Link: Hashable, Sendable {
        public var from: Identity
        public var to: Identity
        public var origin: RecordOrigin
        /// The time (ms) of the record that made the link, which ordered it among the others.
        public var time: Int64
    }

    /// A link that records made but the graph does not keep, and the rule that dropped it.
    public struct DroppedLink: Hashable, Sendable {
        /// Why a link was dropped.
        public enum Rule: Hashable, Sendable {
            /// Keeping it would put more than `limit` values of `namespace` in one graph (`unique` is a limit of 1).
            case namespaceLimit(namespace: String, limit: Int)
            /// One of its identities was evicted from a graph over the workspace's identity limit (`limit`).
            case identityLimit(limit: Int)
        }

        public var from: Identity
        public var to: Identity
        /// The newest record that made the link, and its time (ms).
        public var origin: RecordOrigin
        public var time: Int64
        public var rule: Rule
    }

    /// One record as the graph reads it.
    public struct Record: Sendable {
        public var identities: [Identity]
        /// The identity the record belongs to (`RecordAnchor`): its links are drawn from it when it links.
        public var anchor: Identity?
        /// The record's time (ms): its event `timestamp`, else its dataset's `timestampField`, else ingestion time.
        public var time: Int64
        public var origin: RecordOrigin

        public init(identities: [Identity], anchor: Identity?, time: Int64, origin: RecordOrigin) {
            self.identities = identities
            self.anchor = anchor
            self.time = time
            self.origin = origin
        }
    }

    /// The graphs, each sorted, ordered by their first identity.
    public private(set) var graphs: [[Identity]] = []
    /// The links in effect, sorted.
    public private(set) var links: [Link] = []
    /// Links dropped because a namespace's limit (or `unique`) was reached.
    public var droppedLinks: Int {
        droppedLinkDetails.reduce(0) { count, link in
            if case .namespaceLimit = link.rule { return count + 1 }
            return count
        }
    }
    /// Identities removed from graphs over the identity limit.
    public private(set) var evicted: [Identity] = []
    /// The identity limit that evicted them (the workspace's `identitiesPerGraph`).
    public let identitiesPerGraph: Int
    /// Every dropped link with its rule, sorted: those `droppedLinks` counts, and those of evicted identities.
    /// They are few, so keeping them costs little.
    public private(set) var droppedLinkDetails: [DroppedLink] = []
    /// How many graphs reached the identity limit.
    public private(set) var graphsAtLimit = 0
    /// Per graph that reached the identity limit, one of its identities (one that links, if any).
    public private(set) var atLimitIdentities: [Identity] = []
    /// Per graph, its identity linked to the most values of one namespace that identifies a person,
    /// when that is two or more (`SharedIdentity`).
    public private(set) var sharedIdentities: [SharedIdentity] = []
    private var graphIndex: [Identity: Int] = [:]
    /// Per graph: whether it holds an identity of a namespace that links.
    private var personGraphs: [Bool] = []

    /// The index in `graphs` of the graph holding `identity`.
    public func graph(of identity: Identity) -> Int? { graphIndex[identity] }

    /// Whether graph `index` holds a person's identity: one of a namespace that links (not a
    /// product's or a partner's, which stand alone).
    public func isPersonGraph(_ index: Int) -> Bool { personGraphs[index] }

    /// Builds the graph from records' identities, anchors, times and origins (a lazy view of the
    /// stored records will do: each is read once, and again only for the links it made).
    public init<Records: RandomAccessCollection>(records: Records, namespaces: [Namespace], identitiesPerGraph: Int)
    where Records.Element == Record, Records.Index == Int {
        self.identitiesPerGraph = identitiesPerGraph
        let byCode = Dictionary(namespaces.map { ($0.id.value, $0) }, uniquingKeysWith: { first, _ in first })
        // Records are compared by position in `records` through this integer order.
        var order: [LinkOrder] = []
        order.reserveCapacity(records.count)
        let first = records.startIndex
        var table = Interner()
        var lastSeen: [Int] = []
        var canLink: [Bool] = []
        var edges: [Int: [Int: Int]] = [:]
        for (position, record) in records.enumerated() {
            order.append(LinkOrder(time: record.time, sequence: record.origin.sequence, index: record.origin.index))
            let ids = record.identities.map { table.intern($0) }
            while lastSeen.count < table.count {
                lastSeen.append(position)
                canLink.append(byCode[table.identities[canLink.count].namespace]?.type.links ?? false)
            }
            for id in ids where order[lastSeen[id]] < order[position] { lastSeen[id] = position }
            let linking = ids.filter { canLink[$0] }
            guard linking.count > 1 else { continue }
            let center = linking.first { table.identities[$0] == record.anchor } ?? linking[0]
            for other in linking where other != center {
                let (a, b) = (min(center, other), max(center, other))
                if edges[a, default: [:]][b].map({ order[$0] < order[position] }) ?? true {
                    edges[a, default: [:]][b] = position
                }
            }
        }
        let identities = table.identities
        // Each identity's place in sorted order, so that every sort below compares integers.
        let rank = Self.ranks(of: identities)
        var ordered: [Edge] = edges.flatMap { a, targets in targets.map { (a, $0.key, $0.value) } }
        ordered.sort { lhs, rhs in
            if order[lhs.record] != order[rhs.record] { return order[lhs.record] > order[rhs.record] }
            return (rank[lhs.a], rank[lhs.b]) < (rank[rhs.a], rank[rhs.b])
        }
        let limitOf: (Int) -> Int? = { byCode[identities[$0].namespace]?.limit }

        // Newest links first; a link that would exceed a namespace limit is dropped.
        var sets = UnionFind(count: identities.count)
        var counts: [Int: [String: Int]] = [:]
        for index in identities.indices where limitOf(index) != nil {
            counts[index] = [identities[index].namespace: 1]
        }
        var kept: [Edge] = []
        var overNamespaceLimits: [(edge: Edge, rule: DroppedLink.Rule)] = []
        for edge in ordered {
            let rootA = sets.find(edge.a)
            let rootB = sets.find(edge.b)
            if rootA == rootB {
                kept.append(edge)
                continue
            }
            let merged = (counts[rootA] ?? [:]).merging(counts[rootB] ?? [:], uniquingKeysWith: +)
            // The first namespace over its limit by code, so the rule named does not depend on hashing.
            let over = merged.compactMap { namespace, count -> (String, Int)? in
                guard let limit = byCode[namespace]?.limit, count > limit else { return nil }
                return (namespace, limit)
            }.min { $0.0 < $1.0 }
            if let over {
                overNamespaceLimits.append((edge, .namespaceLimit(namespace: over.0, limit: over.1)))
                continue
            }
            let root = sets.union(rootA, rootB)
            counts[rootA] = nil
            counts[rootB] = nil
            if !merged.isEmpty { counts[root] = merged }
            kept.append(edge)
        }

        var members: [Int: [Int]] = [:]
        for index in identities.indices { members[sets.find(index), default: []].append(index) }
        var result: [[Int]] = []
        for group in members.values {
            guard group.count > identitiesPerGraph else {
                result.append(group)
                continue
            }
            graphsAtLimit += 1
            atLimitIdentities.append(identities[group.first { canLink[$0] } ?? group[0]])
            let evictionOrder = group.sorted { lhs, rhs in
                let left = (Self.evictionRank(byCode[identities[lhs].namespace]?.type), order[lastSeen[lhs]])
                let right = (Self.evictionRank(byCode[identities[rhs].namespace]?.type), order[lastSeen[rhs]])
                if left.0 != right.0 { return left.0 < right.0 }
                if left.1 != right.1 { return left.1 < right.1 }
                return rank[lhs] < rank[rhs]
            }
            let removed = Set(evictionOrder.prefix(group.count - identitiesPerGraph))
            evicted += removed.map { identities[$0] }
            result += removed.map { [$0] }
            result += Self.components(of: group.filter { !removed.contains($0) }, edges: kept)
        }
        let sortedGraphs = result.map { $0.sorted { rank[$0] < rank[$1] } }.sorted { rank[$0[0]] < rank[$1[0]] }
        var graphOf = [Int](repeating: 0, count: identities.count)
        graphIndex.reserveCapacity(identities.count)
        for (index, graph) in sortedGraphs.enumerated() {
            for member in graph {
                graphOf[member] = index
                graphIndex[identities[member]] = index
            }
        }
        graphs = sortedGraphs.map { $0.map { identities[$0] } }
        sharedIdentities = Self.sharedIdentities(in: sortedGraphs, edges: edges, identities: identities, rank: rank) {
            byCode[$0]?.type.identifiesPeople ?? false
        }
        personGraphs = sortedGraphs.map { $0.contains { canLink[$0] } }
        // A kept link between two graphs lost an identity to eviction: it is dropped by the identity limit.
        let (inGraph, crossing) = kept.reduce(into: ([Edge](), [Edge]())) { parts, edge in
            if graphOf[edge.a] == graphOf[edge.b] { parts.0.append(edge) } else { parts.1.append(edge) }
        }
        let sortedEnds = { (edge: Edge) -> Edge in rank[edge.a] < rank[edge.b] ? edge : (edge.b, edge.a, edge.record) }
        let byEnds = { (lhs: Edge, rhs: Edge) -> Bool in (rank[lhs.a], rank[lhs.b]) < (rank[rhs.a], rank[rhs.b]) }
        links = inGraph.map(sortedEnds).sorted(by: byEnds).map {
            Link(from: identities[$0.a], to: identities[$0.b], origin: records[first + $0.record].origin,
                 time: order[$0.record].time)
        }
        let evictions: [(edge: Edge, rule: DroppedLink.Rule)] = crossing.map {
            ($0, .identityLimit(limit: identitiesPerGraph))
        }
        droppedLinkDetails = (overNamespaceLimits + evictions).map { (edge: sortedEnds($0.edge), rule: $0.rule) }
            .sorted { byEnds($0.edge, $1.edge) }
            .map { edge, rule in
                DroppedLink(from: identities[edge.a], to: identities[edge.b], origin: records[first + edge.record].origin,
                            time: order[edge.record].time, rule: rule)
            }
        evicted.sort()
    }

    /// An identity records link to several values of one namespace that identifies a person (a
    /// person id, an email, a phone): a device several people used, or a junk value many people
    /// gave, which would collapse them into one profile but for `unique` and `limit`.
    public struct SharedIdentity: Equatable, Sendable {
        public var identity: Identity
        /// The namespace of the values it is linked to, and how many distinct values (links that
        /// namespace limits dropped count: they are what was refused).
        public var namespace: String
        public var values: Int
        /// How many identities its graph holds.
        public var graphSize: Int

        public init(identity: Identity, namespace: String, values: Int, graphSize: Int) {
            self.identity = identity
            self.namespace = namespace
            self.values = values
            self.graphSize = graphSize
        }
    }

    /// Per graph, the member linked to the most values of one person-identifying namespace, when
    /// that is two or more (ties: more values, then the first namespace, then the first identity).
    private static func sharedIdentities(in graphs: [[Int]], edges: [Int: [Int: Int]], identities: [Identity],
                                         rank: [Int], identifiesPeople: (String) -> Bool) -> [SharedIdentity] {
        var namespaces: [String] = []
        var namespaceIndex: [String: Int] = [:]
        let namespaceOf = identities.map { identity -> Int in
            if let known = namespaceIndex[identity.namespace] { return known }
            namespaces.append(identity.namespace)
            namespaceIndex[identity.namespace] = namespaces.count - 1
            return namespaces.count - 1
        }
        let people = namespaces.map(identifiesPeople)
        // Per identity and namespace (one integer key), how many values of that namespace it links to.
        var counts: [Int: Int] = [:]
        for (a, targets) in edges {
            for b in targets.keys {
                if people[namespaceOf[b]] { counts[a * namespaces.count + namespaceOf[b], default: 0] += 1 }
                if people[namespaceOf[a]] { counts[b * namespaces.count + namespaceOf[a], default: 0] += 1 }
            }
        }
        var best: [Int: (namespace: Int, values: Int)] = [:]
        for (key, values) in counts where values >= 2 {
            let (identity, namespace) = key.quotientAndRemainder(dividingBy: namespaces.count)
            if let known = best[identity],
               known.values > values || (known.values == values && namespaces[known.namespace] < namespaces[namespace]) {
                continue
            }
            best[identity] = (namespace, values)
        }
        return graphs.compactMap { members in
            let candidates = members.compactMap { member in best[member].map { (member, $0) } }
            guard let top = candidates.min(by: { lhs, rhs in
                if lhs.1.values != rhs.1.values { return lhs.1.values > rhs.1.values }
                return rank[lhs.0] < rank[rhs.0]
            }) else { return nil }
            return SharedIdentity(identity: identities[top.0], namespace: namespaces[top.1.namespace], values: top.1.values,
                                  graphSize: members.count)
        }
    }

    /// The place of each identity in the sorted order of all of them.
    private static func ranks(of identities: [Identity]) -> [Int] {
        var rank = [Int](repeating: 0, count: identities.count)
        for (place, index) in identities.indices.sorted(by: { identities[$0] < identities[$1] }).enumerated() { rank[index] = place }
        return rank
    }

    /// Partner identities go first, then cookies, then devices, then people identifiers.
    private static func evictionRank(_ type: Namespace.IdentityType?) -> Int {
        switch type {
        case .partner?: return 0
        case .cookie?: return 1
        case .device?: return 2
        default: return 3
        }
    }

    /// A link between two interned identities and the position of the newest record that made it.
    private typealias Edge = (a: Int, b: Int, record: Int)

    /// The order of links: the record's time, then its ledger sequence, then its position in the file.
    private struct LinkOrder: Comparable {
        var time: Int64
        var sequence: Int
        var index: Int

        static func < (lhs: LinkOrder, rhs: LinkOrder) -> Bool {
            (lhs.time, lhs.sequence, lhs.index) < (rhs.time, rhs.sequence, rhs.index)
        }
    }

    /// Connected components of `nodes` using only the edges between them.
    private static func components(of nodes: [Int], edges: [Edge]) -> [[Int]] {
        let position = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
        var sets = UnionFind(count: nodes.count)
        for edge in edges {
            if let a = position[edge.a], let b = position[edge.b] { sets.union(a, b) }
        }
        var groups: [Int: [Int]] = [:]
        for (index, node) in nodes.enumerated() { groups[sets.find(index), default: []].append(node) }
        return Array(groups.values)
    }

    /// Identities as dense integers, in first-seen order.
    private struct Interner {
        private(set) var identities: [Identity] = []
        private var index: [Identity: Int] = [:]

        var count: Int { identities.count }

        mutating func intern(_ identity: Identity) -> Int {
            if let existing = index[identity] { return existing }
            index[identity] = identities.count
            identities.append(identity)
            return identities.count - 1
        }
    }
}
