/// The identity graph (SPEC §3): which identities are one person, built deterministically from the
/// records that link them, whatever order they are added in.
///
/// Identities in one record are linked (a star from the record's first linking identity);
/// non-people and partner namespaces never link. Links are applied newest first, and a link that
/// would put more values of a namespace in one graph than its `limit` (1 for `unique`) is dropped —
/// so the newest link wins and a shared device follows the last user who logged in on it. A graph
/// over the workspace's identity limit loses its oldest identities, partner first, then cookie,
/// then device, then the rest; they stand alone afterwards.
public struct IdentityGraph: Sendable {
    /// A link between two identities (`from` sorts before `to`) and the newest record that made it.
    public struct Link: Hashable, Sendable {
        public var from: Identity
        public var to: Identity
        public var origin: RecordOrigin
    }

    /// The graphs, each sorted, ordered by their first identity.
    public private(set) var graphs: [[Identity]] = []
    /// The links in effect, sorted.
    public private(set) var links: [Link] = []
    /// Links dropped because a namespace's limit (or `unique`) was reached.
    public private(set) var droppedLinks = 0
    /// Identities removed from graphs over the identity limit.
    public private(set) var evicted: [Identity] = []
    /// How many graphs reached the identity limit.
    public private(set) var graphsAtLimit = 0
    private var graphIndex: [Identity: Int] = [:]

    /// The index in `graphs` of the graph holding `identity`.
    public func graph(of identity: Identity) -> Int? { graphIndex[identity] }

    /// Builds the graph from records' identities (each record's in its own order) and origins.
    public init(records: [(identities: [Identity], origin: RecordOrigin)], namespaces: [Namespace], identitiesPerGraph: Int) {
        let byCode = Dictionary(namespaces.map { ($0.id.value, $0) }, uniquingKeysWith: { first, _ in first })
        var table = Interner()
        var lastSeen: [RecordOrigin] = []
        var edges: [Int: [Int: RecordOrigin]] = [:]
        for record in records {
            let ids = record.identities.map { table.intern($0) }
            while lastSeen.count < table.count { lastSeen.append(record.origin) }
            for id in ids where lastSeen[id] < record.origin { lastSeen[id] = record.origin }
            let linking = ids.filter { byCode[table.identities[$0].namespace]?.type.links ?? false }
            guard let center = linking.first else { continue }
            for other in linking.dropFirst() where other != center {
                let (a, b) = (min(center, other), max(center, other))
                if edges[a, default: [:]][b].map({ $0 < record.origin }) ?? true { edges[a, default: [:]][b] = record.origin }
            }
        }
        let identities = table.identities
        // Each identity's place in sorted order, so that every sort below compares integers.
        let rank = Self.ranks(of: identities)
        var ordered: [(a: Int, b: Int, origin: RecordOrigin)] = edges.flatMap { a, targets in targets.map { (a, $0.key, $0.value) } }
        ordered.sort { lhs, rhs in
            if lhs.origin != rhs.origin { return lhs.origin > rhs.origin }
            return (rank[lhs.a], rank[lhs.b]) < (rank[rhs.a], rank[rhs.b])
        }
        let limitOf: (Int) -> Int? = { byCode[identities[$0].namespace]?.limit }

        // Newest links first; a link that would exceed a namespace limit is dropped.
        var sets = UnionFind(count: identities.count)
        var counts: [Int: [String: Int]] = [:]
        for index in identities.indices where limitOf(index) != nil {
            counts[index] = [identities[index].namespace: 1]
        }
        var kept: [(a: Int, b: Int, origin: RecordOrigin)] = []
        for edge in ordered {
            let rootA = sets.find(edge.a)
            let rootB = sets.find(edge.b)
            if rootA == rootB {
                kept.append(edge)
                continue
            }
            let merged = (counts[rootA] ?? [:]).merging(counts[rootB] ?? [:], uniquingKeysWith: +)
            let violates = merged.contains { namespace, count in (byCode[namespace]?.limit).map { count > $0 } ?? false }
            if violates {
                droppedLinks += 1
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
            let evictionOrder = group.sorted { lhs, rhs in
                let left = (Self.evictionRank(byCode[identities[lhs].namespace]?.type), lastSeen[lhs])
                let right = (Self.evictionRank(byCode[identities[rhs].namespace]?.type), lastSeen[rhs])
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
        links = kept.filter { graphOf[$0.a] == graphOf[$0.b] }
            .map { rank[$0.a] < rank[$0.b] ? (from: $0.a, to: $0.b, origin: $0.origin) : (from: $0.b, to: $0.a, origin: $0.origin) }
            .sorted { (rank[$0.from], rank[$0.to]) < (rank[$1.from], rank[$1.to]) }
            .map { Link(from: identities[$0.from], to: identities[$0.to], origin: $0.origin) }
        evicted.sort()
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

    /// Connected components of `nodes` using only the edges between them.
    private static func components(of nodes: [Int], edges: [(a: Int, b: Int, origin: RecordOrigin)]) -> [[Int]] {
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
