/// The keys of a segment definition's JSON form, as `SegmentLoader` reads them.
enum SegmentKeys {
    static var schema: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        var value = T.anything("The PQL text, or with \"pql/json\" AEP's tree of it.")
        value["type"] = .array([.string("string"), .string("object")])
        var type = T.anything("The expression language: always \"PQL\".")
        type["const"] = .string("PQL")
        let expression = T.object("The segment's Profile Query Language expression.", [
            ("type", type),
            ("format", T.choice(Segment.ExpressionFormat.self,
                                "pql/text: `value` is PQL text; pql/json: AEP's tree of it.")),
            ("value", value),
        ], required: ["value"])
        return T.object("A segment definition in PQL (AEP's segment definition shape).", EditorSchemas.commonKeys()
            + EditorSchemas.identification("segment") + [
            ("expression", expression),
            ("mergePolicyId", T.string("The id of the merge policy its profiles are merged with; defaults to "
                + "cohort.json's defaultMergePolicy.")),
            ("excludeOptOut", T.boolean("Leave out profiles whose opt-out says out.")),
            ("dataGovernancePolicy", T.object("AEP's data governance settings.", [
                ("excludeOptOut", T.boolean("Leave out profiles whose opt-out says out.")),
            ])),
            ("schema", T.anything("AEP's schema class of the segment; cohort passes it over.")),
            ("ttlInDays", T.anything("AEP's time to live; cohort passes it over.")),
            ("evaluationInfo", T.anything("AEP's evaluation settings; cohort passes them over.")),
            ("labels", T.anything("AEP's labels of the segment; cohort passes them over.")),
            ("profileInstanceId", T.anything("AEP's profile instance; cohort passes it over.")),
        ], required: ["expression"])
    }
}
