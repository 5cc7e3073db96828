/// The lines of a file's text, split once, for showing the line a diagnostic points at. Lines end as
/// diagnostics count them (`TextCursor`, the JSON and XML scanners): at "\r\n", "\n" or a lone "\r",
/// none of which is part of the line.
public struct SourceLines: Sendable {
    private let lines: [Substring]

    public init(_ text: String) {
        // By scalars: "\r\n" is one Character, so a split by Characters would not see its "\n".
        var lines: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard scalar == "\n" || scalar == "\r" else {
                index = scalars.index(after: index)
                continue
            }
            lines.append(Substring(scalars[start..<index]))
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
            start = index
        }
        lines.append(Substring(scalars[start...]))
        self.lines = lines
    }

    /// The 1-based line `number`, or nil past the end of the file.
    public subscript(number: Int) -> Substring? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }
}
