/// A strict RFC 8259 JSON parser over bytes that records the line and column of every value and key.
///
/// It stops at the first syntax error and reports it as a diagnostic saying what was expected.
/// Nesting is limited (`NestingLimit.document`) so that hostile input cannot exhaust the stack.
public struct JSONParser: ByteScanner {
    let bytes: [UInt8]
    let file: String
    var index: Int
    var line = 1
    var column = 1
    private var depth = 0

    /// Parses one JSON document; anything but whitespace after it is an error. `firstLine` is the
    /// file line the bytes start on, for a record parsed apart from the rest of its file.
    public static func parse(_ bytes: [UInt8], file: String, firstLine: Int = 1) -> Result<JSONNode, Diagnostic> {
        var parser = JSONParser(bytes: bytes, file: file)
        parser.line = firstLine
        do {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }

    public static func parse(_ text: String, file: String) -> Result<JSONNode, Diagnostic> {
        parse(Array(text.utf8), file: file)
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        self.index = Self.startIndex(of: bytes)
    }

    private mutating func parseDocument() throws(Diagnostic) -> JSONNode {
        skipWhitespace()
        guard index < bytes.count else { throw error("the file is empty; expected a JSON value") }
        let node = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw error("unexpected \(describeCurrent()) after the end of the JSON value")
        }
        return node
    }

    private mutating func parseValue() throws(Diagnostic) -> JSONNode {
        let start = location
        guard index < bytes.count else { throw error("unexpected end of file; expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return JSONNode(value: .object(try parseObject()), location: start)
        case UInt8(ascii: "["): return JSONNode(value: .array(try parseArray()), location: start)
        case UInt8(ascii: "\""): return JSONNode(value: .string(try parseString()), location: start)
        case UInt8(ascii: "t"): try expectWord("true"); return JSONNode(value: .bool(true), location: start)
        case UInt8(ascii: "f"): try expectWord("false"); return JSONNode(value: .bool(false), location: start)
        case UInt8(ascii: "n"): try expectWord("null"); return JSONNode(value: .null, location: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: .number(try parseNumber()), location: start)
        default:
            throw error("unexpected \(describeCurrent()); expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func enterNesting() throws(Diagnostic) {
        depth += 1
        let limit = NestingLimit.document
        if depth > limit { throw error("values are nested more than \(limit) levels deep") }
    }

    private mutating func parseObject() throws(Diagnostic) -> [JSONMember] {
        try enterNesting()
        defer { depth -= 1 }
        let open = location
        advance()  // {
        var members: [JSONMember] = []
        // The names seen so far, so a duplicate is found in constant time however wide the object is.
        var keys: Set<String> = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { advance(); return members }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else {
                if index >= bytes.count { throw error("unexpected end of file; the object opened at line \(open.line), column \(open.column) is not closed with '}'") }
                throw error("unexpected \(describeCurrent()); expected a member name in double quotes")
            }
            let keyLocation = location
            let key = try parseString().text
            guard keys.insert(key).inserted else {
                throw Diagnostic.error(at: keyLocation, "duplicate key \"\(key)\" in this object")
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("unexpected \(describeCurrent()); expected ':' after the member name \"\(key)\"") }
            advance()
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONMember(key: key, keyLocation: keyLocation, value: value))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { advance(); continue }
            if peek(UInt8(ascii: "}")) { advance(); return members }
            if index >= bytes.count { throw error("unexpected end of file; the object opened at line \(open.line), column \(open.column) is not closed with '}'") }
            throw error("unexpected \(describeCurrent()); expected ',' or '}' after the value of \"\(key)\"")
        }
    }

    private mutating func parseArray() throws(Diagnostic) -> [JSONNode] {
        try enterNesting()
        defer { depth -= 1 }
        let open = location
        advance()  // [
        var elements: [JSONNode] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { advance(); return elements }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { advance(); continue }
            if peek(UInt8(ascii: "]")) { advance(); return elements }
            if index >= bytes.count { throw error("unexpected end of file; the array opened at line \(open.line), column \(open.column) is not closed with ']'") }
            throw error("unexpected \(describeCurrent()); expected ',' or ']' in the array")
        }
    }

