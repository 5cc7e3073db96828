/// How the store writes a list of identities: a JSON array of `[namespace, value]` pairs, which no
/// value can break out of (a value holding `\n`, `:` or `"` stays one value of one identity).
public enum IdentityListCoding {
    /// `[["Email","ann@example.com"],["ECID","…"]]`.
    public static func encode(_ identities: [Identity]) -> String {
        JSONWriter.string(.array(identities.map(pair)))
    }

    /// One identity as a `[namespace, value]` pair.
    public static func encode(_ identity: Identity) -> String {
        JSONWriter.string(pair(identity))
    }

    /// The identities of `encode(_:)`'s text; nil when the text is not such a list.
    public static func decodeList(_ text: String) -> [Identity]? {
        guard case .success(let node) = JSONParser.parse(Array(text.utf8), file: "identities"),
              case .array(let pairs) = Value(node) else { return nil }
        var identities: [Identity] = []
        identities.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let identity = identity(pair) else { return nil }
            identities.append(identity)
        }
        return identities
    }

    /// The identity of one encoded pair; nil when the text is not one.
    public static func decode(_ text: String) -> Identity? {
        guard case .success(let node) = JSONParser.parse(Array(text.utf8), file: "identity") else { return nil }
        return identity(Value(node))
    }

    private static func pair(_ identity: Identity) -> Value {
        .array([.string(identity.namespace), .string(identity.id)])
    }

    private static func identity(_ value: Value) -> Identity? {
        guard case .array(let parts) = value, parts.count == 2,
              case .string(let namespace) = parts[0], case .string(let id) = parts[1] else { return nil }
        return Identity(namespace: namespace, id: id)
    }
}
