/// The static type of a PQL expression, as the checker infers it from the schemas.
public indirect enum PQLType: Equatable, Sendable, CustomStringConvertible {
    case boolean
    case number
    case string
    /// A date or date-time (a schema string with format date/date-time, `date(…)`, `now`, `today`).
    case time
    case list(PQLType)
    /// An object field (or an array item) whose fields paths can name.
    case object(SchemaField)
    /// The profile's experience events, or a filtered subset of them.
    case events
    /// One experience event (a quantifier's variable).
    case event
    /// What `groupBy` and `mapEntry` make: keys of one type to values of another.
    case map(key: PQLType, value: PQLType)
    /// A value whose type cannot be known (e.g. `null`); compatible with everything.
    case unknown

    /// The type of a schema field.
    public init(_ field: SchemaField) {
        switch field.type {
        case .string: self = field.format == .date || field.format == .dateTime ? .time : .string
        case .number, .integer: self = .number
        case .boolean: self = .boolean
        case .object, .map: self = .object(field)
        case .array: self = .list(field.element.map(PQLType.init) ?? .unknown)
        }
    }

    public var description: String {
        switch self {
        case .boolean: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .time: return "a date-time"
        case .list(let element): return "a list of \(element.plural)"
        case .object: return "an object"
        case .events: return "events"
        case .event: return "an event"
        case .map(let key, let value): return "a map of \(key.plural) to \(value.plural)"
        case .unknown: return "a value"
        }
    }

    private var plural: String {
        switch self {
        case .boolean: return "booleans"
        case .number: return "numbers"
        case .string: return "strings"
        case .time: return "date-times"
        case .object: return "objects"
        default: return "values"
        }
    }

    /// Whether this is a whole event or object, which compares only as the same one or another.
    var isWhole: Bool {
        switch self {
        case .event, .object: return true
        default: return false
        }
    }

    /// Whether `=`, `<`, … can compare the two: like with like, a list with a list (as a whole), or a
    /// list with a value (some item compares: `xEvent.metrics.commerce.abandons.value > 0`).
    func isComparable(inComparisonWith other: PQLType) -> Bool {
        switch (self, other) {
        case (.list(let items), .list(let others)): return items.isComparable(with: others)
        case (.list(let items), _): return items.isComparable(with: other)
        case (_, .list(let others)): return isComparable(with: others)
        default: return isComparable(with: other)
        }
    }

    /// Whether values of the two types can be compared with `=`, `<`, `in`, ….
    func isComparable(with other: PQLType) -> Bool {
        switch (self, other) {
        case (.unknown, _), (_, .unknown): return true
        case (.boolean, .boolean), (.number, .number), (.string, .string), (.time, .time): return true
        case (.event, .event), (.object, .object): return true
        case (.time, .string), (.string, .time): return true
        default: return false
        }
    }
}
