/// The keys of a destination's JSON form, as `DestinationLoader` reads them.
enum DestinationKeys {
    static var schema: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        let placeholders = FileNameTemplate.placeholders.map { "{\($0)}" }.joined(separator: ", ")
        let mapping = T.object("One exported column or field.", [
            ("source", T.string("The profile path to export, e.g. \"person.name.firstName\" or "
                + "\"segmentMembership.status\".")),
            ("target", T.string("The column or field name to write.")),
        ], required: ["source", "target"])
        return T.object("A destination: which segments are activated where, and how.", EditorSchemas.commonKeys()
            + EditorSchemas.identification("destination") + [
            ("type", T.choice(Destination.DeliveryType.self, "file writes files under exports/<id>/; stream writes "
                + "the payloads an HTTP destination would receive; lookup writes identity → segments and attributes "
                + "in JSON shards a web page fetches one at a time. Default file.")),
            ("format", T.choice(Destination.Format.self, "The export format; a stream writes ndjson. Default csv "
                + "for files.")),
            ("segments", T.strings("The ids of the segments this destination activates.", minItems: 1)),
            ("identity", T.object("The identity whose values key each row.", [
                ("namespace", T.string("The namespace code whose values key each row, e.g. \"Email\".")),
                ("hash", T.choice(Destination.Hash.self,
                                  "How the identity is written; sha256 hashes it. Default none.")),
            ], required: ["namespace"])),
            ("mappings", T.list(of: mapping, "The profile paths exported, in column order.")),
            ("mandatory", T.strings("Profile paths a member must have to be exported.")),
            ("dedupKey", T.strings("Namespaces or paths whose values make a row unique.")),
            ("marketingAction", T.string("The marketing action the export performs, which data-usage policies check.",
                examples: ["exportToThirdParty", "emailTargeting"])),
            ("consent", T.object("Export only profiles whose consent allows it.", [
                ("path", T.string("The profile path holding the consent value.")),
                ("allow", T.strings("The consent values that may be exported, e.g. [\"y\"].", minItems: 1)),
            ], required: ["path", "allow"])),
            ("mode", T.choice(Destination.Mode.self, "full rewrites each audience's file; incremental writes the "
                + "rows that entered, left or changed. Default full.")),
            ("fileName", T.string("The name of the files written, with the placeholders \(placeholders).",
                examples: ["{destination}_{segment}.csv", "{destination}_{segment}_{build}.csv"])),
            ("preset", T.oneOf(DestinationPreset.all.map(\.name), "A platform's customer-file format: it sets the "
                + "format, columns, normalization, hashing and file names; mapping targets are its column names.")),
            ("removeFileName", T.string("Incremental files: the name of the files of rows that left (with "
                + "\(placeholders)); with it no status column is needed.",
                examples: ["{destination}_{segment}_{build}_remove.csv"])),
            ("csv", T.object("How CSV exports are written.", [
                ("delimiter", T.character("The one character between fields; default \",\".")),
                ("quote", T.character("The one character that quotes a field; default \"\\\"\".")),
                ("header", T.boolean("Whether the first line names the columns; default true.")),
                ("null", T.string("What a missing value is written as; default empty.")),
            ])),
            ("prefixLength", T.integer("Lookup destinations: how many hex digits of the SHA-256 of a key name its "
                + "shard (1 to 4: 16 to 65,536 shards). Default 2.", minimum: 1)),
        ], required: ["segments"])
    }
}
