/// A point in a data file: its byte offset (what a program seeks to) and the 1-based line and
/// column a person looks for. Lines end at LF, CRLF or a lone CR; columns count Unicode scalars.
public struct TextPosition: Hashable, Sendable {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The first byte of a file.
    public static let start = TextPosition(offset: 0, line: 1, column: 1)
}

/// Where a record starts in its file. The record `index` (0-based, counting every record and
/// problem in file order) is what identifies it: two records may share a line, never an index.
public struct RecordPosition: Hashable, Sendable {
    public var index: Int
    public var text: TextPosition

    public init(index: Int, text: TextPosition) {
        self.index = index
        self.text = text
    }

    public var line: Int { text.line }
    public var column: Int { text.column }
    public var offset: Int { text.offset }
}

/// Moves a `TextPosition` on byte by byte.
struct TextCursor {
    private(set) var position: TextPosition
    /// The last byte was a CR: an LF now ends no second line.
    private var afterCarriageReturn = false

    init(at position: TextPosition = .start) {
        self.position = position
    }

    /// Steps past `byte`.
    @inline(__always)
    mutating func advance(over byte: UInt8) {
        position.offset += 1
        switch byte {
        case 0x0A:
            if afterCarriageReturn {
                afterCarriageReturn = false
            } else {
                position.line += 1
                position.column = 1
            }
        case 0x0D:
            position.line += 1
            position.column = 1
            afterCarriageReturn = true
        default:
            afterCarriageReturn = false
            // Continuation bytes of a UTF-8 sequence do not start a column.
            if byte & 0xC0 != 0x80 { position.column += 1 }
        }
    }

    /// Steps past `count` bytes that hold no line break and start `columns` characters.
    mutating func advanceWithinLine(bytes count: Int, columns: Int) {
        guard count > 0 else { return }
        position.offset += count
        position.column += columns
        afterCarriageReturn = false
    }

    /// Steps past `count` bytes that hold no line break, one column each: for callers that need no
    /// exact column until the next line starts.
    mutating func skipWithinLine(bytes count: Int) {
        guard count > 0 else { return }
        position.offset += count
        position.column += count
        afterCarriageReturn = false
    }
}
