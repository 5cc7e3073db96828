/// `cohort export-aep`: the workspace's definitions as the request bodies Adobe Experience
/// Platform's APIs take, one file per definition named after its id (AEP assigns ids of its own, so
/// the bodies carry none and cohort reads the id back from the file name): segment definitions
/// (`pql/text`), merge policies, identity namespaces (with cohort's linking rules beside the Identity
/// Service's keys), data-usage policies (`marketingActionRefs`) and schemas in the resolved form the
/// Schema Registry exports (xed-full). Datasets, destinations and settings have no AEP counterpart
/// here. Reading the files back gives the same definitions.
public enum AEPExport {
    /// One file to write, relative to the export folder.
    public struct File: Equatable, Sendable {
        public var path: String
        public var text: String
    }

    /// Every file of the export, in path order.
    public static func files(of workspace: Workspace) -> [File] {
        var files: [File] = []
        func add(_ folder: String, _ id: Located<String>, _ body: [String: Value]) {
            files.append(File(path: "\(folder)/\(id.value).json", text: JSONWriter.pretty(.object(body))))
        }
        for schema in workspace.schemas { add("schemas", schema.id, AEPSchemaBody.body(of: schema)) }
        for namespace in workspace.namespaces { add("namespaces", namespace.id, body(of: namespace)) }
        for policy in workspace.mergePolicies { add("merge-policies", policy.id, body(of: policy)) }
        for segment in workspace.segments { add("segments", segment.id, body(of: segment)) }
        for policy in workspace.policies { add("policies", policy.id, body(of: policy)) }
        return files.sorted { $0.path < $1.path }
    }

    /// The profile schema AEP's segment definitions and merge policies name.
    private static let profileSchema: Value = .object(["name": .string("_xdm.context.profile")])

    static func body(of segment: Segment) -> [String: Value] {
        var body: [String: Value] = [
            "name": .string(segment.name),
            "schema": profileSchema,
            "expression": .object(["type": .string("PQL"), "format": .string("pql/text"), "value": .string(segment.expression.text)]),
        ]
        if !segment.description.isEmpty { body["description"] = .string(segment.description) }
        if let policy = segment.mergePolicy { body["mergePolicyId"] = .string(policy.value) }
        if segment.excludeOptOut { body["dataGovernancePolicy"] = .object(["excludeOptOut": .bool(true)]) }
        return body
    }

    static func body(of policy: MergePolicy) -> [String: Value] {
        var merge: [String: Value]
        switch policy.attributeMerge {
        case .timestampOrdered: merge = ["type": .string("timestampOrdered")]
        case .dataSetPrecedence(let order): merge = ["type": .string("dataSetPrecedence"), "order": .array(order.map { .string($0.value) })]
        }
        return [
            "name": .string(policy.name),
            "schema": profileSchema,
            "identityGraph": .object(["type": .string(policy.identityGraph.rawValue)]),
            "attributeMerge": .object(merge),
            "default": .bool(policy.isDefault),
        ]
    }

    static func body(of namespace: Namespace) -> [String: Value] {
        var body: [String: Value] = [
            "code": .string(namespace.id.value),
            "name": .string(namespace.name),
            "idType": .string(namespace.type.rawValue.uppercased()),
        ]
        // cohort's linking rules, where they differ from the type's defaults.
        if namespace.priority != Namespace.defaultPriority(for: namespace.type) { body["priority"] = .integer(Int64(namespace.priority)) }
        if namespace.normalize != Namespace.defaultNormalization(for: namespace.type) { body["normalize"] = .string(namespace.normalize.rawValue) }
        if namespace.limit == 1 {
            body["unique"] = .bool(true)
        } else if let limit = namespace.limit {
            body["limit"] = .integer(Int64(limit))
        }
        if !namespace.blocked.isEmpty { body["blocked"] = .array(namespace.blocked.map { .string($0.value) }) }
        return body
    }

    /// The marketing actions AEP provides (`marketingActions/core`), the names of the data usage
    /// policies overview's table (Analytics, Combine with PII, Cross Site Targeting, Data Science,
    /// Email Targeting, Export to Third Party, Onsite Advertising, Onsite Personalization, Single
    /// Identity Personalization) in the API's spelling; any other is an organisation's own (`custom`).
    static let coreMarketingActions: Set<String> = [
        "analytics", "combineWithPii", "crossSiteTargeting", "dataScience", "emailTargeting", "exportToThirdParty",
        "onsiteAdvertising", "onsitePersonalization", "singleIdentityPersonalization",
    ]

    static func body(of policy: Policy) -> [String: Value] {
        let base = "https://platform.adobe.io/data/foundation/dulepolicy/marketingActions/"
        return [
            "name": .string(policy.name),
            "status": .string(policy.status.rawValue),
            "marketingActionRefs": .array(policy.marketingActions.map { action in
                .string(base + (coreMarketingActions.contains(action.value) ? "core/" : "custom/") + action.value)
            }),
            "deny": condition(policy.deny),
        ]
    }

    private static func condition(_ condition: Policy.Condition) -> Value {
        switch condition {
        case .label(let label): return .object(["label": .string(label.value)])
        case .all(let operands): return .object(["operator": .string("AND"), "operands": .array(operands.map(self.condition))])
        case .any(let operands): return .object(["operator": .string("OR"), "operands": .array(operands.map(self.condition))])
        }
    }
}
