/// What the Spark job runs (`cohort compile --target spark`): the workspace's data files with their
/// datasets' formats, CSV options and schemas, the identity rules, the merge policies in use, the
/// segments in dependency order and the destinations, written as one JSON document that the job reads.
/// The same workspace, files and time give the same bytes.
public struct SparkPlan: Sendable {
    /// Bumped when the job's reading of the plan changes.
    public static let format = 2

    /// One data file of a dataset: archived (its ledger sequence and ingestion time) or in the inbox
    /// (the sequence and time a build would give it).
    public struct File: Equatable, Sendable {
        public var dataset: String
        /// Relative to the workspace, e.g. `archive/crm/000001-crm.json` or `inbox/crm/day2.csv`.
        public var path: String
        public var format: Dataset.Format
        public var sequence: Int
        /// Milliseconds: the time of the file's records that have none of their own.
        public var ingestedAt: Int64
        /// Why no record of the file is read, from its first bytes (`RecordSource.opening`); nil when it is read.
        public var refusal: String?
        /// A file waiting in the inbox, which the ledger does not hold: the dataset's `errorThreshold` applies to
        /// it. False for an archived file, even one still in `inbox/` because its move to `archive/` failed.
        public var isInInbox: Bool

        public init(dataset: String, path: String, format: Dataset.Format, sequence: Int, ingestedAt: Int64,
                    isInInbox: Bool, refusal: String? = nil) {
            self.dataset = dataset
            self.path = path
            self.format = format
            self.sequence = sequence
            self.ingestedAt = ingestedAt
            self.isInInbox = isInInbox
            self.refusal = refusal
        }
    }

    public let workspace: Workspace
    /// Where the job finds the workspace's files: the workspace's folder as the driver and executors see it.
    public let root: String
    public let files: [File]
    /// The build's time (ms): segments' `now`.
    public let now: Int64
    /// The previous build's memberships (JSON lines of `segment`, `key`, `status`, `time`), relative to the
    /// workspace; nil when there are none.
    public let memberships: String?

    public init(workspace: Workspace, root: String, files: [File], now: Int64, memberships: String? = nil) {
        self.workspace = workspace
        self.root = root
        self.files = files
        self.now = now
        self.memberships = memberships
    }

    /// The plan as the job reads it (`plan.json`).
    public var json: String {
        let groups = PolicyGroup.inUse(workspace)
        let policies = groups.flatMap { [$0.base] + $0.others }
        var plan: [String: Value] = [
            "planFormat": .integer(Int64(Self.format)),
            "workspace": .string(workspace.settings.name),
            "root": .string(root),
            "now": .integer(now),
            "timezone": .string(workspace.settings.timezone.value),
            "limits": .object([
                "identitiesPerGraph": .integer(Int64(workspace.settings.limits.identitiesPerGraph)),
                "identitiesPerRecord": .integer(Int64(workspace.settings.limits.identitiesPerRecord)),
            ]),
            "namespaces": .array(workspace.allNamespaces.sorted { $0.id.value < $1.id.value }.map(Self.namespace)),
            "schemas": .array(workspace.schemas.sorted { $0.id.value < $1.id.value }.map(Self.schema)),
            "datasets": .array(workspace.datasets.sorted { $0.id.value < $1.id.value }.map(dataset)),
            "profileSchema": Self.sparkJSON(union(of: .profile)),
            "eventSchema": Self.sparkJSON(union(of: .experienceEvent)),
            "mergePolicies": .array(policies.map(Self.mergePolicy)),
            "frames": .array(policies.map { .string($0.id.value) }),
            "segments": .array(segments),
            "exported": .array(Set(workspace.destinations.filter { $0.type != .file }.flatMap(\.distinctSegments)).sorted()
                .map(Value.string)),
            "exportRows": SparkExportRows(workspace: workspace).json,
            "destinations": .array(workspace.destinations.sorted { $0.id.value < $1.id.value }.map(Self.destination)),
        ]
        if let country = workspace.settings.defaultCountry?.value, let numbering = NumberingPlan.byCountry[country] {
            plan["defaultCountry"] = .string(country)
            var numberingPlan: [String: Value] = ["callingCode": .string(numbering.callingCode)]
            numberingPlan["trunkPrefix"] = numbering.trunkPrefix.map(Value.string)
            numberingPlan["exitCode"] = numbering.exitCode.map(Value.string)
            plan["numberingPlan"] = .object(numberingPlan)
        }
        plan["memberships"] = memberships.map(Value.string)
        return JSONWriter.pretty(.object(plan)) + "\n"
    }

