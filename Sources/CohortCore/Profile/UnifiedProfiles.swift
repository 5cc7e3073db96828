/// Every unified profile of a workspace: the identity graph of all records, profile fragments merged
/// by a merge policy, and events attached to the profile of their anchor (`RecordAnchor`). A graph
/// with only events (an anonymous visitor) is a profile too, with no attributes, and so is a graph
/// of people's identities that no record belongs to (a login whose link a newer login took away).
public struct UnifiedProfiles: Sendable {
    /// One profile with its events (oldest first).
    public struct Entry: Sendable, Equatable {
        public var profile: Profile
        public var events: [StoredRecord]
        /// The attributes as the other merge policies of the same identity graph merge them, by policy id.
        public var otherAttributes: [String: PackedValue] = [:]
        /// Per attribute, the values the merge did not take and why (only when sources are recorded).
        public var losingValues: [String: [ProfileMerger.LosingValue]] = [:]

        /// The profile's key, as memberships are keyed: its first identity.
        public var key: String? { profile.identities.first?.description }

        /// The profile as merge policy `policy` makes it (the entry's own, unless `policy` is another one's).
        public func profile(under policy: String) -> Profile {
            guard let attributes = otherAttributes[policy] else { return profile }
            return Profile(identities: profile.identities, packedAttributes: attributes)
        }

        /// The events' attributes, as segment evaluation reads them (`PQLContext.events`).
        public var eventAttributes: [PackedValue] { events.map(\.packedAttributes) }
    }

    public let graph: IdentityGraph
    /// Sorted by first identity.
    public let entries: [Entry]
    private let entryOf: [Identity: Int]

    /// `recordingSources`: keep where each merged attribute came from and the values it did not take
    /// (for `cohort profile`; it costs memory per attribute, so builds and watch mode leave it out).
    /// `alsoMergedBy`: policies that stitch
    /// as `policy` does, whose attributes each entry also holds (`otherAttributes`).
    public init(records: [StoredRecord], namespaces: [Namespace], identitiesPerGraph: Int, policy: MergePolicy,
                alsoMergedBy others: [MergePolicy] = [], recordingSources: Bool = false) {
        let anchors = records.map(RecordAnchor(namespaces: namespaces).anchor(of:))
        let graph = IdentityGraph(records: records.indices.lazy.map {
            IdentityGraph.Record(identities: records[$0].identities, anchor: anchors[$0], time: records[$0].timestamp,
                                 origin: records[$0].origin)
        }, namespaces: namespaces, identitiesPerGraph: identitiesPerGraph)
        let merger = ProfileMerger(policy: policy)
        let otherMergers = others.map { (id: $0.id.value, merger: ProfileMerger(policy: $0)) }
        // Grouped by position, so no record is copied until its profile is made.
        let groups = merger.grouped(Array(records.indices), graph: graph, anchor: { anchors[$0] },
                                    identities: { records[$0].identities })
        // Each profile is merged on its own, so profiles are made on every core.
        let entries = groups.parallelMap { identities, positions -> Entry in
            let members = positions.map { records[$0] }
            let fragments = members.filter { !$0.isEvent }.map {
                Fragment(dataset: $0.dataset, identities: $0.identities, primary: $0.primary, attributes: $0.attributes,
                         timestamp: $0.timestamp, origin: $0.origin)
            }
            let events = members.filter(\.isEvent).sorted { ($0.timestamp, $0.origin) < ($1.timestamp, $1.origin) }
            let profile = merger.merge(fragments, identities: identities, recordingSources: recordingSources)
            var entry = Entry(profile: profile, events: events)
            if recordingSources { entry.losingValues = merger.losingValues(fragments) }
            for other in otherMergers {
                let merged = other.merger.merge(fragments, identities: identities, recordingSources: false)
                entry.otherAttributes[other.id] = merged.packedAttributes
            }
            return entry
        }
        var entryOf: [Identity: Int] = [:]
        for (index, entry) in entries.enumerated() {
            for identity in entry.profile.identities { entryOf[identity] = index }
        }
        self.graph = graph
        self.entries = entries
        self.entryOf = entryOf
    }

    /// The profile an identity belongs to.
    public func entry(for identity: Identity) -> Entry? {
        entryOf[identity].map { entries[$0] }
    }
}
