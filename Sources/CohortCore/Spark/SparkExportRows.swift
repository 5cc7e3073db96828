/// What the Spark job computes for each file destination: per current member of each segment, the entry
/// `AudienceRows.member` makes natively (its rows, or the reason it is left out, and its deduplication
/// value), as Spark SQL compiled from the planner's own `AudienceRows`. The SQL reads a frame of one
/// segment's current members with the columns `identities` (the profile's, as the job orders them),
/// `attributesColumn` (the merged attributes as JSON text) and `segmentColumn`; `keys` is evaluated
/// first as `keysColumn`, then `skip` as `skipColumn`, then `rows` and `dedup`.
public struct SparkExportRows: Sendable {
    public static let attributesColumn = "__cohort_attributes"
    public static let segmentColumn = "export_segment"
    public static let keysColumn = "export_keys"
    public static let skipColumn = "export_skip"

    /// One file destination's SQL.
    public struct Entry: Equatable, Sendable {
        public var destination: String
        /// ARRAY<STRING>: the exported values of the export identity (normalized, hashed), in identity order.
        public var keys: String
        /// STRING: `consent`, `mandatory`, `identity`, or NULL when the member is exported.
        public var skip: String
        /// ARRAY<STRUCT<key, values: ARRAY<STRUCT<s, j>>>>: per key, the row's cells (`s` a string, `j` any
        /// other value as JSON text, both NULL for null); NULL when the member is left out.
        public var rows: String
        /// STRING: the deduplication value; NULL when the member has none or is left out.
        public var dedup: String
    }

    public let entries: [Entry]
    /// Row rules Spark cannot reproduce exactly, at their place in the destination files, sorted.
    public let unsupported: [Diagnostic]

    public init(workspace: Workspace) {
        let profile = PQLEnvironment(workspace: workspace).profile
        var entries: [Entry] = []
        var unsupported: [Diagnostic] = []
        for destination in workspace.destinations.sorted(by: { $0.id.value < $1.id.value }) where destination.type == .file {
            let compiler = Compiler(rows: FileExportPlanner(destination: destination, workspace: workspace).audienceRows,
                                    profile: profile)
            let entry = compiler.entry()
            unsupported += compiler.unsupported
            entries.append(entry)
        }
        self.entries = entries
        self.unsupported = unsupported.sorted()
    }

    /// The entries as the plan carries them.
    public var json: Value {
        .array(entries.map { entry in
            .object(["destination": .string(entry.destination), "keys": .string(entry.keys), "skip": .string(entry.skip),
                     "rows": .string(entry.rows), "dedup": .string(entry.dedup)])
        })
    }

    private final class Compiler {
        let rows: AudienceRows
        let profile: SchemaField
        let sql: SparkNormalizationSQL
        var unsupported: [Diagnostic] = []

        init(rows: AudienceRows, profile: SchemaField) {
            self.rows = rows
            self.profile = profile
            sql = SparkNormalizationSQL(defaultCountry: rows.identity.defaultCountry ?? rows.defaultCountry)
        }

        private var destination: Destination { rows.destination }

        func entry() -> Entry {
            let skip = "\(SparkExportRows.skipColumn) IS NULL"
            let key = sql.variable()
            let cells = rows.layout.columns.indices.map { cell($0, key: key) }.joined(separator: ", ")
            return Entry(destination: destination.id.value, keys: keys(), skip: reason(),
                         rows: "CASE WHEN \(skip) THEN transform(\(SparkExportRows.keysColumn), \(key) -> "
                            + "named_struct('key', \(key), 'values', array(\(cells)))) END",
                         dedup: "CASE WHEN \(skip) THEN \(dedup()) END")
        }

        /// `ExportIdentity.exported` of every identity of the export identity's namespace, nil ones left out.
        private func keys() -> String {
            let (of, id, key) = (sql.variable(), sql.variable(), sql.variable())
            let identity = rows.identity
            let value = "\(id).id"
            let exported: String
            if let column = identity.presetColumn {
                exported = sql.exported(value, column: column)
            } else if identity.hash == .sha256 {
                exported = "sha2(\(sql.forHashing(value, phone: identity.type == .phone)), 256)"
            } else {
                exported = value
            }
            return "filter(transform(filter(identities, \(of) -> \(of).namespace = \(SparkSQLText.string(identity.namespace))), "
                + "\(id) -> \(exported)), \(key) -> \(key) IS NOT NULL)"
        }

