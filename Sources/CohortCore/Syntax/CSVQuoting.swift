import Foundation

/// One CSV field as RFC 4180 writes it: quoted when it holds the delimiter, the quote or a line
/// break (CR or LF, a CRLF pair too), quotes inside doubled.
public enum CSVQuoting {
    public static func field(_ text: String, delimiter: String = ",", quote: String = "\"") -> String {
        let special = Set(delimiter.unicodeScalars).union(quote.unicodeScalars).union(["\n", "\r"])
        guard text.unicodeScalars.contains(where: special.contains) else { return text }
        return quote + text.replacingOccurrences(of: quote, with: quote + quote) + quote
    }
}
