import Foundation

/// Reads a dataset: its schema, inbox format, timestamp field, labels and CSV header mapping.
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
            errorThreshold: errorThreshold(object)
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
}
