import Foundation

/// Reads a dataset: its schema, inbox format, timestamp field, labels, CSV header mapping and CSV options.
enum DatasetLoader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> Dataset? {
        let id = DefinitionIDReader.read(object, file: file)
        object.ignore("description")
        let schema = object.requiredString("schema", what: "the id of the schema its records follow")
        let mapping = object.stringMap("mapping", xmlElement: "map", xmlKey: "from", xmlValue: "to") ?? []
        let dataset = Dataset(
            id: id,
            name: object.string("name")?.value ?? id.value,
            schema: schema ?? Located("", at: object.location),
            profile: object.bool("profile") ?? true,
            format: object.choice("format", of: Dataset.Format.self)?.value ?? .auto,
            timestampField: object.string("timestampField"),
            labels: object.strings("labels", xmlElement: "label") ?? [],
            mapping: mapping.map { Dataset.FieldMapping(sourceField: $0.key.value, path: $0.value) },
            errorThreshold: errorThreshold(object),
            csv: csvOptions(object)
        )
        object.finish()
        return dataset
    }

    /// `errorThreshold`: the percent of a file's records that may be rejected before the whole file
    /// fails, as in AEP's partial batch ingestion (0 to 100).
    private static func errorThreshold(_ object: DefinitionObject) -> Double {
        guard let threshold = object.number("errorThreshold") else { return Dataset.defaultErrorThreshold }
        guard (0...100).contains(threshold.value) else {
            object.sink.error(threshold.location, "`errorThreshold` is a percent of a file's records, from 0 to 100; found \(String(format: "%g", threshold.value))")
            return Dataset.defaultErrorThreshold
        }
        return threshold.value
    }

    /// `csv`: the delimiter, quote, header row (or `columns` without one) and encoding of the dataset's CSV files.
    private static func csvOptions(_ object: DefinitionObject) -> Dataset.CSVOptions {
        guard let csv = object.object("csv", what: "how the dataset's CSV files are written") else { return .standard }
        defer { csv.finish() }
        var options = Dataset.CSVOptions.standard
        let delimiter = csv.csvCharacter("delimiter")
        let quote = csv.csvCharacter("quote")
        if let delimiter { options.delimiter = delimiter.value.utf8.first ?? options.delimiter }
        if let quote { options.quote = quote.value.utf8.first ?? options.quote }
        if options.delimiter == options.quote {
            let both = Character(Unicode.Scalar(options.quote))
            csv.sink.error(quote?.location ?? delimiter?.location ?? csv.location,
                           "`delimiter` and `quote` must differ; both are \"\(both)\"")
        }
        options.header = csv.bool("header") ?? true
        let columns = csv.strings("columns", xmlElement: "column")
        if options.header, let first = columns?.first {
            csv.sink.error(first.location, "`columns` is only for files without a header row; with `header` true "
                           + "(the default) the first row names the columns; set \"header\": false or remove `columns`")
        } else if !options.header {
            options.columns = Self.columns(columns, in: csv)
        }
        options.encoding = csv.choice("encoding", of: Dataset.CSVOptions.Encoding.self)?.value ?? .utf8
        return options
    }

    /// The columns of a file without a header row: required, each named once.
    private static func columns(_ columns: [Located<String>]?, in csv: DefinitionObject) -> [String] {
        guard let columns, !columns.isEmpty else {
            let form = csv.isXML ? "<column>name</column> children" : "\"columns\": [\"email\", \"firstName\", …]"
            csv.sink.error(csv.location, "`header` is false, so the file has no row naming its columns; name them in "
                           + "order with \(form)")
            return []
        }
        var seen: Set<String> = []
        for column in columns {
            if column.value.isEmpty {
                csv.sink.error(column.location, "a column needs a name")
            } else if !seen.insert(column.value).inserted {
                csv.sink.error(column.location,
                               "the column \"\(column.value)\" is named twice; each column needs a name of its own")
            }
        }
        return columns.map(\.value)
    }
}
