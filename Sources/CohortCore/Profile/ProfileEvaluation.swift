/// The profiles of a set of records and every segment's memberships at one time, all in memory:
/// the engine's stitch, merge and evaluate step (`ProfileEngine`) without a store, for records that
/// fit in memory (`cohort test`).
public struct ProfileEvaluation: Sendable {
    public let workspace: Workspace
    /// The merge policy groups in use (`PolicyGroup.inUse`), the default's first.
    public let groups: [PolicyGroup]
    /// Each group's profiles, in the order of `groups`.
    public let views: [UnifiedProfiles]
    /// Every segment's memberships, keyed by the profiles of the segment's group.
    public let memberships: MembershipBook
    /// When segments were evaluated (ms).
    public let now: Int64

    /// Stitches and merges `records` under every group and evaluates every segment at `now`.
    public init(records: [StoredRecord], workspace: Workspace, now: Int64) {
        self.workspace = workspace
        self.now = now
        groups = PolicyGroup.inUse(workspace)
        let views = UnifiedProfiles.perGroup(records: records, workspace: workspace, groups: groups)
        let segments = SegmentSet(workspace: workspace)
        var book = MembershipBook()
        SegmentPasses(segments, of: segments, groups: groups).evaluate(
            entries: { views[$0].entries }, key: { views[$0].entry(for: $1)?.key },
            into: &book, now: now, timeZone: workspace.settings.timezone.value)
        self.views = views
        memberships = book
    }

    /// The profiles `segment` is evaluated on: those of its merge policy's group.
    public func profiles(of segment: Segment) -> UnifiedProfiles {
        let policy = workspace.mergePolicy(of: segment).id.value
        return views[groups.firstIndex { $0.ids.contains(policy) } ?? 0]
    }

    /// The members of `segment`, sorted by key.
    public func members(of segment: Segment) -> [UnifiedProfiles.Entry] {
        profiles(of: segment).entries.filter { entry in
            entry.key.map { memberships.isMember(segment.id.value, key: $0) } ?? false
        }
    }

    /// What exports read: the memberships, and each key's profile as the segment's merge policy merges it.
    public var activationInput: ActivationInput {
        let defaultProfiles = views[0]
        var input = ActivationInput(profiles: defaultProfiles.entries.map(\.profile), memberships: memberships.memberships,
                                    evaluatedAt: now)
        for segment in workspace.segments {
            let policy = workspace.mergePolicy(of: segment).id.value
            guard policy != groups[0].base.id.value else { continue }
            let view = profiles(of: segment)
            input.otherPolicies[segment.id.value] = ActivationInput.lookup(view.entries.map { $0.profile(under: policy) })
        }
        return input
    }
}

extension UnifiedProfiles {
    /// The profiles of `records` under each of `groups`: stitched by the group's base policy, each
    /// also holding its attributes under the group's other policies.
    public static func perGroup(records: [StoredRecord], workspace: Workspace, groups: [PolicyGroup]) -> [UnifiedProfiles] {
        groups.map { group in
            UnifiedProfiles(records: records, namespaces: workspace.allNamespaces,
                            identitiesPerGraph: workspace.settings.limits.identitiesPerGraph,
                            policy: group.base, alsoMergedBy: group.others)
        }
    }
}
