/// How the store writes a list of identities: a JSON array of `[namespace, value]` pairs, which no
/// value can break out of (a value holding `\n`, `:` or `"` stays one value of one identity).
public enum IdentityListCoding {
    /// `[["Email","ann@example.com"],["ECID","…"]]`.
    /// Written straight to text, as `JSONWriter` writes the list's JSON tree (every stored record
    /// encodes three lists: building the tree cost more than writing it).
    public static func encode(_ identities: [Identity]) -> String {
        var output = "["
        for (index, identity) in identities.enumerated() {
            if index > 0 { output += "," }
            write(identity, to: &output)
        }
        return output + "]"
    }

    /// One identity as a `[namespace, value]` pair.
    public static func encode(_ identity: Identity) -> String {
        var output = ""
        write(identity, to: &output)
        return output
    }

    private static func write(_ identity: Identity, to output: inout String) {
        output += "["
        JSONWriter.writeString(identity.namespace, to: &output)
        output += ","
        JSONWriter.writeString(identity.id, to: &output)
        output += "]"
    }

    /// The identities of `encode(_:)`'s text; nil when the text is not such a list.
    public static func decodeList(_ text: String) -> [Identity]? {
        var text = text
        if let identities = text.withUTF8({ bytes in
            var list = PlainList(bytes: bytes)
            return list.identities()
        }) { return identities }
        return decodeAnyList(text)
    }

    /// The general reading of a list, for values with escapes (the plain reading gives up on those).
    private static func decodeAnyList(_ text: String) -> [Identity]? {
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
    /// Read as a list of one, which takes the list's plain reading when it can.
    public static func decode(_ text: String) -> Identity? {
        guard let list = decodeList("[" + text + "]"), list.count == 1 else { return nil }
        return list[0]
    }

    private static func identity(_ value: Value) -> Identity? {
        guard case .array(let parts) = value, parts.count == 2,
              case .string(let namespace) = parts[0], case .string(let id) = parts[1] else { return nil }
        return Identity(namespace: namespace, id: id)
    }

    /// Reads a list whose strings hold no escape — nearly every stored list — without building a JSON
    /// tree: `[["ns","value"],…]` exactly as `encode` writes it. Gives nil for anything else.
    private struct PlainList {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func identities() -> [Identity]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var identities: [Identity] = []
            if take(UInt8(ascii: "]")) { return at == bytes.count ? identities : nil }
            repeat {
                guard take(UInt8(ascii: "[")), let namespace = string(), take(UInt8(ascii: ",")), let id = string(),
                      take(UInt8(ascii: "]")) else { return nil }
                identities.append(Identity(namespace: namespace, id: id))
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) && at == bytes.count ? identities : nil
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        /// A string without escapes or control characters; nil otherwise.
        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = at
            while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
                if bytes[at] == UInt8(ascii: "\\") || bytes[at] < 0x20 { return nil }
                at += 1
            }
            guard at < bytes.count else { return nil }
            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
            at += 1
            return value
        }
    }
}
