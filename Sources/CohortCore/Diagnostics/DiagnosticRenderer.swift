/// Draws a diagnostic for a person: its line, then (in a terminal style) the source line it points at
/// with `^` under its column and `~` under the rest of its extent when that is known:
///
///     segments/gold.xml:3:27: warning: unknown attribute `mergePolicy` is ignored; did you mean `mergePolicyId`?
///        3 | <segment id="gold" mergePolicy="default">
///          |                    ^~~~~~~~~~~
///
/// Columns count Unicode scalars, as diagnostics do. A tab in the source is repeated in the caret line
/// so that both line up in any terminal, a wide character (CJK, emoji) takes two cells and a combining
/// mark none; control characters (an escape sequence in a definition) are shown as U+FFFD, never sent
/// to the terminal; a long line is cut to a window around the column.
public enum DiagnosticRenderer {
    /// How many cells of a long source line are shown around the column.
    static let window = 120
    /// How many of them come before the column.
    static let before = 40

    /// The diagnostic as text for `style`; `source` is the whole text of its file, when readable.
    public static func render(_ diagnostic: Diagnostic, source: String?, style: DiagnosticStyle) -> String {
        render(diagnostic, lines: source.map(SourceLines.init), style: style)
    }

    /// The diagnostic as text for `style`, with the lines of its file (split once for all its diagnostics).
    public static func render(_ diagnostic: Diagnostic, lines: SourceLines?, style: DiagnosticStyle) -> String {
        guard style != .plain else { return diagnostic.description }
        let colour = style.colour ? severityColour(diagnostic.severity) : ""
        let severity = diagnostic.severity.rawValue
        let message = printable(diagnostic.message)
        // A file's name can hold control characters too (an escape sequence in a definition's file name).
        let location = printable("\(diagnostic.location)")
        let header = style.colour
            ? "\(bold)\(location):\(reset) \(colour)\(severity):\(reset) \(message)"
            : "\(location): \(severity): \(message)"
        guard style.sourceLine, let line = lines?[diagnostic.location.line] else { return header }
        let (text, padding, marker) = excerpt(line, column: diagnostic.location.column,
                                              endColumn: endColumn(of: diagnostic))
        let number = String(diagnostic.location.line)
        let gutter = String(repeating: " ", count: number.count)
        let caret = padding + (style.colour ? "\(colour)\(marker)\(reset)" : marker)
        return [header, " \(number) | \(text)", " \(gutter) | \(caret)"].joined(separator: "\n")
    }

    // MARK: Pieces

    static let bold = "\u{1B}[1m"
    static let reset = "\u{1B}[0m"

    static func severityColour(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "\u{1B}[1;31m"
        case .warning: return "\u{1B}[1;33m"
        }
    }

    /// The column just after the diagnostic's extent on its own line: its end there, or the end of
    /// the line when the extent goes on; nil when the extent is not known.
    static func endColumn(of diagnostic: Diagnostic) -> Int? {
        guard let end = diagnostic.end, end.file == diagnostic.location.file else { return nil }
        if end.line == diagnostic.location.line { return end.column > diagnostic.location.column ? end.column : nil }
        return end.line > diagnostic.location.line ? Int.max : nil
    }

    /// The shown part of the line, and the caret line under it: the padding up to the column, then `^~~`.
    static func excerpt(_ line: Substring, column: Int,
                        endColumn: Int?) -> (text: String, padding: String, marker: String) {
        let scalars = Array(line.unicodeScalars)
        // A column past the end of the line stands just after its last character (an unexpected end of file).
        let at = column > scalars.count ? scalars.count : column < 1 ? 0 : column - 1
        var from = 0
        var to = scalars.count
        if scalars.count > window {
            from = min(max(0, at - before), max(0, scalars.count - window))
            to = min(scalars.count, from + window)
        }
        var text = from > 0 ? "…" : ""
        var caret = from > 0 ? " " : ""
        for index in from..<to {
            let scalar = scalars[index]
            text += shown(scalar)
            if index < at { caret += padding(for: scalar) }
        }
        if to < scalars.count { text += "…" }
        var marker = "^"
        if let endColumn {
            // The marked extent starts with all the cells of its first character (a wide one takes two).
            if at < to { marker += String(repeating: "~", count: max(0, width(scalars[at]) - 1)) }
            let last = endColumn > to ? to : endColumn < 1 ? 0 : endColumn - 1
            if last > at + 1 {
                for index in (at + 1)..<last {
                    marker += String(repeating: "~", count: max(1, width(scalars[index])))
                }
            }
        }
        return (text, caret, marker)
    }

    /// The scalar as it is shown: control characters (other than tab) as U+FFFD.
    static func shown(_ scalar: Unicode.Scalar) -> String {
        isControl(scalar) ? "\u{FFFD}" : String(scalar)
    }

    /// What goes in the caret line under `scalar`: a tab for a tab, else as many spaces as cells.
    static func padding(for scalar: Unicode.Scalar) -> String {
        scalar == "\t" ? "\t" : String(repeating: " ", count: width(scalar))
    }

    /// Terminal cells a scalar takes: 0 for combining marks and invisible format characters, 2 for
    /// East Asian wide and emoji characters, else 1 (a control character is shown as U+FFFD, 1 cell).
    static func width(_ scalar: Unicode.Scalar) -> Int {
        if isControl(scalar) { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(scalar.value) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(scalar.value) } ? 2 : 1
    }

    /// The East Asian wide and fullwidth blocks (Unicode's EastAsianWidth W and F, in large ranges).
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }

    /// The text with control characters (a key holding an escape sequence) shown as U+FFFD.
    static func printable(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: isControl) else { return message }
        return String(String.UnicodeScalarView(message.unicodeScalars.map { isControl($0) ? "\u{FFFD}" : $0 }))
    }
}
