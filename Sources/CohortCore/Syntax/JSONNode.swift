/// A JSON value with the position of its first character, as read by `JSONParser`.
public struct JSONNode: Sendable {
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        /// The number as written, so integers and decimals keep their exact text.
        case number(String)
        case string(LocatedText)
        case array([JSONNode])
        case object([JSONMember])
    }

    public var value: Value
    public var location: SourceLocation

    /// A short name for the kind of value, for messages ("found a number").
    public var kindDescription: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public var stringValue: LocatedText? {
        if case .string(let text) = value { return text }
        return nil
    }

    public var members: [JSONMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    public var elements: [JSONNode]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    /// The member named `key`, if this is an object that has one.
    public subscript(key: String) -> JSONNode? {
        members?.first { $0.key == key }?.value
    }
}

/// One `"key": value` pair of a JSON object, with the key's position.
public struct JSONMember: Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: JSONNode
}
