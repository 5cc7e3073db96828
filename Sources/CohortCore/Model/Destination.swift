/// A destination (SPEC §2.7): which segments go where, keyed by which identity, with which columns.
public struct Destination: Definition, Equatable {
    public static let kind = DefinitionKind.destination

    public enum DeliveryType: String, CaseIterable, Sendable {
        /// Batch files (AEP's S3/SFTP destinations).
        case file
        /// One NDJSON line per profile change (AEP's HTTP destination payload).
        case stream
        /// Identity → segments and attributes, in JSON shards a web page or edge function fetches one
        /// at a time (`LookupShards`).
        case lookup
    }

    public enum Format: String, CaseIterable, Sendable {
        case csv, json, ndjson

        public var fileExtension: String { rawValue }
    }

    public enum Mode: String, CaseIterable, Sendable {
        /// Every current member.
        case full
        /// Members that entered or left since the previous export, with their status.
        case incremental
    }

    public enum Hash: String, CaseIterable, Sendable {
        case none
        case sha256
    }

    /// The identity each row is keyed by: one row per value of this namespace in the profile's graph.
    public struct Identity: Equatable, Sendable {
        public var namespace: Located<String>
        public var hash: Hash

        public init(namespace: Located<String>, hash: Hash = .none) {
            self.namespace = namespace
            self.hash = hash
        }
    }

    /// A profile path (or `segmentMembership.status`) written to a target column.
    public struct Mapping: Equatable, Sendable {
        public var source: Located<String>
        public var target: String

        public init(source: Located<String>, target: String) {
            self.source = source
            self.target = target
        }
    }

    /// Only profiles whose value at `path` is one of `allow` are exported.
    public struct Consent: Equatable, Sendable {
        public var path: Located<String>
        public var allow: [String]

        public init(path: Located<String>, allow: [String]) {
            self.path = path
            self.allow = allow
        }
    }

    public struct CSVOptions: Equatable, Sendable {
        public var delimiter: String
        public var quote: String
        public var header: Bool
        public var nullText: String
        /// How a quote inside a quoted field is written; only a preset sets it.
        public var escape: CSVQuoting.Escape

        public static let standard = CSVOptions(delimiter: ",", quote: "\"", header: true, nullText: "")

        public init(delimiter: String, quote: String, header: Bool, nullText: String, escape: CSVQuoting.Escape = .doubled) {
            self.delimiter = delimiter
            self.quote = quote
            self.header = header
            self.nullText = nullText
            self.escape = escape
        }
    }

    public var id: Located<String>
    public var name: String
    public var type: DeliveryType
    public var format: Format
    public var segments: [Located<String>]
    public var identity: Identity?
    public var mappings: [Mapping]
    public var mandatory: [Located<String>]
    /// One namespace, or up to two attributes.
    public var dedupKey: [Located<String>]
    public var marketingAction: Located<String>?
    public var consent: Consent?
    public var mode: Mode
    /// With `{segment}` one file per segment, without it one combined file; `{build}` numbers the
    /// files of incremental and stream exports.
    public var fileName: Located<String>
    public var csv: CSVOptions
    /// The platform format (`DestinationPreset`) the destination follows, by name; the loader has
    /// already set the format, mode, file names and default consent it fixes.
    public var preset: Located<String>?
    /// Incremental files: with it, the rows that left are written to files of this name instead of
    /// with the status `exited` among the others.
    public var removeFileName: Located<String>?
    /// A lookup destination's shards: how many hex digits of a key's SHA-256 name its shard.
    public var prefixLength: Int

    public static let defaultPrefixLength = 2
    /// 1 to 4 hex digits: 16 to 65,536 shards.
    public static let prefixLengths = 1...4

    public init(id: Located<String>, name: String, type: DeliveryType = .file, format: Format = .csv,
                segments: [Located<String>], identity: Identity?, mappings: [Mapping] = [], mandatory: [Located<String>] = [],
                dedupKey: [Located<String>] = [], marketingAction: Located<String>? = nil, consent: Consent? = nil,
                mode: Mode = .full, fileName: Located<String>, csv: CSVOptions = .standard,
                preset: Located<String>? = nil, removeFileName: Located<String>? = nil,
                prefixLength: Int = Destination.defaultPrefixLength) {
        self.id = id
        self.name = name
        self.type = type
        self.format = format
        self.segments = segments
        self.identity = identity
        self.mappings = mappings
        self.mandatory = mandatory
        self.dedupKey = dedupKey
        self.marketingAction = marketingAction
        self.consent = consent
        self.mode = mode
        self.fileName = fileName
        self.csv = csv
        self.preset = preset
        self.removeFileName = removeFileName
        self.prefixLength = prefixLength
    }

    /// The preset the destination follows, when it names a known one.
    public var platformPreset: DestinationPreset? { preset.flatMap { DestinationPreset.named($0.value) } }

    /// The file name used when a destination gives none (a lookup destination names its shards by
    /// key prefix and never uses it).
    public static func defaultFileName(type: DeliveryType, mode: Mode, format: Format) -> String {
        switch (type, mode) {
        case (.stream, _): return "{destination}_{build}.ndjson"
        case (.lookup, _): return "{destination}.json"
        case (.file, .incremental): return "{destination}_{segment}_{build}.\(format.fileExtension)"
        case (.file, .full): return "{destination}_{segment}.\(format.fileExtension)"
        }
    }
}
