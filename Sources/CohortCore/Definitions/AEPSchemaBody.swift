/// A schema in the resolved form the Schema Registry exports (`application/vnd.adobe.xed-full+json`):
/// `meta:class`, the fields as JSON Schema, identity descriptors and cohort's `labels`.
enum AEPSchemaBody {
    static func body(of schema: Schema) -> [String: Value] {
        var body: [String: Value] = [
            "title": .string(schema.title),
            "type": .string("object"),
            "meta:class": .string(schema.schemaClass.uri),
            "properties": .object(schema.root.properties.mapValues(field)),
        ]
        let required = schema.root.properties.filter(\.value.isRequired).keys.sorted()
        if !required.isEmpty { body["required"] = .array(required.map(Value.string)) }
        if !schema.identities.isEmpty {
            body["descriptors"] = .array(schema.identities.map { identity in
                .object([
                    "@type": .string("xdm:descriptorIdentity"),
                    "xdm:sourceProperty": .string("/" + identity.path.value.split(separator: ".").joined(separator: "/")),
                    "xdm:namespace": .string(identity.namespace.value),
                    "xdm:isPrimary": .bool(identity.isPrimary),
                ])
            })
        }
        if !schema.labels.isEmpty {
            body["labels"] = .object(Dictionary(schema.labels.map { ($0.path.value, Value.array($0.labels.map { .string($0.value) })) },
                                                uniquingKeysWith: { first, _ in first }))
        }
        return body
    }

    /// One field as JSON Schema, with the constraints cohort checks records against.
    private static func field(_ field: SchemaField) -> Value {
        var body: [String: Value] = [:]
        switch field.type {
        case .object:
            body["type"] = .string("object")
            body["properties"] = .object(field.properties.mapValues(self.field))
            let required = field.properties.filter(\.value.isRequired).keys.sorted()
            if !required.isEmpty { body["required"] = .array(required.map(Value.string)) }
        case .array:
            body["type"] = .string("array")
            body["items"] = field.element.map(self.field) ?? .object(["type": .string("string")])
        case .map:
            body["type"] = .string("object")
            body["meta:xdmType"] = .string("map")
            body["additionalProperties"] = field.element.map(self.field) ?? .object(["type": .string("string")])
        default:
            body["type"] = .string(field.type.rawValue)
        }
        if let format = field.format { body["format"] = .string(format.rawValue) }
        if let values = field.enumValues {
            let numeric = field.type == .number || field.type == .integer
            body["enum"] = .array(values.map { text in numeric ? Double(text).map(Value.number) ?? .string(text) : .string(text) })
        }
        for (key, bound) in [("minimum", field.minimum), ("maximum", field.maximum),
                             ("exclusiveMinimum", field.exclusiveMinimum), ("exclusiveMaximum", field.exclusiveMaximum)] {
            if let bound { body[key] = .number(bound) }
        }
        if let minLength = field.minLength { body["minLength"] = .integer(Int64(minLength)) }
        if let maxLength = field.maxLength { body["maxLength"] = .integer(Int64(maxLength)) }
        if let pattern = field.pattern { body["pattern"] = .string(pattern.value) }
        return .object(body)
    }
}
