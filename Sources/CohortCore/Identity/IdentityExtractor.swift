/// Finds the identities of one validated record: the schema's identity fields and the record's
/// `identityMap`, normalized and checked by their namespace's rules, at most `limit` per record.
public struct IdentityExtractor: Sendable {
    /// A record's identities (primary first, then in a fixed order), the values it dropped, and
    /// `path: reason` for each value that makes the whole record unacceptable.
    public struct Extracted: Equatable, Sendable {
        public var identities: [Identity]
        public var primary: Identity?
        /// Values dropped, by namespace and reason.
        public var droppedValues: [IdentityRules.DroppedValues: Int]
        public var refusals: [String] = []

        /// Values dropped, by reason.
        public var dropped: [IdentityRules.Drop: Int] {
            droppedValues.reduce(into: [:]) { counts, entry in counts[entry.key.drop, default: 0] += entry.value }
        }
    }

    /// One identity value found in a record, before its namespace's rules check it.
    private struct Candidate {
        var namespace: String
        var raw: String
        var isPrimary: Bool
        /// Its namespace's rules, an index into `rules`; nil for a namespace the workspace does not have.
        var rule: Int?
        /// The identity field it is read from, an index into `fields`; nil for one from `identityMap`.
        var field: Int?
    }

    private let fields: [(components: [String], path: String, namespace: String, isPrimary: Bool, rule: Int?)]
    /// A namespace's rules behind a reference, so that using them copies none of their fields.
    private final class SharedRules: Sendable {
        let rules: IdentityRules
        init(_ rules: IdentityRules) { self.rules = rules }
    }

    /// Each namespace's rules, found by code through `ruleIndex` (or, for a handful, by a scan of `codes`).
    private let rules: [SharedRules]
    private let codes: [String]
    private let ruleIndex: [String: Int]
    private let limit: Int

    /// `defaultCountry`: the workspace's, for national phone numbers.
    public init(schema: Schema, namespaces: [Namespace], limit: Int, defaultCountry: String? = nil) {
        rules = namespaces.map { SharedRules(IdentityRules(namespace: $0, defaultCountry: defaultCountry)) }
        codes = namespaces.map(\.id.value)
        let ruleIndex = Dictionary(namespaces.indices.map { (namespaces[$0].id.value, $0) }, uniquingKeysWith: { first, _ in first })
        self.ruleIndex = ruleIndex
        fields = schema.identities.map {
            (FieldPath.components(of: $0.path.value), $0.path.value, $0.namespace.value, $0.isPrimary, ruleIndex[$0.namespace.value])
        }
        self.limit = limit
    }

    /// The index of the rules of the namespace `code`: the first namespace with it, as `ruleIndex` keeps.
    private func rule(of code: String) -> Int? {
        guard codes.count <= 16 else { return ruleIndex[code] }
        return codes.firstIndex(of: code)
    }

    /// The identities of a record tree: its identity fields and its `identityMap`.
    public func extract(from record: Value) -> Extracted {
        var candidates = fieldCandidates(of: record)
        if case .object(let map)? = record[path: ["identityMap"]] {
            for code in map.keys.sorted() {
                guard case .array(let entries)? = map[code] else { continue }
                let rule = rule(of: code)
                for case .object(let entry) in entries {
                    if let text = Self.text(entry["id"]) {
                        candidates.append(Candidate(namespace: code, raw: text, isPrimary: entry["primary"] == .bool(true),
                                                    rule: rule, field: nil))
                    }
                }
            }
        }
        return choose(candidates)
    }

    /// The identities of a record whose identity fields and `identityMap` were read aside: `values`
    /// holds each identity field's value (nil for none) in the schema's order of identity fields,
    /// `identityMap` its entries (sorted by code, in written order within one).
    public func extract(identityValues values: [Value?], identityMap: [IdentityMapEntry]) -> Extracted {
        var candidates: [Candidate] = []
        candidates.reserveCapacity(fields.count + identityMap.count)
        for (index, value) in values.prefix(fields.count).enumerated() {
            if let text = Self.text(value) { candidates.append(candidate(field: index, text: text)) }
        }
        // Entries of one code are together: its rules are looked up once.
        var previous: (code: String, rule: Int?)?
        for entry in identityMap {
            let rule = previous?.code == entry.code ? previous?.rule : rule(of: entry.code)
            previous = (entry.code, rule)
            candidates.append(Candidate(namespace: entry.code, raw: entry.id, isPrimary: entry.primary == true,
                                        rule: rule, field: nil))
        }
        return choose(candidates)
    }

