/// The keys of a data-usage policy's JSON form, as `PolicyLoader` reads them.
enum PolicyKeys {
    static var schema: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        var condition = T.object("A label, or labels combined with AND / OR.", [
            ("label", T.string("A data-usage label, e.g. \"C2\" or \"I1\".")),
            ("operator", T.choice(Policy.Operator.self, "How `operands` combine.")),
            ("operands", T.list(of: ["$ref": .string("#/$defs/condition")], "The conditions combined.", minItems: 1)),
        ])
        condition["oneOf"] = .array([
            .object(["required": .array([.string("label")])]),
            .object(["required": .array([.string("operator"), .string("operands")])]),
        ])
        var schema = T.object("A data-usage policy: a marketing action denied when certain labels are present.",
                              EditorSchemas.commonKeys() + EditorSchemas.identification("policy") + [
            ("marketingAction", T.string("The marketing action this policy restricts.",
                examples: ["exportToThirdParty", "emailTargeting"])),
            ("marketingActionRefs", T.strings("The Policy Service's marketing action URIs, whose last segment is the "
                + "action, e.g. \"…/marketingActions/core/exportToThirdParty\".", minItems: 1)),
            ("deny", T.reference("condition", "The label expression that denies the action, e.g. "
                + "{\"operator\": \"OR\", \"operands\": [{\"label\": \"C2\"}]}.")),
            ("status", T.choice(Policy.Status.self, "Only an enabled policy is enforced. Default ENABLED.")),
        ], required: ["deny"])
        schema["anyOf"] = T.anyRequired(["marketingAction", "marketingActionRefs"])
        schema["$defs"] = .object(["condition": .object(condition)])
        return schema
    }
}
