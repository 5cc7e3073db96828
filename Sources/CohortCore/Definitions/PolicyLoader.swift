/// Reads a data-usage policy in AEP's shape: the marketing action (`marketingAction`, or the Policy
/// Service's `marketingActionRefs`, URIs whose last segment names the action) and a `deny` label expression.
enum PolicyLoader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> Policy? {
        let id = DefinitionIDReader.read(object, file: file)
        object.ignore("description")
        let name = object.string("name")?.value ?? id.value
        let actions = marketingActions(object)
        var deny: Policy.Condition?
        if let denyObject = object.object("deny", what: "the label expression that denies the action") {
            deny = condition(denyObject)
        } else if !object.has("deny") {
            object.sink.error(object.location, "missing `deny`: e.g. {\"operator\":\"OR\",\"operands\":[{\"label\":\"C2\"}]}", code: .missingKey)
        }
        let status = object.choice("status", of: Policy.Status.self)?.value ?? .enabled
        object.finish()
        guard !actions.isEmpty, let deny else { return nil }
        return Policy(id: id, name: name, marketingActions: actions, deny: deny, status: status)
    }

    /// `marketingAction: "exportToThirdParty"`, or `marketingActionRefs` as the Policy Service writes
    /// them: `["https://platform.adobe.io/data/foundation/dulepolicy/marketingActions/core/exportToThirdParty"]`.
    private static func marketingActions(_ object: DefinitionObject) -> [Located<String>] {
        if let refs = object.strings("marketingActionRefs", xmlElement: "marketingActionRef") {
            let actions = refs.compactMap { ref -> Located<String>? in
                guard let action = ref.value.split(separator: "/").last.map(String.init), !action.isEmpty,
                      !ref.value.hasSuffix("/") else {
                    object.sink.error(ref.location, "`marketingActionRefs` holds \"\(ref.value)\"; expected a marketing action's URI ending in its name, e.g. \".../marketingActions/core/exportToThirdParty\"")
                    return nil
                }
                return Located(action, at: ref.location)
            }
            if refs.isEmpty { object.sink.error(object.location, "`marketingActionRefs` is empty; name at least one marketing action") }
            return actions
        }
        let what = "the marketing action this policy restricts, e.g. \"exportToThirdParty\" (or `marketingActionRefs`)"
        return object.requiredString("marketingAction", what: what).map { [$0] } ?? []
    }

    private static func condition(_ object: DefinitionObject) -> Policy.Condition? {
        defer { object.finish() }
        if let label = object.string("label") {
            return .label(label)
        }
        let op = object.requiredString("operator", what: "\"AND\" or \"OR\", or a `label`")
        let operands = (object.objects("operands", xmlElement: "operand", what: "conditions") ?? []).compactMap(condition)
        guard let op else { return nil }
        if operands.isEmpty {
            object.sink.error(object.location, "`operands` must list at least one condition")
        }
        switch Policy.Operator(rawValue: op.value.uppercased()) {
        case .and: return .all(operands)
        case .or: return .any(operands)
        case nil:
            object.sink.error(op.location, "`operator` cannot be \"\(op.value)\"; expected \"AND\" or \"OR\"")
            return nil
        }
    }
}