    private func candidate(field index: Int, text: String) -> Candidate {
        let field = fields[index]
        return Candidate(namespace: field.namespace, raw: text, isPrimary: field.isPrimary, rule: field.rule, field: index)
    }

    private func fieldCandidates(of record: Value) -> [Candidate] {
        fields.indices.compactMap { index in
            Self.text(record[path: fields[index].components[...]]).map { candidate(field: index, text: $0) }
        }
    }

    /// Where a candidate is in its record, as a refusal names it.
    private func path(of candidate: Candidate) -> String {
        candidate.field.map { fields[$0].path } ?? "identityMap.\(candidate.namespace)"
    }

    /// Primary candidates first, each normalized and checked by its namespace's rules, at most
    /// `limit`. A value holding a control character is refused, not dropped: it could carry a line
    /// break or a NUL that some reader of it takes for the end of the value.
    private func choose(_ candidates: [Candidate]) -> Extracted {
        var result = Extracted(identities: [], primary: nil, droppedValues: [:])
        result.identities.reserveCapacity(max(0, min(limit, candidates.count)))
        for candidate in candidates where Self.mayHoldControl(candidate.raw) {
            if let control = candidate.raw.unicodeScalars.first(where: Self.isControl) {
                let hex = String(control.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                result.refusals.append("\(path(of: candidate)): the identity value holds the control character \(code); "
                                       + "identity values cannot hold control characters (line breaks, tabs, NUL)")
            }
        }
        guard result.refusals.isEmpty else { return result }
        // A record has a handful of candidates: scanning the ones seen (those kept, and those past
        // the limit) beats hashing them, but not for the thousands a hostile identityMap could hold.
        let scans = candidates.count <= 16
        var seenPastLimit: [Identity] = []
        var seenSet = Set<Identity>()
        // Primary candidates first, each group in its order (already so unless a primary follows
        // another). Candidates are read where they are, by index.
        let primaryLater = candidates.indices.dropFirst().contains { !candidates[$0 - 1].isPrimary && candidates[$0].isPrimary }
        let order = primaryLater
            ? candidates.indices.filter { candidates[$0].isPrimary } + candidates.indices.filter { !candidates[$0].isPrimary }
            : nil
        for position in candidates.indices {
            let index = order?[position] ?? position
            guard let rule = candidates[index].rule else {
                result.droppedValues[.init(namespace: candidates[index].namespace, drop: .unknownNamespace), default: 0] += 1
                continue
            }
            switch rules[rule].rules.check(candidates[index].raw) {
            case .failure(let reason):
                result.droppedValues[.init(namespace: candidates[index].namespace, drop: reason.drop), default: 0] += 1
            case .success(let value):
                let identity = Identity(namespace: candidates[index].namespace, id: value)
                guard scans ? !result.identities.contains(identity) && !seenPastLimit.contains(identity)
                            : seenSet.insert(identity).inserted else { continue }
                guard result.identities.count < limit else {
                    if scans { seenPastLimit.append(identity) }
                    result.droppedValues[.init(namespace: identity.namespace, drop: .overRecordLimit), default: 0] += 1
                    continue
                }
                result.identities.append(identity)
                if candidates[index].isPrimary && result.primary == nil { result.primary = identity }
            }
        }
        if result.primary == nil { result.primary = result.identities.first }
        return result
    }

    /// Whether `text` has a byte of a control character: below 0x20, 0x7F, or C2 (the lead byte of
    /// C2 80 to C2 9F). Only such text needs its scalars read.
    private static func mayHoldControl(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
    }

    /// C0 and C1 control characters and DEL.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
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
