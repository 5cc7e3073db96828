/// What `cohort graph` draws of one profile's identity graph: its identities, the links that keep them
/// together, and the links the rules dropped (SPEC §3) with the rule that dropped each. Everything is
/// sorted, so the same graph is the same drawing whatever order its records came in.
public struct IdentityGraphDrawing: Equatable, Sendable {
    /// Where an identity stands relative to the drawn graph.
    public enum Place: Equatable, Sendable {
        /// In the graph.
        case member
        /// Removed from it by the identity limit: it stands alone now.
        case evicted
        /// In another graph, reached only through a dropped link.
        case elsewhere
    }

    /// One identity, with its namespace type (nil: a namespace the workspace does not define).
    public struct Node: Equatable, Sendable {
        public var identity: Identity
        public var type: Namespace.IdentityType?
        public var place: Place
    }

    /// A link between `nodes[from]` and `nodes[to]` (`from < to`), made by the record at `origin` at `time`
    /// (ms); `rule` says why it was dropped, nil for a link in effect.
    public struct Edge: Equatable, Sendable {
        public var from: Int
        public var to: Int
        public var origin: RecordOrigin
        public var time: Int64
        public var rule: IdentityGraph.DroppedLink.Rule?

        /// Whether the graph dropped the link.
        public var isDropped: Bool { rule != nil }
    }

    /// The identity the drawing was asked for.
    public var subject: Identity
    /// Sorted by identity.
    public var nodes: [Node]
    /// Kept links, then dropped ones, each sorted by their ends.
    public var edges: [Edge]

    /// The graph of `graph` holding `subject`: its identities and links, the dropped links that touch them,
    /// and the identities evicted from it (followed through the links eviction dropped). Nil when no graph
    /// holds `subject`.
    public init?(graph: IdentityGraph, holding subject: Identity, namespaces: [Namespace]) {
        guard let index = graph.graph(of: subject) else { return nil }
        let members = Set(graph.graphs[index])
        let evicted = Set(graph.evicted)
        var place: [Identity: Place] = [:]
        for member in members { place[member] = .member }
        // Dropped links touching what is drawn so far; an evicted identity reached through one is drawn too,
        // and its own dropped links with it.
        var dropped: [IdentityGraph.DroppedLink] = []
        var pending = graph.droppedLinkDetails
        var grew = true
        while grew {
            grew = false
            var rest: [IdentityGraph.DroppedLink] = []
            for link in pending {
                let known = (place[link.from], place[link.to])
                guard known.0 == .member || known.0 == .evicted || known.1 == .member || known.1 == .evicted else {
                    rest.append(link)
                    continue
                }
                dropped.append(link)
                for end in [link.from, link.to] where place[end] == nil {
                    let isEvicted = evicted.contains(end)
                        && link.rule == .identityLimit(limit: graph.identitiesPerGraph)
                    place[end] = isEvicted ? .evicted : .elsewhere
                    grew = grew || isEvicted
                }
            }
            pending = rest
        }
        let typeOf = Dictionary(namespaces.map { ($0.id.value, $0.type) }, uniquingKeysWith: { first, _ in first })
        let identities = place.keys.sorted()
        let position = Dictionary(uniqueKeysWithValues: identities.enumerated().map { ($1, $0) })
        self.subject = subject
        nodes = identities.map { Node(identity: $0, type: typeOf[$0.namespace], place: place[$0] ?? .elsewhere) }
        func edge(_ from: Identity, _ to: Identity) -> (Int, Int) {
            let (a, b) = (position[from] ?? 0, position[to] ?? 0)
            return (min(a, b), max(a, b))
        }
        let kept = graph.links.filter { members.contains($0.from) }.map { link -> Edge in
            let (from, to) = edge(link.from, link.to)
            return Edge(from: from, to: to, origin: link.origin, time: link.time, rule: nil)
        }
        let lost = dropped.map { link -> Edge in
            let (from, to) = edge(link.from, link.to)
            return Edge(from: from, to: to, origin: link.origin, time: link.time, rule: link.rule)
        }
        let byEnds = { (lhs: Edge, rhs: Edge) in (lhs.from, lhs.to) < (rhs.from, rhs.to) }
        edges = kept.sorted(by: byEnds) + lost.sorted(by: byEnds)
    }

    /// The namespace types drawn, in the palette's order (nil, a namespace not defined, last).
    public var types: [Namespace.IdentityType?] {
        let present = Set(nodes.map(\.type))
        return Namespace.IdentityType.allCases.filter { present.contains($0) } + (present.contains(nil) ? [nil] : [])
    }

    /// How a drawing names a rule: "dropped: Email is unique", "dropped: ECID limit 2",
    /// "evicted: over 50 identities".
    public static func label(of rule: IdentityGraph.DroppedLink.Rule) -> String {
        switch rule {
        case .namespaceLimit(let namespace, 1): return "dropped: \(namespace) is unique"
        case .namespaceLimit(let namespace, let limit): return "dropped: \(namespace) limit \(limit)"
        case .identityLimit(let limit): return "evicted: over \(limit) identities"
        }
    }

    /// How a drawing names a namespace type: "cross-device", "email", … ("undefined namespace" for nil).
    public static func label(of type: Namespace.IdentityType?) -> String {
        switch type {
        case .crossDevice?: return "cross-device"
        case .nonPeople?: return "non-people"
        case let type?: return type.rawValue
        case nil: return "undefined namespace"
        }
    }
}

extension IdentityGraphDrawing {
    /// At most this many characters of a value in a drawing's node label; the rest is elided in the middle.
    static let valueLength = 22

    /// `namespace:value` with a long value shortened in the middle ("ECID:7163795174…412161462891306243"), so
    /// both the start and the end of an id stay recognisable.
    public static func shortLabel(of identity: Identity) -> String {
        let value = Array(identity.id)
        guard value.count > valueLength else { return identity.description }
        let head = (valueLength - 1) / 2
        let tail = valueLength - 1 - head
        return "\(identity.namespace):\(String(value.prefix(head)))…\(String(value.suffix(tail)))"
    }

    /// The record that made a link as `file:line`, with only the file's name when `short` (the archive folder
    /// is the same for every record).
    public static func recordLabel(of origin: RecordOrigin, short: Bool = false) -> String {
        let file = short ? String(origin.file.split(separator: "/").last ?? Substring(origin.file)) : origin.file
        return "\(file):\(origin.line)"
    }
}
