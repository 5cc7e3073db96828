/// What one profile record contributes to a profile: its attributes, identities and where it came from.
public struct Fragment: Sendable, Equatable {
    public var dataset: String
    public var identities: [Identity]
    public var primary: Identity?
    /// The record's attributes without `identityMap`.
    public var attributes: [String: Value]
    /// Orders fragments for `timestampOrdered`: the dataset's timestamp field, else the file's ingestion time (ms).
    public var timestamp: Int64
    public var origin: RecordOrigin

    public init(dataset: String, identities: [Identity], primary: Identity?, attributes: [String: Value], timestamp: Int64, origin: RecordOrigin) {
        self.dataset = dataset
        self.identities = identities
        self.primary = primary
        self.attributes = attributes
        self.timestamp = timestamp
        self.origin = origin
    }

    /// Newer first: by timestamp, then ledger sequence, then position in the file — so a rebuild
    /// merges the same.
    func isNewer(than other: Fragment) -> Bool {
        (timestamp, origin.sequence, origin.index) > (other.timestamp, other.origin.sequence, other.origin.index)
    }
}

/// One merged attribute's source, shown by `cohort profile`.
public struct AttributeSource: Sendable, Equatable {
    public var dataset: String
    public var file: String
    public var line: Int
    public var timestamp: Int64
}

extension AttributeSource {
    /// Where `fragment` came from.
    init(_ fragment: Fragment) {
        self.init(dataset: fragment.dataset, file: fragment.origin.file, line: fragment.origin.line,
                  timestamp: fragment.timestamp)
    }
}

/// A unified profile: its identities, merged attributes and each attribute's source.
public struct Profile: Sendable, Equatable {
    public var identities: [Identity]
    /// The attributes, packed: the form kept in memory and read by segments and exports.
    public let packedAttributes: PackedValue
    /// Keyed by dotted leaf path; empty unless the merge was asked to record them (`cohort profile`).
    public var sources: [String: AttributeSource]

    /// The attributes as a tree.
    public var attributes: [String: Value] { packedAttributes.objectMembers }

    public init(identities: [Identity], attributes: [String: Value], sources: [String: AttributeSource]) {
        self.identities = identities
        packedAttributes = PackedValue(.object(attributes))
        self.sources = sources
    }

    /// A profile of attributes already packed, without sources.
    public init(identities: [Identity], packedAttributes: PackedValue) {
        self.identities = identities
        self.packedAttributes = packedAttributes
        sources = [:]
    }
}
