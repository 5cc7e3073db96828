/// The string formats a schema can require: email, date, date-time and uri.
enum FormatCheck {
    static func accepts(_ text: String, as format: SchemaField.Format) -> Bool {
        switch format {
        case .email: return isEmail(text)
        case .date: return withUTF8(text) { isDate($0) }
        case .dateTime: return withUTF8(text, isDateTime(utf8:))
        case .uri: return hasScheme(text)
        case .uriReference: return true
        }
    }

    /// `accepts` for ASCII text given as its bytes (read without making a string).
    static func accepts(asciiBytes bytes: UnsafeBufferPointer<UInt8>, as format: SchemaField.Format) -> Bool {
        switch format {
        case .email: return isASCIIEmail(bytes) ?? false
        case .date: return isDate(bytes)
        case .dateTime: return isDateTime(utf8: bytes)
        case .uri: return hasScheme(utf8: bytes)
        case .uriReference: return true
        }
    }

    static func describe(_ format: SchemaField.Format) -> String {
        switch format {
        case .email: return "an email address"
        case .date: return "a date (YYYY-MM-DD)"
        case .dateTime: return "a date-time (YYYY-MM-DDTHH:MM:SSZ or with an offset)"
        case .uri: return "a URI with a scheme"
        case .uriReference: return "a URI reference"
        }
    }

    /// One `@`, something before it, and a dotted domain after it, no spaces.
    static func isEmail(_ text: String) -> Bool {
        if let ascii = text.utf8.withContiguousStorageIfAvailable(isASCIIEmail), let ascii { return ascii }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }

    /// `isEmail` for ASCII text, where every byte is a character (CRLF, one character, is white
    /// space as its CR is), read without making strings; nil for other text.
    static func isASCIIEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var at: Int?
        for (index, byte) in bytes.enumerated() {
            guard byte < 0x80 else { return nil }
            if byte == 0x20 || (0x09...0x0D).contains(byte) { return false }
            if byte == UInt8(ascii: "@") {
                guard at == nil else { return false }
                at = index
            }
        }
        guard let at, at > 0 else { return false }
        // The domain: at least two labels, none empty.
        let domain = bytes[(at + 1)...]
        guard let first = domain.first, let last = domain.last, first != UInt8(ascii: "."),
              last != UInt8(ascii: ".") else { return false }
        return domain.contains(UInt8(ascii: ".")) && !zip(domain, domain.dropFirst()).contains {
            $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".")
        }
    }

    /// `body` over the UTF-8 bytes of `text`, read where they are (a copy only for text that is
    /// not stored as UTF-8).
    static func withUTF8<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        return text.withUTF8(body)
    }

    /// `YYYY-MM-DD`, a real calendar day.
    static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isDate($0) }
    }

    /// `isDate` of bytes read where they are.
    static func isDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2) else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= daysInMonth(year: year, month: month)
    }

    /// RFC 3339: a date, `T` (or a space), `HH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
    static func isDateTime(_ text: String) -> Bool {
        withUTF8(text, isDateTime(utf8:))
    }

    /// `isDateTime` of text given as its UTF-8 bytes.
    static func isDateTime(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 20, isDate(UnsafeBufferPointer(rebasing: bytes[0..<10])),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == 0x20,
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2),
              hour < 24, minute < 60, second < 61 else { return false }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") { return index + 1 == bytes.count }
        guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), bytes.count == index + 6,
              bytes[index + 3] == UInt8(ascii: ":"), let offsetHour = number(bytes, index + 1, 2),
              let offsetMinute = number(bytes, index + 4, 2) else { return false }
        return offsetHour < 24 && offsetMinute < 60
    }

    /// RFC 3986: a letter, then letters, digits, `+`, `.` or `-` (all ASCII), then `:`.
    static func hasScheme(_ text: String) -> Bool {
        withUTF8(text, hasScheme(utf8:))
    }

    /// `hasScheme` of text given as its UTF-8 bytes.
    static func hasScheme(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = utf8[..<colon]
        guard let first = scheme.first, isASCIILetter(first) else { return false }
        return scheme.allSatisfy { isASCIILetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, _ length: Int) -> Int? {
        var value = 0
        for index in offset..<(offset + length) {
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
