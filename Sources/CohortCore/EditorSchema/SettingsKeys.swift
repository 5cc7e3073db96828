/// The keys of `cohort.json`, as `SettingsLoader` reads them.
enum SettingsKeys {
    static var schema: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        let limits = T.object("Identity limits that keep one identity graph from swallowing unrelated people.", [
            ("identitiesPerGraph", T.integer("The most identities one profile's graph may hold (AEP: 50); "
                + "links beyond it are dropped.", minimum: 1)),
            ("identitiesPerRecord", T.integer("The most identities one record may contribute (AEP: 20).", minimum: 1)),
        ])
        return T.object("Workspace settings: cohort.json at the top of the workspace.", EditorSchemas.commonKeys() + [
            ("name", T.string("The workspace's name; defaults to the settings file's name.")),
            ("description", T.string("Free text for people; cohort does not read it.")),
            ("timezone", T.string("The IANA time zone in which PQL's calendar functions (today, this month…) "
                + "count days; default \"UTC\".", examples: ["UTC", "Europe/Berlin", "America/Los_Angeles"])),
            ("defaultCountry", T.oneOf(NumberingPlan.byCountry.keys.sorted(),
                "ISO 3166 alpha-2 code of the country whose numbering plan reads phone numbers written "
                + "without a + (the United Kingdom is GB).")),
            ("defaultMergePolicy", T.string("The id of the merge policy segments use when they name none.")),
            ("limits", limits),
            ("strict", T.boolean("Strict mode: unknown keys and attributes in definitions are errors instead of "
                + "warnings (as `--strict` on validate, build, plan and watch); default false.")),
        ])
    }
}
