/// The keys of a schema's JSON form (XDM, as `XEDSchemaReader` reads it). Schemas are JSON Schemas
/// themselves, with `meta:`, `xdm:` and other prefixed keys, so the object stays open.
enum SchemaKeys {
    static var schema: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        let classes = [Schema.SchemaClass.profile.uri, Schema.SchemaClass.experienceEvent.uri,
                       "profile", "experienceevent"]
        var type = T.anything("A schema is an object: \"object\".")
        type["const"] = .string("object")
        let identity = T.object("One identity field.", [
            ("path", T.string("The dotted path of the identity field.")),
            ("namespace", T.string("The identity namespace code, e.g. \"Email\".")),
            ("primary", T.boolean("Whether it is the record's primary identity.")),
        ], required: ["path", "namespace"])
        var descriptor = T.anything("An identity descriptor: {\"@type\": \"xdm:descriptorIdentity\", "
            + "\"xdm:sourceProperty\": \"/personalEmail/address\", \"xdm:namespace\": \"Email\", …}.")
        descriptor["type"] = .string("object")
        var labels = T.anything("Data-usage labels by dotted field path.")
        labels["type"] = .string("object")
        labels["additionalProperties"] = .object(T.strings("The labels of the field, e.g. [\"I1\"]."))
        return T.object("A schema in XDM's JSON form: the Schema Registry's xed-full export, or its source form.",
                        EditorSchemas.commonKeys() + [
            ("$id", T.string("The schema's URI in the Schema Registry; the id too when it is a valid id "
                + "and `id` is missing.")),
            ("id", T.id("The schema's id; without it, `$id` when that is a valid id, else the file name")),
            ("title", T.string("A display name; defaults to the id.")),
            ("description", T.string("Free text for people; cohort does not read it.")),
            ("type", type),
            ("meta:class", T.string("The XDM class: profile or experience event.", examples: classes)),
            ("class", T.string("The XDM class when `meta:class` is missing.", examples: classes)),
            ("properties", T.anything("The fields, by name: JSON Schema with XDM's meta: keys.")),
            ("definitions", T.anything("Named field shapes that `$ref`s point to.")),
            ("allOf", T.anything("The class, field groups and data types the schema combines, by `$ref`.")),
            ("required", T.strings("Top-level fields every record must have.")),
            ("descriptors", T.list(of: descriptor, "The Schema Registry's identity descriptors.")),
            ("identities", T.list(of: identity, "cohort's shorthand for identity fields.")),
            ("labels", labels),
            ("imsOrg", T.anything("The organisation that owns the schema; cohort passes it over.")),
        ], closed: false)
    }
}
