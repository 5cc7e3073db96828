/// What the JSON parser and the XML reader share: a position in a byte buffer that tracks the line
/// and column (in Unicode scalars) as it advances, and the messages that describe it.
protocol ByteScanner {
    var bytes: [UInt8] { get }
    var file: String { get }
    var index: Int { get set }
    var line: Int { get set }
    var column: Int { get set }
}

extension ByteScanner {
    /// The offset just past a UTF-8 byte order mark, where reading starts.
    static func startIndex(of bytes: [UInt8]) -> Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// Moves past one byte; LF, CRLF and a lone CR start a new line (as data files' positions count
    /// them, see `TextPosition`), UTF-8 continuation bytes add no column.
    mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == 0x0D || (byte == 0x0A && (index < 2 || bytes[index - 2] != 0x0D)) {
            line += 1
            column = 1
        } else if byte == 0x0A {
            // The LF of a CRLF: the CR started the line.
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    func peek(_ literal: String) -> Bool {
        var position = index
        for byte in literal.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    /// Skips spaces, tabs and line ends; says whether there were any.
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = index
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { advance() }
        return index > start
    }

    /// The current byte for a message: `'x'`, `byte 0x1f` or `end of file`.
    func describeCurrent() -> String {
        guard index < bytes.count else { return "end of file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    func error(_ message: String) -> Diagnostic { .error(at: location, message) }
}
