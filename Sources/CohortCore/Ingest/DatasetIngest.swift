/// Turns the records of one dataset into what the store keeps: validated attributes, identities,
/// the timestamp that orders them, and an event's `_id` — or a rejection with every reason.
public struct DatasetIngest: Sendable {
    /// A kept record.
    public struct Kept: Equatable, Sendable {
        /// Where the record is in its file: its index identifies it in the store.
        public var position: RecordPosition
        public var line: Int { position.line }
        /// The validated record without `identityMap`.
        public var packedAttributes: PackedValue
        public var attributes: [String: Value] { packedAttributes.objectMembers }
        public var identities: [Identity]
        public var primary: Identity?
        /// The event's `timestamp`, or the profile dataset's `timestampField`, in ms; nil means the ingestion time.
        public var timestamp: Int64?
        /// An event's `_id`; nil for profile records.
        public var eventID: String?
        public var droppedFields: [String]
        public var droppedIdentities: [IdentityRules.DroppedValues: Int]
    }

    /// A rejected record: where it is, the record as read, and `path: reason` for each problem.
    public struct Rejection: Error, Equatable, Sendable {
        public var position: RecordPosition
        public var record: Value
        public var errors: [String]
        /// The record written as JSON when `record` cannot say it: it holds a number literal no
        /// double can hold (`1e999`), which `record` has as infinity and JSON would write as null.
        public var recordJSON: String?

        public init(position: RecordPosition, record: Value, errors: [String]) {
            self.position = position
            self.record = record
            self.errors = errors
        }

        public var line: Int { position.line }

        /// The line written to `rejected/<dataset>/<file>.ndjson`: the record's index in the file,
        /// where it starts (line, column and byte offset), the record as read and the reasons.
        public var ndjsonLine: String {
            let fields: [String: Value] = [
                "index": .integer(Int64(position.index)), "line": .integer(Int64(position.line)),
                "column": .integer(Int64(position.column)), "offset": .integer(Int64(position.offset)),
                "errors": .array(errors.map(Value.string)),
            ]
            guard let recordJSON else { return JSONWriter.string(.object(fields.merging(["record": record]) { $1 })) }
            // "record" sorts after every other key: it goes last, as written.
            return String(JSONWriter.string(.object(fields)).dropLast()) + #","record":"# + recordJSON + "}"
        }
    }

    public let dataset: Dataset
    public let schema: Schema
    private let validator: RecordValidator
    private let textValidator: RecordValidator
    /// The fast lane for JSON records (see `SchemaRecordReader`).
    public let schemaReader: SchemaRecordReader
    private let extractor: IdentityExtractor
    /// The name ids of the path of the time that orders records (an event's `timestamp`, a profile dataset's `timestampField`).
    private let timestampIDs: [UInt32]?
    /// Identity fields' paths by name id, in the schema's order (the extractor's).
    private let identityPaths: [[UInt32]]

    public init(dataset: Dataset, schema: Schema, namespaces: [Namespace], identitiesPerRecord: Int,
                defaultCountry: String? = nil) {
        self.dataset = dataset
        self.schema = schema
        validator = RecordValidator(schema: schema)
        textValidator = RecordValidator(schema: schema, coercingText: true)
        schemaReader = SchemaRecordReader(schema: schema, validator: validator)
        identityPaths = schema.identities.map { FieldPath.components(of: $0.path.value).map(FieldNames.id(of:)) }
        extractor = IdentityExtractor(schema: schema, namespaces: namespaces, limit: identitiesPerRecord,
                                      defaultCountry: defaultCountry)
        let timestampPath = schema.schemaClass == .experienceEvent ? ["timestamp"] : dataset.timestampField.map { FieldPath.components(of: $0.value) }
        timestampIDs = timestampPath?.map(FieldNames.id(of:))
    }

    public var isEventDataset: Bool { schema.schemaClass == .experienceEvent }

    /// A typed record (JSON, NDJSON), or with `textValues` a record whose leaves are text to coerce (XML).
    public func ingest(_ record: Value, at position: RecordPosition, textValues: Bool = false) -> Result<Kept, Rejection> {
        finish((textValues ? textValidator : validator).validate(record), asRead: record, at: position)
    }

