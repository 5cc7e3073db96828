/// Text decoded from a file (a JSON string, XML text or attribute) that can map any offset in the
/// decoded text back to its line and column in the file, across escapes, entities and newlines.
///
/// Equality looks at the text only.
public struct LocatedText: Hashable, Sendable {
    /// A point where decoded text and source positions are known to line up.
    struct Anchor: Sendable {
        var offset: Int  // UTF-8 offset into `text`
        var line: Int
        var column: Int
    }

    public private(set) var text: String
    public let file: String
    private var anchors: [Anchor]

    init(text: String, file: String, anchors: [Anchor]) {
        self.text = text
        self.file = file
        self.anchors = anchors
    }

    /// Text known to start at `location` and to be written literally (no escapes).
    public init(_ text: String, at location: SourceLocation) {
        self.init(text: text, file: location.file, anchors: [Anchor(offset: 0, line: location.line, column: location.column)])
    }

    /// Where the text starts in its file.
    public var location: SourceLocation { location(atUTF8Offset: 0) }

    /// The file position of the character at `offset` (a UTF-8 offset into `text`).
    public func location(atUTF8Offset offset: Int) -> SourceLocation {
        guard let anchor = anchors.last(where: { $0.offset <= offset }) ?? anchors.first else {
            return .start(of: file)
        }
        var line = anchor.line
        var column = anchor.column
        let utf8 = Array(text.utf8)
        var index = anchor.offset
        while index < min(offset, utf8.count) {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Just after the text's last character in its file (an escape or entity counted as written).
    public var end: SourceLocation { location(atUTF8Offset: text.utf8.count) }

    /// The same text with leading and trailing whitespace removed, positions kept.
    public func trimmed() -> LocatedText {
        let utf8 = Array(text.utf8)
        var start = 0
        var end = utf8.count
        while start < end, isWhitespace(utf8[start]) { start += 1 }
        while end > start, isWhitespace(utf8[end - 1]) { end -= 1 }
        if start == 0 && end == utf8.count { return self }
        let startLocation = location(atUTF8Offset: start)
        var shifted = [Anchor(offset: 0, line: startLocation.line, column: startLocation.column)]
        for anchor in anchors where anchor.offset > start && anchor.offset < end {
            shifted.append(Anchor(offset: anchor.offset - start, line: anchor.line, column: anchor.column))
        }
        let trimmedText = String(decoding: utf8[start..<end], as: UTF8.self)
        return LocatedText(text: trimmedText, file: file, anchors: shifted)
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    public static func == (lhs: LocatedText, rhs: LocatedText) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// Builds a `LocatedText` while a parser decodes characters, anchoring after every escape.
struct LocatedTextBuilder {
    private var bytes: [UInt8] = []
    private var anchors: [LocatedText.Anchor] = []
    private let file: String

    init(file: String) { self.file = file }

    /// Records that the next decoded byte comes from `line`:`column` in the source.
    mutating func anchor(line: Int, column: Int) {
        if let last = anchors.last, last.offset == bytes.count {
            anchors.removeLast()
        }
        anchors.append(.init(offset: bytes.count, line: line, column: column))
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append<S: Sequence>(contentsOf more: S) where S.Element == UInt8 { bytes.append(contentsOf: more) }

    mutating func append(scalar: Unicode.Scalar) { bytes.append(contentsOf: Array(String(scalar).utf8)) }

    var isEmpty: Bool { bytes.isEmpty }

    func build() -> LocatedText {
        LocatedText(text: String(decoding: bytes, as: UTF8.self), file: file, anchors: anchors)
    }
}
