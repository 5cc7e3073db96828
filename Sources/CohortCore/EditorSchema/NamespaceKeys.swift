/// The keys of an identity namespace's JSON form, as `NamespaceLoader` reads them.
enum NamespaceKeys {
    static var schema: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        let types = Namespace.IdentityType.allCases.map(\.rawValue)
        var schema = T.object("An identity namespace: what kind of identity its values are and how they link.",
                              EditorSchemas.commonKeys() + [
            ("code", T.id("The namespace's code, which records and destinations name; "
                + "without it, `id`, then the file name")),
            ("id", T.string("The namespace's code when `code` is missing; "
                + "the Identity Service's numeric id is passed over.")),
            ("name", T.string("A display name; defaults to the code.")),
            ("description", T.string("Free text for people; cohort does not read it.")),
            ("type", T.choice(Namespace.IdentityType.self, "The identity type: it sets the default priority and "
                + "normalization; people identities (cross_device, email, phone) stitch profiles.")),
            ("idType", T.string("The Identity Service's identity type, in any case (\"COOKIE\", \"Cross_device\"…); "
                + "read when `type` is missing. One of "
                + types.map { $0.uppercased() }.joined(separator: ", ") + ".")),
            ("priority", T.integer("Lower wins when choosing a profile's primary identity; defaults by type.")),
            ("normalize", T.choice(Namespace.Normalization.self, "How values are normalized before they are "
                + "compared: email lowercases and trims, phone writes E.164; defaults by type.")),
            ("unique", T.boolean("At most one value of this namespace per profile (a limit of 1); a second "
                + "value's links are dropped.")),
            ("limit", T.integer("The most values of this namespace one profile may hold; the newest win.", minimum: 1)),
            ("blocked", T.strings("Regular expressions of junk values that never become identities, "
                + "e.g. \"^test@test\\\\.com$\".")),
            ("status", T.anything("The Identity Service's status; cohort passes it over.")),
            ("custom", T.anything("The Identity Service's custom flag; cohort passes it over.")),
            ("namespaceType", T.anything("The Identity Service's namespace type; cohort passes it over.")),
        ])
        schema["anyOf"] = T.anyRequired(["type", "idType"])
        return schema
    }
}