        /// `ExportEligibility.skip`: consent, then mandatory attributes, then no exported identity.
        private func reason() -> String {
            var cases = ""
            if let consent = destination.consent {
                let allowed = consent.allow.map(SparkSQLText.string).joined(separator: ", ")
                let answer = attribute(consent.path.value, at: consent.path.location)
                let given = answer.map { $0.isString && !allowed.isEmpty ? SparkSQLText.definite("\($0.sql) IN (\(allowed))") : "FALSE" }
                cases += "WHEN NOT \(given ?? "FALSE") THEN 'consent' "
            }
            let missing = destination.mandatory.compactMap { path in
                attribute(path.value, at: path.location).map { "coalesce(\($0.sql), '') = ''" } ?? "TRUE"
            }
            if !missing.isEmpty { cases += "WHEN \(missing.joined(separator: " OR ")) THEN 'mandatory' " }
            return "CASE \(cases)WHEN size(\(SparkExportRows.keysColumn)) = 0 THEN 'identity' END"
        }

        /// `AudienceRows.row`'s cell of column `index` for the exported value `key`.
        private func cell(_ index: Int, key: String) -> String {
            let text = { (value: String) in Self.cell(text: value) }
            switch rows.layout.columns[index] {
            case .identity: return text(key)
            case .segment: return text(SparkExportRows.segmentColumn)
            case .status: return text(SparkSQLText.string(Membership.Status.realized.rawValue))
            case .constant(let constant): return constant.isEmpty ? Self.cell() : text(SparkSQLText.string(constant))
            case .attribute:
                let source = rows.layout.sources[index]
                let location = destination.mappings.first { $0.source.value == source }?.source.location ?? destination.id.location
                guard let value = attribute(source, at: location) else { return Self.cell() }
                guard index < rows.attributeNormalization.count, let column = rows.attributeNormalization[index] else {
                    return Self.cell(value)
                }
                switch value.field?.type {
                case .string?, .integer?, .boolean?:
                    return text(sql.exported(value.sql, column: column))
                case .number?:
                    refuse(at: location, "the preset column \"\(rows.layout.names[index])\" of the number field `\(source)`",
                           "Spark writes decimal numbers otherwise than the native engine before normalizing them; "
                            + "map a string or integer field")
                    return Self.cell()
                default:
                    return Self.cell()
                }
            }
        }

        /// `Deduplication.value`: the first identity of the key's namespace, or the key's attribute values as one
        /// JSON array (NULL when all are null); within one build only equality of the texts matters.
        private func dedup() -> String {
            switch rows.deduplication.key {
            case nil:
                return "CAST(NULL AS STRING)"
            case .namespace(let namespace):
                let of = sql.variable()
                return "try_element_at(filter(identities, \(of) -> \(of).namespace = \(SparkSQLText.string(namespace))), 1).id"
            case .attributes(let sources, _):
                let values = zip(sources, destination.dedupKey).map { source, place in
                    attribute(source, at: place.location).map(Self.cell) ?? Self.cell()
                }
                let list = sql.variable()
                let cell = sql.variable()
                return "transform(array(array(\(values.joined(separator: ", ")))), \(list) -> CASE WHEN forall(\(list), "
                    + "\(cell) -> \(cell).s IS NULL AND \(cell).j IS NULL) THEN \(Self.none) ELSE to_json(\(list)) END)[0]"
            }
        }

        /// A profile attribute read from the JSON text: a string's text, any other value's JSON text (NULL when
        /// missing or null), with its schema field; nil (refused) for a path Spark cannot read the native way.
        private typealias Attribute = (sql: String, isString: Bool, field: SchemaField?)

        private func attribute(_ source: String, at location: SourceLocation) -> Attribute? {
            let components = FieldPath.components(of: source)
            var field: SchemaField? = profile
            for name in components {
                guard let current = field else { break }
                guard current.type == .object else {
                    refuse(at: location, "the path `\(source)`", "a path through an array or a map is not read on Spark")
                    return nil
                }
                field = current.properties[name]
            }
            guard components.allSatisfy({ !$0.contains("'") && !$0.contains("]") && !$0.contains("[") }) else {
                refuse(at: location, "the path `\(source)`", "a field name holding a quote or a bracket is not read on Spark")
                return nil
            }
            let path = "$" + components.map { "['\($0)']" }.joined()
            return ("get_json_object(\(SparkExportRows.attributesColumn), \(SparkSQLText.string(path)))", field?.type == .string, field)
        }

        private static let none = "CAST(NULL AS STRING)"

        /// A row's cell: `s` the text of a string, `j` the JSON text of any other value, both NULL for null.
        private static func cell(text: String = none, json: String = none) -> String {
            "named_struct('s', \(text), 'j', \(json))"
        }

        private static func cell(_ value: Attribute) -> String {
            value.isString ? cell(text: value.sql) : cell(json: value.sql)
        }

        private func refuse(at location: SourceLocation, _ what: String, _ why: String) {
            unsupported.append(.error(at: location, "\(what) of destination \"\(destination.id.value)\" cannot be exported "
                                      + "on Spark: \(why); or build with --engine native", code: .sparkUnsupported))
        }
    }
}
