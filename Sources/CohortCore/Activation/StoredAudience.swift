/// Where file destinations' audiences live between builds (the store), read a slice at a time: an
/// export that has them costs what the profiles it looks at again touch, not the audience's size.
/// A read that fails returns less; the caller records the failure and throws it after planning.
public protocol AudienceStore: AnyObject {
    /// The profiles whose entries may differ from the stored ones: every other entry is as stored.
    var dirty: Set<String> { get }
    /// The encoded entries (`AudienceCoding`) of `profiles` that are members of `segment`.
    func entries(_ segment: String, profiles: Set<String>) -> [String: [UInt8]]
    /// For each of `rowKeys`, the profiles with a row of that key.
    func contenders(_ segment: String, rowKeys: Set<String>) -> [String: [String]]
    /// For each of `rowKeys` with a standing row: its deduplication value and, when exported, its values.
    func standing(_ segment: String, rowKeys: Set<String>) -> [String: StandingRow]
    /// The row keys whose standing row has one of `values`, by value.
    func groups(_ segment: String, values: Set<String>) -> [String: Set<String>]
    /// Who was exported and who was left out, as stored.
    func counts(_ segment: String) -> ExportCounts
    /// The lines of the exported rows (full mode keeps them), in no particular order.
    func lines(_ segment: String) -> [(key: String, line: [UInt8])]
}

/// The row standing for one row key of an audience: its deduplication value, and (when it is
/// exported) its values (`AudienceCoding`) and, for full files, its line.
public struct StandingRow: Sendable {
    public var dedupValue: String?
    public var values: [UInt8]?
    public var line: [UInt8]?

    public init(dedupValue: String?, values: [UInt8]?, line: [UInt8]?) {
        self.dedupValue = dedupValue
        self.values = values
        self.line = line
    }
}

/// What an export changed in a destination's stored audiences: the caller writes it once the
/// export's files are written.
public struct AudienceChanges: Sendable {
    /// One segment's changes.
    public struct Segment: Sendable {
        /// Profile → its entry now (`AudienceCoding`) and the row keys it has; nil: no longer a member.
        public var entries: [String: (bytes: [UInt8], rowKeys: [String])?] = [:]
        /// Row key → the row standing for it now; nil: none.
        public var rows: [String: StandingRow?] = [:]
        public var counts = ExportCounts()
    }

    /// Every stored entry and row is replaced by these (the audiences were worked out from the files).
    public var replacesAll: Bool
    public var segments: [String: Segment] = [:]
}

/// The part of a stored audience an update reads (see `AudienceIndex.init(segment:restoring:isIncumbent:)`).
struct AudienceSlice {
    var members: [String: AudienceIndex.Member] = [:]
    /// Complete for every row key the update can reach.
    var contenders: [String: [String]] = [:]
    var kept: [String: ExportRow] = [:]
    var groups: [String: Set<String>] = [:]
    var counts = ExportCounts()
    /// Some stored bytes could not be read back: the slice is not the audience, which must be worked out afresh.
    private(set) var isDamaged = false

    /// Reads from `store` what updating the profiles `dirty` (whose entries are now `fresh`) reads:
    /// their stored entries; every contender for the row keys they have or had (any of which may
    /// come to stand for a row); the deduplication groups of every value those contenders and the
    /// fresh entries have, with the contenders of those groups' rows; and which rows are exported.
    init(_ segment: String, store: AudienceStore, dirty: Set<String>, fresh: [String: AudienceIndex.Member]) {
        members = decode(store.entries(segment, profiles: dirty), segment: segment)
        var rowKeys = Set(members.values.flatMap { $0.rows.map(\.key) })
        rowKeys.formUnion(fresh.values.flatMap { $0.rows.map(\.key) })
        contenders = store.contenders(segment, rowKeys: rowKeys)
        load(Set(contenders.values.joined()), of: segment, from: store)
        let values = Set((Array(members.values) + Array(fresh.values)).compactMap { $0.rows.isEmpty ? nil : $0.dedupValue })
        groups = values.isEmpty ? [:] : store.groups(segment, values: values)
        let grouped = Set(groups.values.joined()).subtracting(rowKeys)
        contenders.merge(store.contenders(segment, rowKeys: grouped)) { $1 }
        load(Set(contenders.values.joined()), of: segment, from: store)
        for (rowKey, row) in store.standing(segment, rowKeys: rowKeys.union(grouped)) {
            guard let bytes = row.values else { continue }
            guard let values = AudienceCoding.decodeValues(bytes) else {
                isDamaged = true
                continue
            }
            kept[rowKey] = ExportRow(segment: segment, key: rowKey, values: values)
        }
        counts = store.counts(segment)
    }

    /// Reads the entries of `profiles` not read yet.
    private mutating func load(_ profiles: Set<String>, of segment: String, from store: AudienceStore) {
        let missing = profiles.subtracting(members.keys)
        guard !missing.isEmpty else { return }
        members.merge(decode(store.entries(segment, profiles: missing), segment: segment)) { $1 }
    }

    private mutating func decode(_ entries: [String: [UInt8]], segment: String) -> [String: AudienceIndex.Member] {
        let decoded = entries.compactMapValues { AudienceCoding.decodeMember($0, segment: segment) }
        if decoded.count != entries.count { isDamaged = true }
        return decoded
    }
}

extension EvaluationFingerprint {
    /// A digest of the definitions a file destination's stored audiences depend on: what decides
    /// memberships and profile keys, the destination itself, the namespaces and the default country.
    public static func audiences(of destination: Destination, in workspace: Workspace) -> String {
        var lines = ["memberships \(memberships(workspace))", "destination \(String(reflecting: destination))",
                     "country \(workspace.settings.defaultCountry?.value ?? "")"]
        lines += workspace.allNamespaces.map { "namespace \(String(reflecting: $0))" }
        return SHA256.hex(Array(lines.joined(separator: "\n").utf8))
    }
}
