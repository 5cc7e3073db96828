/// How identity rules changed who is one person: graphs that split and graphs that merged between
/// two versions of the identity graph (identities present in only one version are ignored).
public struct GraphChanges: Equatable, Sendable {
    /// Old graphs whose identities now lie in more than one graph.
    public var split: Int
    /// New graphs holding identities of more than one old graph.
    public var merged: Int

    public init(split: Int, merged: Int) {
        self.split = split
        self.merged = merged
    }

    public init(from old: [[Identity]], to new: [[Identity]]) {
        var oldIndex: [Identity: Int] = [:]
        for (index, graph) in old.enumerated() { for identity in graph { oldIndex[identity] = index } }
        var newIndex: [Identity: Int] = [:]
        for (index, graph) in new.enumerated() { for identity in graph { newIndex[identity] = index } }
        split = old.filter { graph in Set(graph.compactMap { newIndex[$0] }).count > 1 }.count
        merged = new.filter { graph in Set(graph.compactMap { oldIndex[$0] }).count > 1 }.count
    }
}

/// A digest of every definition that decides identities and links: namespaces, schema identity
/// fields, the identity limits and the default country of phone numbers. When it changes, history
/// is re-read under the new rules.
public enum IdentityRulesFingerprint {
    public static func of(_ workspace: Workspace) -> String {
        let limits = workspace.settings.limits
        var lines = ["limits \(limits.identitiesPerGraph) \(limits.identitiesPerRecord)",
                     "phones E.164 \(workspace.settings.defaultCountry?.value ?? "-")"]
        for namespace in workspace.allNamespaces {
            lines.append("namespace \(namespace.id.value) \(namespace.type.rawValue) \(namespace.priority) \(namespace.limit.map(String.init) ?? "-") "
                         + "\(namespace.normalize.rawValue) \(namespace.blocked.map(\.value).joined(separator: "\u{1F}"))")
        }
        for schema in workspace.schemas {
            for identity in schema.identities {
                lines.append("identity \(schema.id.value) \(identity.path.value) \(identity.namespace.value) \(identity.isPrimary)")
            }
        }
        for dataset in workspace.datasets {
            lines.append("dataset \(dataset.id.value) \(dataset.schema.value)")
        }
        return SHA256.hex(Array(lines.joined(separator: "\n").utf8))
    }
}
