/// Splits PQL text into tokens: identifiers, double- or single-quoted strings with backslash escapes,
/// numbers, and the symbols `( ) [ ] { } , . : = != < <= > >= ! + - * / %`.
public enum PQLLexer {
    public static func tokens(_ text: String) -> Result<[PQLToken], PQLError> {
        let bytes = Array(text.utf8)
        var tokens: [PQLToken] = []
        var index = 0
        while true {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            guard index < bytes.count else {
                tokens.append(PQLToken(kind: .end, start: bytes.count, end: bytes.count))
                return .success(tokens)
            }
            let start = index
            let byte = bytes[index]
            if isIdentifierStart(byte) {
                while index < bytes.count, isIdentifierPart(bytes[index]) { index += 1 }
                tokens.append(PQLToken(kind: .identifier(String(decoding: bytes[start..<index], as: UTF8.self)), start: start, end: index))
            } else if isDigit(byte) {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), isDigit(bytes[index + 1]) {
                    index += 1
                    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                }
                tokens.append(PQLToken(kind: .number(String(decoding: bytes[start..<index], as: UTF8.self)), start: start, end: index))
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                index += 1
                var value: [UInt8] = []
                var closed = false
                while index < bytes.count {
                    if bytes[index] == byte { closed = true; index += 1; break }
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        let escaped = bytes[index + 1]
                        switch escaped {
                        case UInt8(ascii: "n"): value.append(0x0A)
                        case UInt8(ascii: "t"): value.append(0x09)
                        default: value.append(escaped)
                        }
                        index += 2
                        continue
                    }
                    value.append(bytes[index])
                    index += 1
                }
                guard closed else { return .failure(PQLError(offset: start, message: "this string is never closed; add the closing \(byte == UInt8(ascii: "\"") ? "\"" : "'")")) }
                tokens.append(PQLToken(kind: .string(String(decoding: value, as: UTF8.self)), start: start, end: index))
            } else if let symbol = symbol(at: index, in: bytes) {
                index += symbol.utf8.count
                tokens.append(PQLToken(kind: .symbol(symbol), start: start, end: index))
            } else {
                let character = String(decoding: bytes[start..<min(bytes.count, start + scalarLength(byte))], as: UTF8.self)
                return .failure(PQLError(offset: start, message: "unexpected character '\(character)'"))
            }
        }
    }

    private static func symbol(at index: Int, in bytes: [UInt8]) -> String? {
        let two = index + 1 < bytes.count ? String(decoding: bytes[index...index + 1], as: UTF8.self) : ""
        if ["!=", "<=", ">=", "==", "&&", "||", "=>"].contains(two) { return two }
        let one = String(decoding: bytes[index...index], as: UTF8.self)
        return "()[]{},.:=<>!+-*/%^".contains(one) ? one : nil
    }

    /// Whether `text` is one identifier token (a field name that needs no quoting).
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, isIdentifierStart(first) else { return false }
        return text.utf8.allSatisfy(isIdentifierPart)
    }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
    }

    private static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func scalarLength(_ byte: UInt8) -> Int {
        byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
    }
}
