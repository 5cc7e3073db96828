/// A JSON-like data value: what a record, a profile attribute or an event field holds.
public indirect enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([Value])
    case object([String: Value])

    /// A short name of the kind of value, for messages ("found a string").
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer, .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The whole number this value holds, if it is an integer that fits an `Int` (the counts of files cohort writes).
    public var wholeNumber: Int? {
        if case .integer(let number) = self { return Int(exactly: number) }
        return nil
    }

    /// The text of a string value; nil for any other value.
    public var plainString: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    /// The value converted from a parsed JSON node (positions dropped).
    public init(_ node: JSONNode) {
        switch node.value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let literal):
            if let integer = Int64(literal) {
                self = .integer(integer)
            } else {
                self = .number(Double(literal) ?? .nan)
            }
        case .string(let text): self = .string(text.text)
        case .array(let elements): self = .array(elements.map(Value.init))
        case .object(let members):
            self = .object(Dictionary(members.map { ($0.key, Value($0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }

    /// The value at a dotted path through objects (not arrays), if any.
    public subscript(path components: ArraySlice<String>) -> Value? {
        guard let first = components.first else { return self }
        guard case .object(let members) = self, let child = members[first] else { return nil }
        return child[path: components.dropFirst()]
    }

    /// Sets `value` at a dotted path inside `object`, creating the objects along the way.
    public static func insert(_ value: Value, at components: ArraySlice<String>, into object: inout [String: Value]) {
        guard let first = components.first else { return }
        if components.count == 1 {
            object[first] = value
            return
        }
        var child: [String: Value] = [:]
        if case .object(let existing) = object[first] { child = existing }
        insert(value, at: components.dropFirst(), into: &child)
        object[first] = .object(child)
    }
}
