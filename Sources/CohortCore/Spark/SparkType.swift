/// A Spark SQL data type, as the Spark engine's plan and the profile frame declare columns: built from
/// an XDM schema field, written as Spark DDL (`STRUCT<`name`: STRING>`) and as the JSON that
/// `StructType.fromJson` / `DataType.fromJson` read. Struct fields are sorted by name, so the same
/// schema always gives the same text.
public indirect enum SparkType: Equatable, Sendable {
    case string, bigint, double, boolean, date, timestamp
    case array(SparkType)
    /// `MAP<STRING, value>`: XDM maps are keyed by text.
    case map(SparkType)
    /// Fields sorted by name.
    case structure([Field])

    /// One named, nullable field of a struct.
    public struct Field: Equatable, Sendable {
        public var name: String
        public var type: SparkType

        public init(name: String, type: SparkType) {
            self.name = name
            self.type = type
        }
    }

    /// A struct of `fields`, sorted by name.
    public static func structure(fields: [Field]) -> SparkType {
        .structure(fields.sorted { $0.name < $1.name })
    }

    /// The type of an XDM field: string → STRING (date → DATE, date-time → TIMESTAMP); integer →
    /// BIGINT; number → DOUBLE; boolean → BOOLEAN; object → STRUCT; array of T → ARRAY<T>; map of T →
    /// MAP<STRING, T>. An array or map whose item shape is not declared holds strings.
    public init(_ field: SchemaField) {
        switch field.type {
        case .string:
            switch field.format {
            case .date: self = .date
            case .dateTime: self = .timestamp
            case .email, .uri, .uriReference, nil: self = .string
            }
        case .integer: self = .bigint
        case .number: self = .double
        case .boolean: self = .boolean
        case .object:
            self = .structure(fields: field.properties.map { Field(name: $0.key, type: SparkType($0.value)) })
        case .array: self = .array(field.element.map(SparkType.init) ?? .string)
        case .map: self = .map(field.element.map(SparkType.init) ?? .string)
        }
    }

    /// Spark SQL DDL, field names backquoted (a backquote inside a name doubled).
    public var ddl: String {
        switch self {
        case .string: return "STRING"
        case .bigint: return "BIGINT"
        case .double: return "DOUBLE"
        case .boolean: return "BOOLEAN"
        case .date: return "DATE"
        case .timestamp: return "TIMESTAMP"
        case .array(let element): return "ARRAY<\(element.ddl)>"
        case .map(let value): return "MAP<STRING, \(value.ddl)>"
        case .structure(let fields):
            return "STRUCT<" + fields.map { "\(SparkType.quoted($0.name)): \($0.type.ddl)" }.joined(separator: ", ") + ">"
        }
    }

    /// Spark's JSON form of the type (`"string"`, `{"type":"struct","fields":[…]}`), every field and
    /// element nullable.
    public var json: String {
        var output = ""
        writeJSON(to: &output)
        return output
    }

    private func writeJSON(to output: inout String) {
        switch self {
        case .string: output += "\"string\""
        case .bigint: output += "\"long\""
        case .double: output += "\"double\""
        case .boolean: output += "\"boolean\""
        case .date: output += "\"date\""
        case .timestamp: output += "\"timestamp\""
        case .array(let element):
            output += "{\"type\":\"array\",\"elementType\":"
            element.writeJSON(to: &output)
            output += ",\"containsNull\":true}"
        case .map(let value):
            output += "{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":"
            value.writeJSON(to: &output)
            output += ",\"valueContainsNull\":true}"
        case .structure(let fields):
            output += "{\"type\":\"struct\",\"fields\":["
            for (index, field) in fields.enumerated() {
                if index > 0 { output += "," }
                output += "{\"name\":"
                JSONWriter.writeString(field.name, to: &output)
                output += ",\"type\":"
                field.type.writeJSON(to: &output)
                output += ",\"nullable\":true,\"metadata\":{}}"
            }
            output += "]}"
        }
    }

    /// A name as a Spark SQL identifier: in backquotes, a backquote inside doubled.
    public static func quoted(_ name: String) -> String {
        "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }
}
