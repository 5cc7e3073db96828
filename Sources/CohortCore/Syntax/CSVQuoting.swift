import Foundation

/// One CSV field as RFC 4180 writes it: quoted when it holds the delimiter, the quote or a line
/// break (CR or LF, a CRLF pair too), quotes inside doubled — or, for a reader that wants them so,
/// escaped with a backslash.
public enum CSVQuoting {
    /// How a quote inside a quoted field is written.
    public enum Escape: String, Sendable {
        /// `""`, as RFC 4180 (and nearly every reader) has it.
        case doubled
        /// `\"`, as Adobe's customer attribute files have it.
        case backslash
    }

    public static func field(_ text: String, delimiter: String = ",", quote: String = "\"", escape: Escape = .doubled) -> String {
        let special = Set(delimiter.unicodeScalars).union(quote.unicodeScalars).union(["\n", "\r"])
        guard text.unicodeScalars.contains(where: special.contains) else { return text }
        switch escape {
        case .doubled:
            return quote + text.replacingOccurrences(of: quote, with: quote + quote) + quote
        case .backslash:
            // A backslash is escaped too, so that one ending a field cannot be read as escaping its closing quote.
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: quote, with: "\\" + quote)
            return quote + escaped + quote
        }
    }

    /// CSV text whose quoted fields escape quotes and backslashes with a backslash, rewritten with
    /// doubled quotes, so that an RFC 4180 reader reads it: inside a quoted field `\"` becomes `""` and
    /// `\\` one backslash. Everything else is kept, byte for byte.
    public static func doublingBackslashEscapes(_ bytes: [UInt8], quote: UInt8) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var quoted = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if quoted, byte == UInt8(ascii: "\\"), index + 1 < bytes.endIndex,
               bytes[index + 1] == quote || bytes[index + 1] == byte {
                result += bytes[index + 1] == quote ? [quote, quote] : [byte]
                index += 2
                continue
            }
            if byte == quote { quoted.toggle() }
            result.append(byte)
            index += 1
        }
        return result
    }
}
