/// The keys of a dataset's JSON form, as `DatasetLoader` reads them.
enum DatasetKeys {
    static var schema: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        return T.object("A dataset: binds a schema to the folder inbox/<dataset-id>/.", EditorSchemas.commonKeys()
            + EditorSchemas.identification("dataset") + [
            ("schema", T.string("The id of the schema its records follow.")),
            ("profile", T.boolean("Whether its records feed unified profiles (AEP's \"enabled for Profile\"); "
                + "default true.")),
            ("format", T.choice(Dataset.Format.self, "How files in inbox/<dataset-id>/ are read; auto goes by "
                + "each file's extension. Default auto.")),
            ("timestampField", T.string("The dotted path of the field holding each record's time, which decides "
                + "which fragment is newest; without it, the time the file was ingested.",
                examples: ["timestamp", "extSourceSystemAudit.lastUpdatedDate"])),
            ("labels", T.strings("Data-usage labels (C2, I1, S1…) on every field of the dataset.")),
            ("mapping", T.stringMap("CSV headers (or other source field names) mapped to schema paths.",
                values: "The dotted schema path the source field fills.")),
            ("errorThreshold", T.number("The percent of a file's records that may be rejected before the whole "
                + "file fails, as in AEP's partial batch ingestion; default \(Int(Dataset.defaultErrorThreshold)).",
                minimum: 0, maximum: 100)),
            ("csv", csv),
        ], required: ["schema"])
    }

    /// `csv`: how the dataset's CSV files are written.
    private static var csv: JSONSchemaTerms.Schema {
        typealias T = JSONSchemaTerms
        var csv = T.object("How this dataset's CSV files are written; every key is optional.", [
            ("delimiter", T.character("The one character between fields; default \",\".")),
            ("quote", T.character("The one character that quotes a field; default \"\\\"\".")),
            ("header", T.boolean("Whether the first line names the columns; default true. "
                + "When false, give `columns`.")),
            ("columns", T.strings("The file's columns in order, when `header` is false.")),
            ("encoding", T.choice(Dataset.CSVOptions.Encoding.self, "The files' text encoding; default utf-8.")),
        ])
        csv["if"] = .object(["properties": .object(["header": .object(["const": .bool(false)])]),
                             "required": .array([.string("header")])])
        csv["then"] = .object(["required": .array([.string("columns")])])
        return csv
    }
}