    /// The struct of every field of the schemas of one class, a field in several schemas typed by the first by id.
    private func union(of schemaClass: Schema.SchemaClass) -> SparkType {
        var fields: [String: SparkType] = [:]
        let schemas = workspace.schemas.sorted { $0.id.value < $1.id.value }
        for schema in schemas where schema.schemaClass == schemaClass {
            guard case .structure(let members) = SparkType(schema.root) else { continue }
            for member in members {
                fields[member.name] = fields[member.name].map { Self.merged($0, member.type) } ?? member.type
            }
        }
        return .structure(fields: fields.map { SparkType.Field(name: $0.key, type: $0.value) })
    }

    /// Two structs' fields together (the first's type where both have a field); any other pair, the first.
    private static func merged(_ first: SparkType, _ second: SparkType) -> SparkType {
        guard case .structure(let left) = first, case .structure(let right) = second else { return first }
        var fields = Dictionary(left.map { ($0.name, $0.type) }, uniquingKeysWith: { kept, _ in kept })
        for field in right { fields[field.name] = fields[field.name].map { merged($0, field.type) } ?? field.type }
        return .structure(fields: fields.map { SparkType.Field(name: $0.key, type: $0.value) })
    }

    private static func sparkJSON(_ type: SparkType) -> Value {
        guard case .success(let node) = JSONParser.parse(type.json, file: "spark type") else { return .null }
        return Value(node)
    }

    private static func namespace(_ namespace: Namespace) -> Value {
        var object: [String: Value] = [
            "code": .string(namespace.id.value),
            "type": .string(namespace.type.rawValue),
            "links": .bool(namespace.type.links),
            "priority": .integer(Int64(namespace.priority)),
            "normalize": .string(namespace.normalize.rawValue),
            "blocked": .array(namespace.blocked.map { .string($0.value) }),
        ]
        object["limit"] = namespace.limit.map { .integer(Int64($0)) }
        return .object(object)
    }

    private static func schema(_ schema: Schema) -> Value {
        .object([
            "id": .string(schema.id.value),
            "class": .string(schema.schemaClass == .profile ? "profile" : "experienceevent"),
            "fields": shape(schema.root),
            "sparkType": sparkJSON(SparkType(schema.root)),
        ])
    }

    /// A field as the job validates records by it: its type and checks, and its members, items or map values.
    private static func shape(_ field: SchemaField) -> Value {
        var object: [String: Value] = ["type": .string(field.type.rawValue)]
        switch field.type {
        case .object:
            object["properties"] = .object(field.properties.mapValues(shape))
            let required = field.properties.keys.sorted().filter { field.properties[$0]?.isRequired == true }
            object["required"] = .array(required.map(Value.string))
        case .array: object["items"] = field.element.map(shape)
        case .map: object["values"] = field.element.map(shape)
        case .string, .number, .integer, .boolean: break
        }
        object["format"] = field.format.map { .string($0.rawValue) }
        object["enum"] = field.enumValues.map { .array($0.map(Value.string)) }
        object["pattern"] = field.pattern.map { .string($0.value) }
        object["minLength"] = field.minLength.map { .integer(Int64($0)) }
        object["maxLength"] = field.maxLength.map { .integer(Int64($0)) }
        object["minimum"] = field.minimum.map(Value.number)
        object["maximum"] = field.maximum.map(Value.number)
        object["exclusiveMinimum"] = field.exclusiveMinimum.map(Value.number)
        object["exclusiveMaximum"] = field.exclusiveMaximum.map(Value.number)
        return .object(object)
    }

