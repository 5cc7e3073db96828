/// One identity: a value in a namespace, written `NAMESPACE:VALUE` (e.g. `Email:ann@example.com`).
public struct Identity: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var namespace: String
    public var id: String

    public init(namespace: String, id: String) {
        self.namespace = namespace
        self.id = id
    }

    /// Parses `NAMESPACE:VALUE`; the value may itself contain colons.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else { return nil }
        self.init(namespace: String(text[..<colon]), id: String(text[text.index(after: colon)...]))
    }

    public static func < (lhs: Identity, rhs: Identity) -> Bool {
        (lhs.namespace, lhs.id) < (rhs.namespace, rhs.id)
    }

    public var description: String { "\(namespace):\(id)" }
}

/// Where a link or fragment came from: the ledger sequence of the ingested file, its archive path,
/// the record's index in the file (what identifies it) and the line it starts on (for people).
/// Ordered by (sequence, index): the order records were ingested.
public struct RecordOrigin: Hashable, Comparable, Sendable {
    public var sequence: Int
    public var file: String
    public var index: Int
    public var line: Int

    public init(sequence: Int, file: String, index: Int, line: Int) {
        self.sequence = sequence
        self.file = file
        self.index = index
        self.line = line
    }

    public static func < (lhs: RecordOrigin, rhs: RecordOrigin) -> Bool {
        (lhs.sequence, lhs.index) < (rhs.sequence, rhs.index)
    }
}
