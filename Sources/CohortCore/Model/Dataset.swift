/// A dataset (SPEC §2.3) binds a schema to the inbox folder `inbox/<id>/`.
public struct Dataset: Definition, Equatable {
    public static let kind = DefinitionKind.dataset

    /// How files in the inbox folder are read.
    public enum Format: String, CaseIterable, Sendable {
        case auto, csv, json, ndjson, xml
    }

    /// A CSV header (or other source field name) mapped to a schema path.
    public struct FieldMapping: Equatable, Sendable {
        public var sourceField: String
        public var path: Located<String>

        public init(sourceField: String, path: Located<String>) {
            self.sourceField = sourceField
            self.path = path
        }
    }

    public var id: Located<String>
    public var name: String
    public var schema: Located<String>
    /// Whether records feed unified profiles (AEP's "enabled for Profile").
    public var profile: Bool
    public var format: Format
    /// The schema path whose value orders profile fragments; else the file's ingestion time.
    public var timestampField: Located<String>?
    /// Data-usage labels applied to every field of the dataset.
    public var labels: [Located<String>]
    /// Sorted by source field name.
    public var mapping: [FieldMapping]
    /// The percent of a file's records that may be rejected: a file with more fails whole and
    /// nothing of it is ingested (AEP's partial batch ingestion).
    public var errorThreshold: Double
    /// How the dataset's CSV files are written: delimiter, quote, header row and text encoding.
    public var csv: CSVOptions

    /// AEP's default for partial ingestion: 5 % of a file's records.
    public static let defaultErrorThreshold = 5.0

    public init(id: Located<String>, name: String, schema: Located<String>, profile: Bool = true, format: Format = .auto,
                timestampField: Located<String>? = nil, labels: [Located<String>] = [], mapping: [FieldMapping] = [],
                errorThreshold: Double = Dataset.defaultErrorThreshold, csv: CSVOptions = .standard) {
        self.id = id
        self.name = name
        self.schema = schema
        self.profile = profile
        self.format = format
        self.timestampField = timestampField
        self.labels = labels
        self.mapping = mapping.sorted { $0.sourceField < $1.sourceField }
        self.errorThreshold = errorThreshold
        self.csv = csv
    }

    /// Whether a file with `rejected` of `read` records is over the threshold and fails whole.
    public func failsWhole(read: Int, rejected: Int) -> Bool {
        read > 0 && Double(rejected) * 100 > errorThreshold * Double(read)
    }
}
