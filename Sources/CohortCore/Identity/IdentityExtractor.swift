/// Finds the identities of one validated record: the schema's identity fields and the record's
/// `identityMap`, normalized and checked by their namespace's rules, at most `limit` per record.
public struct IdentityExtractor: Sendable {
    /// A record's identities (primary first, then in a fixed order) and the values it dropped.
    public struct Extracted: Equatable, Sendable {
        public var identities: [Identity]
        public var primary: Identity?
        public var dropped: [IdentityRules.Drop: Int]
    }

    private let fields: [(components: [String], namespace: String, isPrimary: Bool)]
    private let rules: [String: IdentityRules]
    private let limit: Int

    /// `defaultCountry`: the workspace's, for national phone numbers.
    public init(schema: Schema, namespaces: [Namespace], limit: Int, defaultCountry: String? = nil) {
        fields = schema.identities.map { (FieldPath.components(of: $0.path.value), $0.namespace.value, $0.isPrimary) }
        let rules = namespaces.map { ($0.id.value, IdentityRules(namespace: $0, defaultCountry: defaultCountry)) }
        self.rules = Dictionary(rules, uniquingKeysWith: { first, _ in first })
        self.limit = limit
    }

    /// The identities of a record tree: its identity fields and its `identityMap`.
    public func extract(from record: Value) -> Extracted {
        var candidates = fieldCandidates(of: record)
        if case .object(let map)? = record[path: ["identityMap"]] {
            for code in map.keys.sorted() {
                guard case .array(let entries)? = map[code] else { continue }
                for case .object(let entry) in entries {
                    if let text = Self.text(entry["id"]) {
                        candidates.append((code, text, entry["primary"] == .bool(true)))
                    }
                }
            }
        }
        return choose(candidates)
    }

    /// The identities of a record whose `identityMap` was read as entries (sorted by code, in
    /// written order within one); `fields` holds at least the record's identity fields.
    public func extract(fields: Value, identityMap: [IdentityMapEntry]) -> Extracted {
        choose(fieldCandidates(of: fields) + identityMap.map { ($0.code, $0.id, $0.primary == true) })
    }

    private func fieldCandidates(of record: Value) -> [(namespace: String, raw: String, isPrimary: Bool)] {
        fields.compactMap { field in Self.text(record[path: field.components[...]]).map { (field.namespace, $0, field.isPrimary) } }
    }

    /// Primary candidates first, each normalized and checked by its namespace's rules, at most `limit`.
    private func choose(_ candidates: [(namespace: String, raw: String, isPrimary: Bool)]) -> Extracted {
        var result = Extracted(identities: [], primary: nil, dropped: [:])
        // A record has a handful of candidates: scanning the ones seen beats hashing them, but not
        // for the thousands a hostile identityMap could hold.
        let scans = candidates.count <= 16
        var seenList: [Identity] = []
        var seenSet = Set<Identity>()
        for candidate in candidates.filter(\.isPrimary) + candidates.filter({ !$0.isPrimary }) {
            guard let rule = rules[candidate.namespace] else {
                result.dropped[.unknownNamespace, default: 0] += 1
                continue
            }
            switch rule.check(candidate.raw) {
            case .failure(let reason):
                result.dropped[reason.drop, default: 0] += 1
            case .success(let value):
                let identity = Identity(namespace: candidate.namespace, id: value)
                guard scans ? !seenList.contains(identity) : seenSet.insert(identity).inserted else { continue }
                if scans { seenList.append(identity) }
                guard result.identities.count < limit else {
                    result.dropped[.overRecordLimit, default: 0] += 1
                    continue
                }
                result.identities.append(identity)
                if candidate.isPrimary && result.primary == nil { result.primary = identity }
            }
        }
        if result.primary == nil { result.primary = result.identities.first }
        return result
    }

    /// Strings as they are; whole numbers (an integer loyalty id) in their decimal form.
    private static func text(_ value: Value?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .integer(let number)?: return String(number)
        default: return nil
        }
    }
}
