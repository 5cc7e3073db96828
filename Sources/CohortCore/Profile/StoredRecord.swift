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
    public var attributes: [String: Value]

    public init(dataset: String, origin: RecordOrigin, isEvent: Bool, eventID: String?, timestamp: Int64, primary: Identity?,
                identities: [Identity], attributes: [String: Value]) {
        self.dataset = dataset
        self.origin = origin
        self.isEvent = isEvent
        self.eventID = eventID
        self.timestamp = timestamp
        self.primary = primary
        self.identities = identities
        self.attributes = attributes
    }
}
