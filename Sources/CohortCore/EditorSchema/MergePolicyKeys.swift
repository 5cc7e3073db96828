/// The keys of a merge policy's JSON form, as `MergePolicyLoader` reads them.
enum MergePolicyKeys {
    static var schema: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        let order = T.strings("Dataset ids, highest precedence first (with \"dataSetPrecedence\").")
        let graph = T.object("How identities stitch.", [
            ("type", T.choice(MergePolicy.IdentityGraph.self, "pdg stitches records through the identity graph; "
                + "none makes one profile per primary identity. Default pdg.")),
        ])
        let merge = T.object("Which fragment's attribute wins.", [
            ("type", T.choice(MergePolicy.AttributeMerge.Kind.self, "timestampOrdered: the newest fragment wins; "
                + "dataSetPrecedence: the first dataset in `order` that has the attribute wins.")),
            ("order", order),
            ("data", T.object("AEP's older place for the precedence: {\"order\": […]}.", [("order", order)])),
        ], required: ["type"])
        return T.object("A merge policy: how fragments merge into a profile.", EditorSchemas.commonKeys()
            + EditorSchemas.identification("merge policy") + [
            ("default", T.boolean("Whether this is the policy segments use when they name none.")),
            ("identityGraph", graph),
            ("attributeMerge", merge),
            ("schema", T.anything("AEP's schema class of the policy; cohort passes it over.")),
            ("activeOnEdge", T.anything("AEP's edge flag; cohort passes it over.")),
            ("isActiveOnEdge", T.anything("AEP's edge flag; cohort passes it over.")),
        ])
    }
}
