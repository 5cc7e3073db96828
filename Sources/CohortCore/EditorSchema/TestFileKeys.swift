/// The keys of a `cohort test` file's JSON form, as `SegmentTestReader` reads them.
enum TestFileKeys {
    static var schema: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        let record = T.object("One record (a CSV dataset's row: column name to text), as it arrives in the dataset.",
                              [], closed: false)
        let records: JSONSchemaTerms.Schema = [
            "type": .string("object"),
            "description": .string("Per dataset id, its records: a list of objects, or one string holding the "
                + "content of a file of that dataset."),
            "additionalProperties": .object([
                "description": .string("The dataset's records, or a file's content."),
                "oneOf": .array([.object(T.list(of: record, "Records as objects.")),
                                 .object(T.string("The content of a file of the dataset (CSV, NDJSON, JSON or XML)."))]),
            ]),
        ]
        let identities = "each profile named by one identity, NAMESPACE:VALUE"
        let expectation = T.object("What should come out: a segment's members (all of them, or some in and some "
            + "out), or a file destination's rows.", [
            ("segment", T.id("The segment whose members are checked")),
            ("destination", T.id("The file destination whose export rows are checked")),
            ("members", T.strings("Exactly the segment's members, \(identities).")),
            ("in", T.strings("Profiles that must be in the segment, \(identities).")),
            ("out", T.strings("Profiles that must be out of the segment, \(identities).")),
            ("rows", T.list(of: T.object("One expected row: the columns it names must match.", [], closed: false),
                            "Rows the destination's export must hold, each checked on the columns it names.")),
        ])
        return T.object("A segment test (`cohort test`): records written inline, the time segments are evaluated "
            + "at, and what should come out.", EditorSchemas.commonKeys() + [
            ("name", T.string("What the test checks; defaults to the file name.")),
            ("description", T.string("Free text for people; cohort does not read it.")),
            ("asOf", T.string("The time segments are evaluated at (RFC 3339).", examples: ["2026-11-21T00:00:00Z"])),
            ("records", records),
            ("expect", T.list(of: expectation, "The expectations, each checked on its own.")),
        ], required: ["asOf"])
    }
}
