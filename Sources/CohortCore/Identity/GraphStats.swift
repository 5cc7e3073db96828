/// What `cohort build` tells of the identity graph of people: how many graphs and identities it has
/// (graphs holding an identity that links, or that a record belongs to; a product's identity that
/// only appears beside others is no graph of its own), how many graphs reached the identity limit
/// and how many links namespace limits dropped. Builds re-stitch only some components, so the store
/// keeps these per component and adds them up.
public struct GraphStats: Equatable, Sendable {
    public var graphs = 0
    public var identities = 0
    public var atLimit = 0
    public var droppedLinks = 0

    public init(graphs: Int = 0, identities: Int = 0, atLimit: Int = 0, droppedLinks: Int = 0) {
        self.graphs = graphs
        self.identities = identities
        self.atLimit = atLimit
        self.droppedLinks = droppedLinks
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
        }
        for identity in graph.atLimitIdentities {
            if let owner = component(identity) { stats[owner, default: GraphStats()].atLimit += 1 }
        }
        for identity in graph.droppedLinkIdentities {
            if let owner = component(identity) { stats[owner, default: GraphStats()].droppedLinks += 1 }
        }
        return stats
    }
}
