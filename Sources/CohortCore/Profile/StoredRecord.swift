/// A kept record as the store holds it: the input of stitching and merging.
public struct StoredRecord: Sendable, Equatable {
    public var dataset: String
    public var origin: RecordOrigin
    public var isEvent: Bool
    public var eventID: String?
    /// Milliseconds; the record's own timestamp, else its file's ingestion time.
    public var timestamp: Int64
    public var primary: Identity?
    public var identities: [Identity]
    /// The record's attributes (an object), packed: the form segments read.
    public var packedAttributes: PackedValue

    /// The record's attributes as a tree.
    public var attributes: [String: Value] { packedAttributes.objectMembers }

    public init(dataset: String, origin: RecordOrigin, isEvent: Bool, eventID: String?, timestamp: Int64, primary: Identity?,
                identities: [Identity], attributes: [String: Value]) {
        self.init(dataset: dataset, origin: origin, isEvent: isEvent, eventID: eventID, timestamp: timestamp, primary: primary,
                  identities: identities, packedAttributes: PackedValue(.object(attributes)))
    }

    public init(dataset: String, origin: RecordOrigin, isEvent: Bool, eventID: String?, timestamp: Int64, primary: Identity?,
                identities: [Identity], packedAttributes: PackedValue) {
        self.dataset = dataset
        self.origin = origin
        self.isEvent = isEvent
        self.eventID = eventID
        self.timestamp = timestamp
        self.primary = primary
        self.identities = identities
        self.packedAttributes = packedAttributes
    }
}
