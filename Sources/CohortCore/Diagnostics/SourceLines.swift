/// The lines of a file's text, split once, for showing the line a diagnostic points at. Lines end at
/// "\n", as diagnostics count them; a "\r" before it is not part of the line.
public struct SourceLines: Sendable {
    private let lines: [Substring]

    public init(_ text: String) {
        // By scalars: "\r\n" is one Character, so a split by Characters would not see its "\n".
        lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Substring(line.last == "\r" ? line.dropLast() : line)
        }
    }

    /// The 1-based line `number`, or nil past the end of the file.
    public subscript(number: Int) -> Substring? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }
}
