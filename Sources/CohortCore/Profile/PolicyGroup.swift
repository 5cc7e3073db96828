/// Merge policies in use that stitch alike (the same `identityGraph`): they make the same profiles —
/// the same identities, keys and events — and differ only in merged attributes. A group is stitched
/// once, by its base policy, and each profile also holds its attributes under the group's other
/// policies; its segments are evaluated on those profiles and keyed by them.
public struct PolicyGroup: Equatable, Sendable {
    /// The policy whose profiles the group's entries are (the default policy in the default's group).
    public var base: MergePolicy
    /// The group's other policies in use, by id.
    public var others: [MergePolicy]

    /// The ids of the group's policies.
    public var ids: Set<String> { Set([base.id.value] + others.map(\.id.value)) }

    /// The groups of the policies some segment is evaluated under, and the default policy's (whose
    /// profiles `cohort profile` shows): the default's group first, its base the default; then a group
    /// per other `identityGraph`, its base the first policy by id. Policies no segment uses are left
    /// out, so a workspace whose segments all use the default has one group of one policy.
    public static func inUse(_ workspace: Workspace) -> [PolicyGroup] {
        let profiles = workspace.profileMergePolicy
        var used: [String: MergePolicy] = [:]
        for segment in workspace.segments {
            let policy = workspace.mergePolicy(of: segment)
            if policy.id.value != profiles.id.value { used[policy.id.value] = policy }
        }
        let policies = used.keys.sorted().compactMap { used[$0] }
        let alikeDefault = policies.filter { $0.identityGraph == profiles.identityGraph }
        var groups = [PolicyGroup(base: profiles, others: alikeDefault)]
        for graph in MergePolicy.IdentityGraph.allCases where graph != profiles.identityGraph {
            let alike = policies.filter { $0.identityGraph == graph }
            guard let base = alike.first else { continue }
            groups.append(PolicyGroup(base: base, others: Array(alike.dropFirst())))
        }
        return groups
    }
}
