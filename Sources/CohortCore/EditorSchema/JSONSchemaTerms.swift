/// The JSON Schema (draft 2020-12) pieces the editor schemas are built from, as `Value`s: each one
/// carries the description an editor shows on hover.
enum JSONSchemaTerms {
    typealias Schema = [String: Value]

    static func string(_ description: String, pattern: String? = nil, examples: [String] = []) -> Schema {
        var schema: Schema = ["type": .string("string"), "description": .string(description)]
        if let pattern { schema["pattern"] = .string(pattern) }
        if !examples.isEmpty { schema["examples"] = .array(examples.map(Value.string)) }
        return schema
    }

    /// One ASCII character other than a line break, as the loaders read CSV delimiters and quotes
    /// (`csvCharacter`; a control character such as Hive's U+0001 too). The length bounds keep every
    /// validator to one character, as some let `$` match before a final line break.
    static func character(_ description: String) -> Schema {
        var schema = string(description, pattern: "^[\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u007F]$")
        schema["minLength"] = .integer(1)
        schema["maxLength"] = .integer(1)
        return schema
    }

    /// A definition id: the pattern `DefinitionID.isValid` checks.
    static func id(_ description: String) -> Schema {
        string(description + " (" + DefinitionID.rule + ").", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
    }

    /// A value from the set a loader accepts, read from the enum the loader reads it into.
    static func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type, _ description: String) -> Schema
    where Choice.RawValue == String {
        oneOf(type.allCases.map(\.rawValue), description)
    }

    static func oneOf(_ values: [String], _ description: String) -> Schema {
        ["type": .string("string"), "enum": .array(values.map(Value.string)), "description": .string(description)]
    }

    static func boolean(_ description: String) -> Schema {
        ["type": .string("boolean"), "description": .string(description)]
    }

    static func integer(_ description: String, minimum: Int64? = nil) -> Schema {
        var schema: Schema = ["type": .string("integer"), "description": .string(description)]
        if let minimum { schema["minimum"] = .integer(minimum) }
        return schema
    }

    static func number(_ description: String, minimum: Int64, maximum: Int64) -> Schema {
        ["type": .string("number"), "minimum": .integer(minimum), "maximum": .integer(maximum),
         "description": .string(description)]
    }

    static func strings(_ description: String, minItems: Int64? = nil) -> Schema {
        list(of: ["type": .string("string")], description, minItems: minItems)
    }

    static func list(of items: Schema, _ description: String, minItems: Int64? = nil) -> Schema {
        var schema: Schema = ["type": .string("array"), "items": .object(items), "description": .string(description)]
        if let minItems { schema["minItems"] = .integer(minItems) }
        return schema
    }

    /// An object with the given keys. A closed object (the default) lets editors flag a misspelt key,
    /// as cohort warns about it (and refuses it in strict mode).
    static func object(_ description: String, _ properties: [(String, Schema)], required: [String] = [],
                       closed: Bool = true) -> Schema {
        var schema: Schema = [
            "type": .string("object"),
            "description": .string(description),
            "properties": .object(Dictionary(properties.map { ($0.0, Value.object($0.1)) }) { first, _ in first }),
        ]
        if !required.isEmpty { schema["required"] = .array(required.map(Value.string)) }
        if closed { schema["additionalProperties"] = .bool(false) }
        return schema
    }

    /// An object used as a map from names to strings (a dataset's `mapping`).
    static func stringMap(_ description: String, values: String) -> Schema {
        ["type": .string("object"), "description": .string(description),
         "additionalProperties": .object(["type": .string("string"), "description": .string(values)])]
    }

    /// Any JSON value: keys cohort accepts and passes over.
    static func anything(_ description: String) -> Schema {
        ["description": .string(description)]
    }

    /// A reference to a shape under `$defs`, with its own description.
    static func reference(_ name: String, _ description: String) -> Schema {
        ["$ref": .string("#/$defs/\(name)"), "description": .string(description)]
    }

    /// "At least one of these keys": `anyOf` of one-key `required`s.
    static func anyRequired(_ keys: [String]) -> Value {
        .array(keys.map { .object(["required": .array([.string($0)])]) })
    }
}
