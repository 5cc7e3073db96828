/// A rejection's reason with what identifies a record taken out, so that reasons group by kind and
/// the report shows no record's values: quoted text becomes `"…"` and a position inside the file
/// (`line 1299, column 8`) becomes `line …, column …`.
public enum RejectionReason {
    public static func masked(_ reason: String) -> String {
        var out = ""
        var inQuote = false
        var escaped = false
        for character in reason {
            if inQuote {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" {
                    inQuote = false
                    out += "…\""
                }
                continue
            }
            out.append(character)
            if character == "\"" { inQuote = true }
        }
        if inQuote { out += "…" }
        return maskPositions(out)
    }

    /// `line 12, column 3` → `line …, column …` (and either alone, as whole words).
    private static func maskPositions(_ text: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for index in words.indices.dropFirst() where words[index - 1] == "line" || words[index - 1] == "column"
            || words[index - 1].hasSuffix("(line") {
            let digits = words[index].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty { words[index] = "…" + words[index].dropFirst(digits.count) }
        }
        return words.joined(separator: " ")
    }
}
