/// Digests of the definitions that decide profiles and their keys (`profiles`: identity rules, merge
/// policies, the groups in use and which segments another group's profiles key, datasets) and memberships (`memberships`: those, the time zone and each
/// segment's PQL, merge policy and `excludeOptOut`). A build whose digest differs from the store's
/// looks at every profile again; destinations and data-usage policies decide only exports.
public enum EvaluationFingerprint {
    public static func memberships(_ workspace: Workspace) -> String {
        var lines = ["profiles \(profiles(workspace))", "time zone \(workspace.settings.timezone.value)"]
        for segment in workspace.segments {
            lines.append("segment \(segment.id.value) \(workspace.mergePolicy(of: segment).id.value) \(segment.excludeOptOut) "
                         + segment.expression.text)
        }
        return SHA256.hex(Array(lines.joined(separator: "\n").utf8))
    }

    public static func profiles(_ workspace: Workspace) -> String {
        var lines = ["identity rules \(IdentityRulesFingerprint.of(workspace))",
                     "profiles \(workspace.profileMergePolicy.id.value)"]
        for policy in workspace.mergePolicies {
            let merge = switch policy.attributeMerge {
            case .timestampOrdered: "timestampOrdered"
            case .dataSetPrecedence(let order): "dataSetPrecedence " + order.map(\.value).joined(separator: "\u{1F}")
            }
            lines.append("merge policy \(policy.id.value) \(policy.identityGraph.rawValue) \(merge) \(policy.isDefault)")
        }
        let groups = PolicyGroup.inUse(workspace)
        for group in groups {
            lines.append("group \(group.base.id.value) \(group.others.map(\.id.value).joined(separator: " "))")
        }
        for dataset in workspace.datasets {
            lines.append("dataset \(dataset.id.value) \(dataset.schema.value)")
        }
        // Segments keyed by the profiles of a group other than the default's (most workspaces have none).
        for segment in workspace.segments {
            let policy = workspace.mergePolicy(of: segment).id.value
            guard let group = groups.first(where: { $0.ids.contains(policy) }), group != groups[0] else { continue }
            lines.append("keyed \(segment.id.value) \(group.base.id.value)")
        }
        return SHA256.hex(Array(lines.joined(separator: "\n").utf8))
    }
}
