/// `exports/<destination>/manifest.json`: the files a destination owns and, per segment, how many
/// profiles were exported and how many were left out and why. It is also how the next export knows
/// what was sent before: incremental and stream destinations replay their files in export order.
public struct ExportManifest: Equatable, Sendable {
    /// One file the destination wrote.
    public struct File: Equatable, Sendable {
        public var name: String
        /// The segment whose rows the file holds; nil for a file of all segments.
        public var segment: String?
        /// The export that wrote it (incremental and stream destinations); nil for full exports.
        public var export: Int?
        public var rows: Int
        /// The file holds the rows that left in its export (a destination with `removeFileName`).
        public var removes: Bool
        /// The lowercase hex SHA-256 of the file's bytes (a lookup destination's shards, so that a
        /// cache can be keyed by content); nil for other files.
        public var sha256: String?

        public init(name: String, segment: String?, export: Int?, rows: Int, removes: Bool = false, sha256: String? = nil) {
            self.name = name
            self.segment = segment
            self.export = export
            self.rows = rows
            self.removes = removes
            self.sha256 = sha256
        }
    }

    public static let fileName = "manifest.json"

    public var destination: String
    /// The number of the latest export that wrote a file (incremental and stream destinations).
    public var export: Int
    /// In export order, then by name.
    public var files: [File]
    public var segments: [String: ExportCounts]
    /// The shape of the files (file destinations; nil in manifests written before it was recorded).
    public var shape: ExportShape?
    /// The latest export that was a backfill after a change of shape (incremental destinations): its
    /// files hold every member then, in `shape`; files of earlier exports are in an earlier shape.
    public var backfill: Int?
    /// How a reader finds a key's shard (lookup destinations).
    public var lookup: LookupIndex?

    public init(destination: String, export: Int, files: [File], segments: [String: ExportCounts],
                shape: ExportShape? = nil, backfill: Int? = nil, lookup: LookupIndex? = nil) {
        self.destination = destination
        self.export = export
        self.files = files.sorted { ($0.export ?? 0, $0.name) < ($1.export ?? 0, $1.name) }
        self.segments = segments
        self.shape = shape
        self.backfill = backfill
        self.lookup = lookup
    }

    /// Indented JSON with sorted keys: the same manifest is always the same bytes.
    public func encoded() -> [UInt8] {
        let files = self.files.map { file -> Value in
            var members: [String: Value] = ["name": .string(file.name), "rows": .integer(Int64(file.rows))]
            if let segment = file.segment { members["segment"] = .string(segment) }
            if let export = file.export { members["export"] = .integer(Int64(export)) }
            if file.removes { members["removes"] = .bool(true) }
            if let sha256 = file.sha256 { members["sha256"] = .string(sha256) }
            return .object(members)
        }
        let segments = self.segments.mapValues(\.encoded)
        var root: [String: Value] = ["destination": .string(destination), "files": .array(files), "segments": .object(segments)]
        if export > 0 { root["export"] = .integer(Int64(export)) }
        if let shape { root["shape"] = shape.encoded }
        if let backfill { root["backfill"] = .integer(Int64(backfill)) }
        if let lookup { root["lookup"] = lookup.encoded }
        return Array(JSONWriter.pretty(.object(root)).utf8)
    }

    /// Reads a manifest this type wrote; nil when the bytes are not one.
    public static func decode(_ bytes: [UInt8]) -> ExportManifest? {
        guard case .success(let node) = JSONParser.parse(bytes, file: ExportManifest.fileName),
              case .object(let root) = Value(node), case .string(let destination)? = root["destination"],
              case .array(let fileValues)? = root["files"] else { return nil }
        var files: [File] = []
        for value in fileValues {
            guard case .object(let file) = value, case .string(let name)? = file["name"], case .integer(let rows)? = file["rows"] else { return nil }
            var segment: String?
            if case .string(let text)? = file["segment"] { segment = text }
            var export: Int?
            if case .integer(let number)? = file["export"] { export = Int(number) }
            var sha256: String?
            if case .string(let text)? = file["sha256"] { sha256 = text }
            files.append(File(name: name, segment: segment, export: export, rows: Int(rows), removes: file["removes"] == .bool(true),
                              sha256: sha256))
        }
        var segments: [String: ExportCounts] = [:]
        if case .object(let members)? = root["segments"] {
            for (segment, value) in members {
                if let counts = ExportCounts(decoding: value) { segments[segment] = counts }
            }
        }
        var export = 0
        if case .integer(let number)? = root["export"] { export = Int(number) }
        var backfill: Int?
        if case .integer(let number)? = root["backfill"] { backfill = Int(number) }
        return ExportManifest(destination: destination, export: export, files: files, segments: segments,
                              shape: root["shape"].flatMap(ExportShape.decode), backfill: backfill,
                              lookup: root["lookup"].flatMap(LookupIndex.init(decoding:)))
    }
}

extension ExportCounts {
    /// `{"members","exported","deduplicated","skipped":{"consent","mandatory","identity"}}`, as manifests
    /// and the build history write them.
    public var encoded: Value {
        .object([
            "members": .integer(Int64(members)),
            "exported": .integer(Int64(exported)),
            "deduplicated": .integer(Int64(deduplicated)),
            "skipped": .object([
                "consent": .integer(Int64(consent)),
                "mandatory": .integer(Int64(mandatory)),
                "identity": .integer(Int64(identity)),
            ]),
        ])
    }

    /// Counts as `encoded` writes them (a count that is missing is 0); nil when `value` is no object.
    public init?(decoding value: Value) {
        guard case .object(let fields) = value else { return nil }
        self.init()
        members = fields["members"]?.wholeNumber ?? 0
        exported = fields["exported"]?.wholeNumber ?? 0
        deduplicated = fields["deduplicated"]?.wholeNumber ?? 0
        if case .object(let skipped)? = fields["skipped"] {
            consent = skipped["consent"]?.wholeNumber ?? 0
            mandatory = skipped["mandatory"]?.wholeNumber ?? 0
            identity = skipped["identity"]?.wholeNumber ?? 0
        }
    }
}
