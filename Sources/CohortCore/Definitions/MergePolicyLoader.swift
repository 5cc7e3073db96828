/// Reads a merge policy in AEP's shape (`identityGraph.type`, `attributeMerge.type`, `order`, `default`).
enum MergePolicyLoader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> MergePolicy? {
        let id = DefinitionIDReader.read(object, file: file)
        object.ignore("description", "schema", "activeOnEdge", "isActiveOnEdge")
        var policy = MergePolicy(id: id, name: object.string("name")?.value ?? id.value, isDefault: object.bool("default") ?? false)
        if let graph = object.object("identityGraph", what: "how identities stitch") {
            policy.identityGraph = graph.choice("type", of: MergePolicy.IdentityGraph.self)?.value ?? .pdg
            graph.finish()
        }
        if let merge = object.object("attributeMerge", what: "which fragment wins") {
            let type = merge.requiredString("type", what: "\"timestampOrdered\" or \"dataSetPrecedence\"")
            var order = merge.strings("order", xmlElement: "dataset")
            // The older shape: `"attributeMerge": {"type": "dataSetPrecedence", "data": {"order": […]}}`.
            if order == nil, let data = merge.object("data", what: "the dataset precedence") {
                order = data.strings("order", xmlElement: "dataset")
                data.finish()
            }
            switch type?.value {
            case "timestampOrdered", nil:
                if let first = order?.first {
                    merge.sink.warning(first.location, "`order` is used only with \"dataSetPrecedence\" and is ignored here")
                }
            case "dataSetPrecedence":
                if order?.isEmpty ?? true {
                    merge.sink.error(merge.location, "\"dataSetPrecedence\" needs `order`: the dataset ids, highest precedence first")
                }
                policy.attributeMerge = .dataSetPrecedence(order: order ?? [])
            case let other?:
                let allowed = MergePolicy.AttributeMerge.Kind.allCases.map(\.rawValue)
                merge.sink.error(type!.location, "`type` cannot be \"\(other)\"; expected \"timestampOrdered\" or \"dataSetPrecedence\"\(Suggestion.hint(for: other, in: allowed))")
            }
            merge.finish()
        }
        object.finish()
        return policy
    }
}
