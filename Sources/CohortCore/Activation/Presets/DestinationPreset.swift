/// A receiving platform's customer-file format, set on a file destination with `"preset": NAME`: the
/// file format, the columns in the platform's header names and order, which identities and attributes
/// each column takes, how each value is normalized and hashed, and how members are added and removed.
/// The user maps only attributes; mapping targets are the preset's column names.
public struct DestinationPreset: Sendable {
    /// How the platform learns who joined and who left an audience.
    public enum Changes: String, Sendable {
        /// A whole file per audience, rewritten in place, to replace the platform's list.
        case fullFile = "full file"
        /// Per export, a file of the rows that entered and a separate file of the rows that left.
        case addRemoveFiles = "add/remove files"
    }

    /// One column of the file.
    public struct Column: Sendable {
        /// The header, exactly as the platform names it.
        public let header: String
        /// The identity types whose values this column takes when the destination's `identity` is of one.
        public let identityTypes: Set<Namespace.IdentityType>
        /// What a mapped attribute must hold, for messages; nil when no attribute may fill the column.
        public let attribute: String?
        public let normalization: PresetNormalization
        /// Normalized values are written as lowercase SHA-256 hex.
        public let hashed: Bool
        /// Other columns that must be mapped when this one is (a match key made of several fields).
        public let together: [String]
        /// The text every row holds in this column (which nothing fills), e.g. an id type.
        public let constant: String?

        public init(_ header: String, identities: Set<Namespace.IdentityType> = [], attribute: String?,
                    _ normalization: PresetNormalization, hashed: Bool, together: [String] = []) {
            self.header = header
            identityTypes = identities
            self.attribute = attribute
            self.normalization = normalization
            self.hashed = hashed
            self.together = together
            constant = nil
        }

        /// A column holding `text` in every row.
        public init(_ header: String, constant text: String) {
            self.header = header
            identityTypes = []
            attribute = nil
            normalization = .trimmed
            hashed = false
            together = []
            constant = text
        }

        /// The value as the platform takes it: normalized, then hashed when the column is; nil when the
        /// value cannot be normalized (the cell is left empty).
        public func exported(_ text: String, defaultCountry: String?) -> String? {
            guard let normalized = normalization.apply(text, defaultCountry: defaultCountry), !normalized.isEmpty else {
                return nil
            }
            return hashed ? SHA256.hex(Array(normalized.utf8)) : normalized
        }
    }

    /// The name used in `"preset"`.
    public let name: String
    /// The platform and product, e.g. "Meta Custom Audiences".
    public let platform: String
    /// The page the format follows.
    public let documentation: String
    public let format: Destination.Format
    public let csv: Destination.CSVOptions
    public let columns: [Column]
    public let changes: Changes
    /// The consent a messaging platform needs by default (the destination's own `consent` replaces it).
    public let consent: (path: String, allow: [String])?
    /// The platform's template must keep every header: columns nothing fills are written empty.
    public let writesEveryColumn: Bool
    /// Mappings may also target columns of their own name (the platform's attributes are the user's),
    /// named as this rule allows; nil when only the preset's columns exist.
    public let customColumns: CustomColumns?

    /// The names a platform allows for columns of the user's own attributes.
    public struct CustomColumns: Sendable {
        /// What a name must be, for messages.
        public let rule: String
        public let allows: @Sendable (String) -> Bool
    }

    public init(name: String, platform: String, documentation: String, format: Destination.Format = .csv,
                csv: Destination.CSVOptions = .standard, columns: [Column], changes: Changes,
                consent: (path: String, allow: [String])? = nil, writesEveryColumn: Bool = false,
                customColumns: CustomColumns? = nil) {
        self.name = name
        self.platform = platform
        self.documentation = documentation
        self.format = format
        self.csv = csv
        self.columns = columns
        self.changes = changes
        self.consent = consent
        self.writesEveryColumn = writesEveryColumn
        self.customColumns = customColumns
    }

    /// The export mode the preset's way of adding and removing needs.
    public var mode: Destination.Mode { changes == .fullFile ? .full : .incremental }

    /// One file per audience (and, for add/remove files, per export and change).
    public var fileName: String {
        let ext = format.fileExtension
        return changes == .fullFile ? "{destination}_{segment}.\(ext)" : "{destination}_{segment}_{build}_add.\(ext)"
    }

    /// The file of the rows that left, for add/remove files.
    public var removeFileName: String? {
        changes == .addRemoveFiles ? "{destination}_{segment}_{build}_remove.\(format.fileExtension)" : nil
    }

    public func column(_ header: String) -> Column? { columns.first { $0.header == header } }

    /// The first column that takes identities of `type`: where the export identity is written.
    public func identityColumn(for type: Namespace.IdentityType) -> Column? {
        columns.first { $0.identityTypes.contains(type) }
    }

    /// Every preset, by name.
    public static let all: [DestinationPreset] = [
        .metaCustomAudiences, .googleCustomerMatch, .linkedInMatchedAudiences, .tiktokCustomerFile,
        .adobeTargetCustomerAttributes, .brazeUserImport, .airshipNamedUserList,
    ]

    public static func named(_ name: String) -> DestinationPreset? { all.first { $0.name == name } }
}
