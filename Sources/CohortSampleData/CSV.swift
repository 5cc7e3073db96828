/// Writes CSV per RFC 4180, with LF line ends: a field is quoted when it holds a comma, a quote or a line break.
enum CSV {
    static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { row in row.map(field).joined(separator: ",") + "\n" }.joined()
    }

    static func field(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { out += "\"" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }
}