    private mutating func parseString() throws(Diagnostic) -> LocatedText {
        let open = location
        advance()  // opening quote
        var text = LocatedTextBuilder(file: file)
        text.anchor(line: line, column: column)
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                return text.build()
            case UInt8(ascii: "\\"):
                try parseEscape(into: &text)
                text.anchor(line: line, column: column)
            case 0x00..<0x20:
                if byte == 0x0A {
                    throw Diagnostic.error(at: open, "the string that starts here is not closed on its line; a JSON string cannot contain a raw line break (write \\n)")
                }
                throw error("a control character (0x\(String(byte, radix: 16))) in a string must be escaped")
            default:
                text.append(byte)
                advance()
            }
        }
        throw Diagnostic.error(at: open, "unexpected end of file; the string that starts here is not closed with '\"'")
    }

    private mutating func parseEscape(into text: inout LocatedTextBuilder) throws(Diagnostic) {
        let escapeLocation = location
        advance()  // backslash
        guard index < bytes.count else { throw error("unexpected end of file in an escape sequence") }
        let byte = bytes[index]
        advance()
        switch byte {
        case UInt8(ascii: "\""): text.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): text.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): text.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var code = try parseHex4(escapeLocation)
            if (0xD800..<0xDC00).contains(code) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw Diagnostic.error(at: escapeLocation, "a high surrogate \\u\(String(code, radix: 16)) must be followed by a low surrogate \\uDC00–\\uDFFF")
                }
                advance(); advance()
                let low = try parseHex4(escapeLocation)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw Diagnostic.error(at: escapeLocation, "a high surrogate must be followed by a low surrogate \\uDC00–\\uDFFF")
                }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(code) {
                throw Diagnostic.error(at: escapeLocation, "a lone low surrogate \\u\(String(code, radix: 16)) is not a character")
            }
            guard let scalar = Unicode.Scalar(code) else {
                throw Diagnostic.error(at: escapeLocation, "\\u escape does not name a character")
            }
            text.append(scalar: scalar)
        default:
            throw Diagnostic.error(at: escapeLocation, "unknown escape sequence '\\\(Character(Unicode.Scalar(byte)))'; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
        }
    }

    private mutating func parseHex4(_ escapeLocation: SourceLocation) throws(Diagnostic) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexValue(bytes[index]) else {
                throw Diagnostic.error(at: escapeLocation, "a \\u escape needs exactly four hexadecimal digits")
            }
            code = code * 16 + UInt32(digit)
            advance()
        }
        return code
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private mutating func parseNumber() throws(Diagnostic) -> String {
        let start = index
        if peek(UInt8(ascii: "-")) { advance() }
        if peek(UInt8(ascii: "0")) {
            advance()
            if index < bytes.count, isDigit(bytes[index]) { throw error("a number cannot have a leading zero") }
        } else {
            try digits(after: "'-'")
        }
        if peek(UInt8(ascii: ".")) {
            advance()
            try digits(after: "the decimal point")
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            advance()
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { advance() }
            try digits(after: "the exponent")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func digits(after what: String) throws(Diagnostic) {
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit after \(what)") }
        while index < bytes.count, isDigit(bytes[index]) { advance() }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func expectWord(_ word: String) throws(Diagnostic) {
        let start = location
        for expected in word.utf8 {
            guard index < bytes.count, bytes[index] == expected else {
                throw Diagnostic.error(at: start, "unexpected token; expected a value such as `\(word)` (JSON literals are lowercase and strings need double quotes)")
            }
            advance()
        }
        if index < bytes.count, isWordByte(bytes[index]) {
            throw Diagnostic.error(at: start, "unexpected token; expected a value (strings need double quotes)")
        }
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || isDigit(byte) || byte == UInt8(ascii: "_")
    }
}
