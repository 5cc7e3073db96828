/// One node of a schema's field tree, with the constraints that records are validated against.
public struct SchemaField: Equatable, Sendable {
    public enum FieldType: String, CaseIterable, Sendable {
        case string, number, integer, boolean, object, array, map
    }

    /// String formats that are checked.
    public enum Format: String, CaseIterable, Sendable {
        case date
        case dateTime = "date-time"
        case email
        case uri
        case uriReference = "uri-reference"
    }

    public var type: FieldType
    public var format: Format?
    /// Allowed values (enforced), in their text form.
    public var enumValues: [String]?
    public var minimum: Double?
    public var maximum: Double?
    /// Bounds a number must lie strictly beyond (JSON Schema's `exclusiveMinimum`/`exclusiveMaximum`).
    public var exclusiveMinimum: Double?
    public var exclusiveMaximum: Double?
    public var minLength: Int?
    public var maxLength: Int?
    /// An ICU regular expression a string must match somewhere, where the schema writes it.
    public var pattern: Located<String>?
    /// Whether the parent object requires this field.
    public var isRequired: Bool
    /// An object's fields by name.
    public var properties: [String: SchemaField]
    /// An array's item shape, or a map's value shape (held in a one-element array to allow recursion).
    private var elementStorage: [SchemaField]

    public init(type: FieldType, format: Format? = nil, enumValues: [String]? = nil, minimum: Double? = nil, maximum: Double? = nil,
                minLength: Int? = nil, maxLength: Int? = nil, pattern: Located<String>? = nil, isRequired: Bool = false,
                properties: [String: SchemaField] = [:], element: SchemaField? = nil) {
        self.type = type
        self.format = format
        self.enumValues = enumValues
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.isRequired = isRequired
        self.properties = properties
        self.elementStorage = element.map { [$0] } ?? []
    }

    /// An empty object field.
    public static func object(properties: [String: SchemaField] = [:]) -> SchemaField {
        SchemaField(type: .object, properties: properties)
    }

    /// The item shape of an array or the value shape of a map.
    public var element: SchemaField? {
        get { elementStorage.first }
        set { elementStorage = newValue.map { [$0] } ?? [] }
    }

    /// The field reached by following `components`: object properties by name, arrays through their
    /// items, maps through any key.
    public func descendant<C: Collection>(at components: C) -> SchemaField? where C.Element == String {
        guard let first = components.first else { return self }
        switch type {
        case .object:
            return properties[first]?.descendant(at: components.dropFirst())
        case .array:
            return element?.descendant(at: components)
        case .map:
            return element?.descendant(at: components.dropFirst())
        default:
            return nil
        }
    }

    /// Every dotted path below this field, sorted.
    public func allPaths(prefix: String) -> [String] {
        switch type {
        case .object:
            return properties.keys.sorted().flatMap { name -> [String] in
                let path = prefix.isEmpty ? name : "\(prefix).\(name)"
                return [path] + (properties[name]?.allPaths(prefix: path) ?? [])
            }
        case .array:
            return element?.allPaths(prefix: prefix) ?? []
        default:
            return []
        }
    }
}