    private func dataset(_ dataset: Dataset) -> Value {
        let schema = workspace.schema(dataset.schema.value)
        let isEvent = schema?.schemaClass == .experienceEvent
        let timePath = isEvent ? "timestamp" : dataset.timestampField?.value
        let csv = dataset.csv
        return .object([
            "id": .string(dataset.id.value),
            "schema": .string(dataset.schema.value),
            "isEvent": .bool(isEvent),
            "format": .string(dataset.format.rawValue),
            "errorThreshold": .number(dataset.errorThreshold),
            "timeComponents": .array((timePath.map(FieldPath.components(of:)) ?? []).map(Value.string)),
            "mapping": .array(dataset.mapping.map { .array([.string($0.sourceField), .string($0.path.value)]) }),
            "csv": .object([
                "delimiter": .string(String(UnicodeScalar(csv.delimiter))),
                "quote": .string(String(UnicodeScalar(csv.quote))),
                "header": .bool(csv.header),
                "columns": .array(csv.columns.map(Value.string)),
                "encoding": .string(csv.encoding.rawValue),
            ]),
            "identityFields": .array((schema?.identities ?? []).map { field in
                .object([
                    "components": .array(FieldPath.components(of: field.path.value).map(Value.string)),
                    "namespace": .string(field.namespace.value),
                    "primary": .bool(field.isPrimary),
                ])
            }),
            "files": .array(files.filter { $0.dataset == dataset.id.value }.map { file in
                var object: [String: Value] = [
                    "path": .string(file.path),
                    "format": .string(file.format.rawValue),
                    "sequence": .integer(Int64(file.sequence)),
                    "ingestedAt": .integer(file.ingestedAt),
                    "inbox": .bool(file.isInInbox),
                ]
                object["refusal"] = file.refusal.map(Value.string)
                return .object(object)
            }),
        ])
    }

    private static func mergePolicy(_ policy: MergePolicy) -> Value {
        var merge: [String: Value] = [:]
        switch policy.attributeMerge {
        case .timestampOrdered:
            merge["type"] = .string("timestampOrdered")
        case .dataSetPrecedence(let order):
            merge["type"] = .string("dataSetPrecedence")
            merge["order"] = .array(order.map { .string($0.value) })
        }
        return .object([
            "id": .string(policy.id.value),
            "identityGraph": .string(policy.identityGraph.rawValue),
            "attributeMerge": .object(merge),
        ])
    }

    /// The segments in dependency order, each with its column of the frame and its Spark SQL condition (null for one Spark cannot run:
    /// `SparkSegments.unsupported` says why, and a Spark build refuses to start).
    private var segments: [Value] {
        let conditions = Dictionary(SparkSegments(workspace: workspace, now: now).segments.map { ($0.id, $0.sql) },
                                    uniquingKeysWith: { first, _ in first })
        return SegmentSet(workspace: workspace).segments.map { segment in
            .object([
                "id": .string(segment.id),
                "column": .string(SparkSegments.column(of: segment.id)),
                "mergePolicy": .string(segment.policy),
                "dependsOn": .array(segment.dependencies.segments.keys.sorted().map(Value.string)),
                "sql": conditions[segment.id].map(Value.string) ?? .null,
            ])
        }
    }

    private static func destination(_ destination: Destination) -> Value {
        var object: [String: Value] = [
            "id": .string(destination.id.value),
            "type": .string(destination.type.rawValue),
            "format": .string(destination.format.rawValue),
            "mode": .string(destination.mode.rawValue),
            "segments": .array(destination.segments.map { .string($0.value) }),
            "mappings": .array(destination.mappings.map {
                .object(["source": .string($0.source.value), "target": .string($0.target)])
            }),
            "mandatory": .array(destination.mandatory.map { .string($0.value) }),
            "dedupKey": .array(destination.dedupKey.map { .string($0.value) }),
            "fileName": .string(destination.fileName.value),
        ]
        if let identity = destination.identity {
            object["identity"] = .object(["namespace": .string(identity.namespace.value),
                                          "hash": .string(identity.hash.rawValue)])
        }
        if let consent = destination.consent {
            object["consent"] = .object(["path": .string(consent.path.value),
                                         "allow": .array(consent.allow.map(Value.string))])
        }
        return .object(object)
    }
}
