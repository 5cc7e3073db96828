/// Reads a data-usage policy in AEP's shape: `marketingAction` and a `deny` label expression.
enum PolicyLoader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> Policy? {
        let id = DefinitionIDReader.read(object, file: file)
        object.ignore("description", "imsOrg", "created", "createdClient", "createdUser", "updated", "updatedClient",
                      "updatedUser", "_links")
        let name = object.string("name")?.value ?? id.value
        let action = object.requiredString("marketingAction", what: "the marketing action this policy restricts, e.g. \"exportToThirdParty\"")
        var deny: Policy.Condition?
        if let denyObject = object.object("deny", what: "the label expression that denies the action") {
            deny = condition(denyObject)
        } else if !object.has("deny") {
            object.sink.error(object.location, "missing `deny`: e.g. {\"operator\":\"OR\",\"operands\":[{\"label\":\"C2\"}]}")
        }
        let status = object.choice("status", of: Policy.Status.self)?.value ?? .enabled
        object.finish()
        guard let action, let deny else { return nil }
        return Policy(id: id, name: name, marketingAction: action, deny: deny, status: status)
    }

    private static func condition(_ object: DefinitionObject) -> Policy.Condition? {
        defer { object.finish() }
        if let label = object.string("label") {
            return .label(label)
        }
        guard let op = object.requiredString("operator", what: "\"AND\" or \"OR\", or a `label`") else { return nil }
        let operands = (object.objects("operands", xmlElement: "operand", what: "conditions") ?? []).compactMap(condition)
        if operands.isEmpty {
            object.sink.error(object.location, "`operands` must list at least one condition")
        }
        switch op.value.uppercased() {
        case "AND": return .all(operands)
        case "OR": return .any(operands)
        default:
            object.sink.error(op.location, "`operator` cannot be \"\(op.value)\"; expected \"AND\" or \"OR\"")
            return nil
        }
    }
}
