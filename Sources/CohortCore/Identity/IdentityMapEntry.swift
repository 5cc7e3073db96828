/// One entry of a record's `identityMap` as written: `{"id": …, "primary"?: …, "authenticatedState"?: …}`
/// under its namespace code. The fast lane of ingest reads these straight from the bytes.
public struct IdentityMapEntry: Equatable, Sendable {
    public var code: String
    public var id: String
    public var primary: Bool?
    public var authenticatedState: String?

    public init(code: String, id: String, primary: Bool? = nil, authenticatedState: String? = nil) {
        self.code = code
        self.id = id
        self.primary = primary
        self.authenticatedState = authenticatedState
    }

    /// Entries (those of one code in written order) as an `identityMap` tree.
    public static func map(of entries: [IdentityMapEntry]) -> Value {
        var map: [String: [Value]] = [:]
        for entry in entries {
            var fields: [String: Value] = ["id": .string(entry.id)]
            if let primary = entry.primary { fields["primary"] = .bool(primary) }
            if let state = entry.authenticatedState { fields["authenticatedState"] = .string(state) }
            map[entry.code, default: []].append(.object(fields))
        }
        return .object(map.mapValues(Value.array))
    }
}
