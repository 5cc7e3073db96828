/// Unified profiles kept current as records arrive, re-stitching only what new records touch.
///
/// Records tie identities into components: a record's anchor (`RecordAnchor`, else its first identity)
/// and its linking identities belong together. Stitching — newest links first, namespace limits, the
/// identity limit — and merging depend only on the records of one component, so a batch is handled by
/// running `UnifiedProfiles` over the records of the components it touches, and the result is what
/// stitching every record would give.
public struct ProfileState: Sendable {
    /// Which profiles a batch changed, by key (a profile's first identity).
    public struct Delta: Equatable, Sendable {
        /// Keys that no longer name a profile (merged into another, split, or re-keyed).
        public var removed: [String] = []
        /// Keys of profiles that are new or whose identities, attributes or events changed.
        public var updated: [String] = []
        /// What updated profiles were before, for those that existed under the same key.
        public var previous: [String: UnifiedProfiles.Entry] = [:]

        public init(removed: [String] = [], updated: [String] = []) {
            self.removed = removed
            self.updated = updated
        }
    }

    private let namespaces: [Namespace]
    private let linking: Set<String>
    private let anchors: RecordAnchor
    private let identitiesPerGraph: Int
    private let policy: MergePolicy
    private let others: [MergePolicy]
    private var records: [StoredRecord] = []
    private var parent: [Identity: Identity] = [:]
    private var recordsOfRoot: [Identity: [Int]] = [:]
    private var keysOfRoot: [Identity: [String]] = [:]
    /// Every profile by key.
    public private(set) var entries: [String: UnifiedProfiles.Entry] = [:]

    /// `alsoMergedBy`: policies that stitch as `policy` does, whose attributes each entry also holds.
    public init(namespaces: [Namespace], identitiesPerGraph: Int, policy: MergePolicy,
                alsoMergedBy others: [MergePolicy] = []) {
        self.namespaces = namespaces
        linking = Set(namespaces.filter(\.type.links).map(\.id.value))
        anchors = RecordAnchor(namespaces: namespaces)
        self.identitiesPerGraph = identitiesPerGraph
        self.policy = policy
        self.others = others
    }

    /// The key of the profile that holds `identity`, if any.
    public func key(of identity: Identity) -> String? {
        guard let root = root(identity) else { return nil }
        return keysOfRoot[root]?.first { entries[$0]?.profile.identities.contains(identity) ?? false }
    }

    /// Adds a batch of records and re-stitches and re-merges the components they touch.
    public mutating func add(_ batch: [StoredRecord]) -> Delta {
        var touched = Set<Identity>()
        for record in batch {
            guard let anchor = anchors.anchor(of: record) ?? record.identities.first else { continue }
            let index = records.count
            records.append(record)
            var root = insert(anchor)
            for identity in record.identities where identity != anchor && linking.contains(identity.namespace) {
                root = union(root, insert(identity))
            }
            recordsOfRoot[root, default: []].append(index)
            touched.insert(anchor)
        }
        let roots = Set(touched.compactMap(root))
        guard !roots.isEmpty else { return Delta() }
        var oldKeys: [String] = []
        var affected: [Int] = []
        for root in roots {
            oldKeys += keysOfRoot[root] ?? []
            affected += recordsOfRoot[root] ?? []
            keysOfRoot[root] = []
        }
        let old = Dictionary(oldKeys.compactMap { key in entries.removeValue(forKey: key).map { (key, $0) } }, uniquingKeysWith: { first, _ in first })
        let stitched = UnifiedProfiles(records: affected.sorted().map { records[$0] }, namespaces: namespaces,
                                       identitiesPerGraph: identitiesPerGraph, policy: policy, alsoMergedBy: others)
        var delta = Delta()
        for entry in stitched.entries {
            guard let first = entry.profile.identities.first, let root = root(first) else { continue }
            let key = first.description
            entries[key] = entry
            keysOfRoot[root, default: []].append(key)
            if old[key] != entry {
                delta.updated.append(key)
                delta.previous[key] = old[key]
            }
        }
        delta.removed = old.keys.filter { entries[$0] == nil }.sorted()
        delta.updated.sort()
        return delta
    }

    // MARK: Components

    private func root(_ identity: Identity) -> Identity? {
        guard var current = parent[identity] else { return nil }
        while let next = parent[current], next != current { current = next }
        return current
    }

    private mutating func insert(_ identity: Identity) -> Identity {
        if let root = root(identity) {
            compress(identity, to: root)
            return root
        }
        parent[identity] = identity
        return identity
    }

    private mutating func compress(_ identity: Identity, to root: Identity) {
        var current = identity
        while let next = parent[current], next != root, next != current {
            parent[current] = root
            current = next
        }
    }

    /// Joins two components (given by their roots); what the absorbed root held moves to the survivor.
    private mutating func union(_ a: Identity, _ b: Identity) -> Identity {
        guard a != b else { return a }
        let (survivor, absorbed) = (recordsOfRoot[a]?.count ?? 0) >= (recordsOfRoot[b]?.count ?? 0) ? (a, b) : (b, a)
        parent[absorbed] = survivor
        if let moved = recordsOfRoot.removeValue(forKey: absorbed) { recordsOfRoot[survivor, default: []] += moved }
        if let moved = keysOfRoot.removeValue(forKey: absorbed) { keysOfRoot[survivor, default: []] += moved }
        return survivor
    }
}
