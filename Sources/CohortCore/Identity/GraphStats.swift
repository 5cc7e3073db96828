/// What `cohort build` tells of the identity graph of people: how many graphs and identities it has
/// (graphs holding an identity that links, or that a record belongs to; a product's identity that
/// only appears beside others is no graph of its own), how many graphs reached the identity limit
/// and how many links namespace limits dropped. Builds re-stitch only some components, so the store
/// keeps these per component and adds them up.
public struct GraphStats: Equatable, Sendable {
    /// The smallest size of each bucket of `sizes`: graphs of 1, 2, 3–4, 5–9, 10–19, 20–49 and 50 or
    /// more identities.
    public static let sizeBounds = [1, 2, 3, 5, 10, 20, 50]

    public var graphs = 0
    public var identities = 0
    public var atLimit = 0
    public var droppedLinks = 0
    /// Of `droppedLinks`, those a `unique` namespace (a limit of 1) dropped; the rest a `limit` above 1.
    public var droppedByUnique = 0
    /// Identities removed from graphs over the identity limit.
    public var evicted = 0
    /// How many graphs have a size in each bucket of `sizeBounds`.
    public var sizes = [Int](repeating: 0, count: GraphStats.sizeBounds.count)
    /// A component's identity linked to the most values of one person-identifying namespace
    /// (`IdentityGraph.sharedIdentities`); stats added up over components leave it nil.
    public var mostShared: IdentityGraph.SharedIdentity?

    public init(graphs: Int = 0, identities: Int = 0, atLimit: Int = 0, droppedLinks: Int = 0, droppedByUnique: Int = 0,
                evicted: Int = 0, sizes: [Int] = [Int](repeating: 0, count: GraphStats.sizeBounds.count)) {
        self.graphs = graphs
        self.identities = identities
        self.atLimit = atLimit
        self.droppedLinks = droppedLinks
        self.droppedByUnique = droppedByUnique
        self.evicted = evicted
        self.sizes = sizes
    }

    /// The bucket of `sizeBounds` a graph of `size` identities falls in.
    public static func sizeBucket(_ size: Int) -> Int {
        (sizeBounds.lastIndex { $0 <= size }) ?? 0
    }

    /// `1`, `2`, `3-4`, …, `50+`: the sizes bucket `index` holds.
    public static func sizeLabel(_ index: Int) -> String {
        let low = sizeBounds[index]
        guard index + 1 < sizeBounds.count else { return "\(low)+" }
        let high = sizeBounds[index + 1] - 1
        return low == high ? "\(low)" : "\(low)-\(high)"
    }

    /// The stats of `graph` per component (`component`: the component of an identity that links or
    /// that a record belongs to; nil for others, and graphs of only those are left out).
    public static func perComponent<Component: Hashable>(of graph: IdentityGraph,
                                                         component: (Identity) -> Component?) -> [Component: GraphStats] {
        var stats: [Component: GraphStats] = [:]
        for members in graph.graphs {
            guard let owner = members.lazy.compactMap(component).first else { continue }
            stats[owner, default: GraphStats()].graphs += 1
            stats[owner, default: GraphStats()].identities += members.count
            stats[owner, default: GraphStats()].sizes[sizeBucket(members.count)] += 1
        }
        for shared in graph.sharedIdentities {
            guard let owner = component(shared.identity) else { continue }
            if stats[owner, default: GraphStats()].mostShared.map({ $0.values < shared.values }) ?? true {
                stats[owner, default: GraphStats()].mostShared = shared
            }
        }
        for identity in graph.evicted {
            if let owner = component(identity) { stats[owner, default: GraphStats()].evicted += 1 }
        }
        for identity in graph.atLimitIdentities {
            if let owner = component(identity) { stats[owner, default: GraphStats()].atLimit += 1 }
        }
        // A dropped link's two identities are of one component: records tie every identity they hold.
        for link in graph.droppedLinkDetails {
            guard case .namespaceLimit(_, let limit) = link.rule, let owner = component(link.from) ?? component(link.to) else { continue }
            stats[owner, default: GraphStats()].droppedLinks += 1
            if limit == 1 { stats[owner, default: GraphStats()].droppedByUnique += 1 }
        }
        return stats
    }
}
