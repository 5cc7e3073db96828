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
        /// The same text in every row (null when empty): a column a preset's platform always wants.
        case constant(String)
    }

    public static let statusSource = "segmentMembership.status"
    public static let segmentColumn = "segment"
    /// The sources of the identity and segment columns (a mapping's source is a field path).
    public static let identitySource = "(identity)"
    public static let segmentSource = "(segment)"
    /// The source of a constant column: `=` and its text (a field path never starts with `=`).
    public static func constantSource(_ text: String) -> String { "=" + text }

    public let names: [String]
    /// What each column holds, as text: `identitySource`, `segmentSource` or a mapping's source.
    public let sources: [String]
    public let columns: [Column]
    public let segmentIndex: Int?
    public let statusIndex: Int?

    /// With a preset, the columns follow the preset's order rather than the mappings'.
    public init(destination: Destination, identity: ExportIdentity?, combined: Bool) {
        var columns: [(name: String, source: String)] = []
        if let identity { columns.append((identity.columnName, Self.identitySource)) }
        if combined { columns.append((Self.segmentColumn, Self.segmentSource)) }
        columns += destination.mappings.map { ($0.target, $0.source.value) }
        if let preset = destination.platformPreset {
            let filled = Set(columns.map(\.name))
            for column in preset.columns where !filled.contains(column.header) {
                guard let constant = column.constant ?? (preset.writesEveryColumn ? "" : nil) else { continue }
                columns.append((column.header, Self.constantSource(constant)))
            }
            let order = { (name: String) in preset.columns.firstIndex { $0.header == name } ?? preset.columns.count }
            columns = columns.enumerated().sorted { (order($0.element.name), $0.offset) < (order($1.element.name), $1.offset) }.map(\.element)
        }
        self.init(names: columns.map(\.name), sources: columns.map(\.source))
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
            case _ where source.hasPrefix("="): .constant(String(source.dropFirst()))
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