    /// A CSV row: dotted paths with their text; `asRead` is the row as it is written to `rejected/`.
    public func ingest(textFields: [(path: String, text: String)], asRead: Value, at position: RecordPosition) -> Result<Kept, Rejection> {
        finish(validator.validate(textFields: textFields), asRead: asRead, at: position)
    }

    /// A JSON record the schema reader kept: the same outcome as `ingest(_:at:)` gives it, without a tree.
    public func ingest(checked read: SchemaRecordReader.Read, at position: RecordPosition) -> Result<Kept, Rejection> {
        finish(checked: read.attributes, identityMap: read.identityMap ?? [], droppedFields: [], at: position) {
            read.recordAsRead
        }
    }

    /// A CSV row the fast lane kept: the same outcome as `ingest(textFields:asRead:at:)` gives it, without a tree.
    public func ingest(checkedRow read: CSVRowReader.Read, at position: RecordPosition) -> Result<Kept, Rejection> {
        guard read.errors.isEmpty else {
            return .failure(Rejection(position: position, record: read.recordAsRead, errors: read.errors))
        }
        return finish(checked: read.attributes, identityMap: [], droppedFields: read.droppedFields, at: position) {
            read.recordAsRead
        }
    }

    /// A checked record's identities and store form; `asRead` makes the record for a rejection.
    private func finish(checked attributes: PackedValue, identityMap: [IdentityMapEntry], droppedFields: [String],
                        at position: RecordPosition, asRead: () -> Value) -> Result<Kept, Rejection> {
        // The extractor reads identity fields only: give it just their values.
        let identityValues = identityPaths.map { ids -> Value? in
            var value: PackedValue? = attributes
            for id in ids { value = value?.member(id) }
            return value?.value
        }
        let extracted = extractor.extract(identityValues: identityValues, identityMap: identityMap)
        if !extracted.refusals.isEmpty {
            return .failure(Rejection(position: position, record: asRead(), errors: extracted.refusals))
        }
        if extracted.identities.isEmpty {
            return .failure(Rejection(position: position, record: asRead(), errors: [Self.noIdentity]))
        }
        return .success(kept(attributes, extracted: extracted, at: position, droppedFields: droppedFields))
    }

    /// A kept record's store form: its packed attributes (without `identityMap`), identities,
    /// ordering timestamp and event `_id`.
    private func kept(_ attributes: PackedValue, extracted: IdentityExtractor.Extracted, at position: RecordPosition, droppedFields: [String]) -> Kept {
        var timestamp: Int64?
        if let timestampIDs {
            var value: PackedValue? = attributes
            for id in timestampIDs { value = value?.member(id) }
            timestamp = value?.withStringBytes(Timestamp.milliseconds(utf8:)) ?? nil
        }
        let eventID = isEventDataset ? attributes.member(Self.idField)?.stringValue : nil
        return Kept(position: position, packedAttributes: attributes, identities: extracted.identities, primary: extracted.primary,
                    timestamp: timestamp, eventID: eventID, droppedFields: droppedFields, droppedIdentities: extracted.droppedValues)
    }

    private static let noIdentity = "(record): no usable identity; a record needs a value in an identity field or identityMap"
    private static let idField = FieldNames.id(of: "_id")

    private func finish(_ outcome: RecordValidator.Outcome, asRead: Value, at position: RecordPosition) -> Result<Kept, Rejection> {
        guard let record = outcome.record, case .object(var attributes) = record else {
            return .failure(Rejection(position: position, record: asRead, errors: outcome.errors))
        }
        let extracted = extractor.extract(from: record)
        attributes["identityMap"] = nil
        if !extracted.refusals.isEmpty {
            return .failure(Rejection(position: position, record: asRead, errors: extracted.refusals))
        }
        if extracted.identities.isEmpty {
            return .failure(Rejection(position: position, record: asRead, errors: [Self.noIdentity]))
        }
        return .success(kept(PackedValue(.object(attributes)), extracted: extracted, at: position, droppedFields: outcome.droppedFields))
    }
}
