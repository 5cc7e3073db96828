/// Where a lookup destination's state lives between exports (the store): each member's piece and,
/// per key, the profiles exporting it, so that an export reads only what its changed profiles reach.
/// A read that fails returns less; the caller records the failure and throws it after planning.
public protocol LookupStore: AnyObject {
    /// The profiles changed since the state was saved: every other profile's piece is as stored.
    var dirty: Set<String> { get }
    /// The encoded pieces of those of `profiles` that have one.
    func pieces(_ profiles: Set<String>) -> [String: [UInt8]]
    /// The profiles whose piece exports one of `keys`.
    func profiles(holding keys: Set<String>) -> Set<String>
}

/// What an export changed in a lookup destination's stored state: the caller writes it once the
/// export's files are written.
public struct LookupChanges: Sendable {
    /// Every stored piece is replaced by these (the state was worked out afresh).
    public var replacesAll: Bool
    /// Profile → its piece now (encoded) and the keys it exports; nil: it is a member of none of the segments.
    public var profiles: [String: (piece: [UInt8], keys: [String])?] = [:]
    /// Profile → the keys its stored piece exported (the holders to take out before the new ones go in).
    public var formerKeys: [String: [String]] = [:]
}

/// One member of a lookup destination's segments as the last export saw it.
struct LookupPiece: Equatable {
    /// The destination's segments the profile is in, in the destination's order.
    var segments: [String]
    /// Why it is not exported; nil when it is.
    var skip: ExportSkip?
    /// The keys it exports (none when skipped), sorted.
    var keys: [String]
    /// Its mapped attributes, by target path.
    var attributes: [String: Value]

    /// What a shard holds for each of its keys (when no other profile takes the key).
    var entry: Value {
        .object(["segments": .array(segments.map(Value.string)), "attributes": .object(attributes)])
    }

    func encoded() -> [UInt8] {
        var fields: [String: Value] = ["segments": .array(segments.map(Value.string)),
                                       "keys": .array(keys.map(Value.string)), "attributes": .object(attributes)]
        if let skip { fields["skip"] = .string(Self.names[skip] ?? "") }
        return Array(JSONWriter.string(.object(fields)).utf8)
    }

    /// A piece `encoded` wrote; nil when the bytes are not one.
    init?(decoding bytes: [UInt8]) {
        guard case .success(let node) = JSONParser.parse(bytes, file: "lookup piece"),
              case .object(let fields) = Value(node),
              case .array(let segments)? = fields["segments"], case .array(let keys)? = fields["keys"],
              case .object(let attributes)? = fields["attributes"] else { return nil }
        var skip: ExportSkip?
        if case .string(let name)? = fields["skip"] {
            guard let reason = Self.names.first(where: { $0.value == name })?.key else { return nil }
            skip = reason
        }
        let texts = segments.compactMap(\.plainString) + keys.compactMap(\.plainString)
        guard texts.count == segments.count + keys.count else { return nil }
        self.init(segments: Array(texts[..<segments.count]), skip: skip, keys: Array(texts[segments.count...]),
                  attributes: attributes)
    }

    init(segments: [String], skip: ExportSkip?, keys: [String], attributes: [String: Value]) {
        self.segments = segments
        self.skip = skip
        self.keys = keys
        self.attributes = attributes
    }

    private static let names: [ExportSkip: String] = [
        .consent: "consent", .mandatory: "mandatory", .identity: "identity",
    ]
}
