/// Which segments a change to one profile can affect, from what each segment reads: a segment is
/// evaluated again when a profile path it reads changed, when it reads events and the events
/// changed, when it leaves out opted-out profiles and the consents changed, or when a segment it
/// reads through `inSegment` changed membership in this evaluation.
public struct ProfileChange: Sendable {
    /// A profile that is new (or has a new key): every segment is evaluated.
    public var isNew: Bool
    /// Dotted leaf paths whose values differ (`identityMap` when the identities did).
    public var paths: Set<String>
    /// The same under the entry's other merge policies (`Entry.otherAttributes`), by policy id.
    public var otherPaths: [String: Set<String>] = [:]
    public var events: Bool

    /// The change from `old` to `new`.
    public init(from old: UnifiedProfiles.Entry?, to new: UnifiedProfiles.Entry) {
        guard let old else {
            isNew = true
            paths = []
            events = true
            return
        }
        isNew = false
        let identitiesChanged = old.profile.identities != new.profile.identities
        paths = Self.paths(from: old.profile.attributes, to: new.profile.attributes, identities: identitiesChanged)
        for (policy, attributes) in new.otherAttributes {
            let before = old.otherAttributes[policy]?.objectMembers ?? [:]
            otherPaths[policy] = Self.paths(from: before, to: attributes.objectMembers, identities: identitiesChanged)
        }
        events = old.events != new.events
    }

    /// Leaf paths whose values differ, and `identityMap` when `identities` changed.
    private static func paths(from old: [String: Value], to new: [String: Value], identities: Bool) -> Set<String> {
        let before = Dictionary(ProfileMerger.leaves(of: old, prefix: ""), uniquingKeysWith: { first, _ in first })
        let after = Dictionary(ProfileMerger.leaves(of: new, prefix: ""), uniquingKeysWith: { first, _ in first })
        var paths = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        if identities { paths.insert("identityMap") }
        return paths
    }

    /// Whether a segment that reads these must be evaluated again.
    func affects(_ segment: SegmentSet.Compiled, changedSegments: Set<String>) -> Bool {
        if isNew { return true }
        let paths = otherPaths.isEmpty ? self.paths : otherPaths[segment.policy] ?? self.paths
        if events && segment.dependencies.readsEvents { return true }
        if segment.excludeOptOut && paths.contains(where: { $0.hasPrefix("consents.") }) { return true }
        if segment.dependencies.segments.keys.contains(where: changedSegments.contains) { return true }
        return segment.dependencies.profilePaths.contains { read in
            paths.contains { $0 == read || $0.hasPrefix(read + ".") || read.hasPrefix($0 + ".") }
        }
    }
}

extension SegmentSet {
    /// The segments to evaluate again for one changed profile, given its memberships now; returns
    /// the profile's memberships after.
    /// `others`: the profile's attributes under merge policies other than the one of `context`, by id.
    public func memberships(_ context: PQLContext, after change: ProfileChange,
                            others: [String: PackedValue] = [:]) -> Set<String> {
        var context = context
        let optedOut = OptOut.isOptedOut(context.attributes)
        var changed = Set<String>()
        for segment in segments where change.affects(segment, changedSegments: changed) {
            let was = context.memberships.contains(segment.id)
            let now = isMember(segment, context, optedOut: optedOut, others: others)
            if now { context.memberships.insert(segment.id) } else { context.memberships.remove(segment.id) }
            if was != now { changed.insert(segment.id) }
        }
        return context.memberships
    }
}
