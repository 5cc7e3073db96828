/// The columns of a file destination's rows, in their fixed order: the export identity, the segment
/// (only when all segments share one file), then each mapping in the order the destination lists them.
public struct ExportLayout: Sendable {
    /// What a column holds.
    public enum Column: Equatable, Sendable {
        case identity
        case segment
        case status
        /// A profile attribute, by the name ids of its path.
        case attribute([UInt32])
    }

    public static let statusSource = "segmentMembership.status"
    public static let segmentColumn = "segment"
    /// The sources of the identity and segment columns (a mapping's source is a field path).
    public static let identitySource = "(identity)"
    public static let segmentSource = "(segment)"

    public let names: [String]
    /// What each column holds, as text: `identitySource`, `segmentSource` or a mapping's source.
    public let sources: [String]
    public let columns: [Column]
    public let segmentIndex: Int?
    public let statusIndex: Int?

    public init(destination: Destination, identity: ExportIdentity?, combined: Bool) {
        var names: [String] = []
        var sources: [String] = []
        if let identity {
            names.append(identity.columnName)
            sources.append(Self.identitySource)
        }
        if combined {
            names.append(Self.segmentColumn)
            sources.append(Self.segmentSource)
        }
        for mapping in destination.mappings {
            names.append(mapping.target)
            sources.append(mapping.source.value)
        }
        self.init(names: names, sources: sources)
    }

    /// The layout of columns named `names` holding `sources` (as `sources` describes them).
    public init(names: [String], sources: [String]) {
        self.names = names
        self.sources = sources
        columns = sources.map { source in
            switch source {
            case Self.identitySource: .identity
            case Self.segmentSource: .segment
            case Self.statusSource: .status
            default: .attribute(PackedValue.path(source))
            }
        }
        segmentIndex = columns.firstIndex(of: .segment)
        statusIndex = columns.firstIndex(of: .status)
    }
}

/// One exported row: the segment it belongs to, its key (the exported identity value) and one value
/// per column of the layout.
public struct ExportRow: Equatable, Sendable {
    public var segment: String
    public var key: String
    public var values: [Value]

    public init(segment: String, key: String, values: [Value]) {
        self.segment = segment
        self.key = key
        self.values = values
    }

    /// Rows are sorted by key, then segment.
    public static func ordered(_ lhs: ExportRow, _ rhs: ExportRow) -> Bool {
        (lhs.key, lhs.segment) < (rhs.key, rhs.segment)
    }

    /// Where a row lives in an audience: one row per segment and key.
    public var id: RowID { RowID(segment: segment, key: key) }

    public struct RowID: Hashable, Sendable {
        public var segment: String
        public var key: String
    }
}
