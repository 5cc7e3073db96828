import Testing
@testable import CohortCore

/// `DiagnosticRenderer`: plain lines stay as they were; a terminal gets colour and the source line with
/// a caret under the diagnostic's column, whatever tabs and wide characters come before it.
@Suite struct DiagnosticRendererTests {
    static let sourceOnly = DiagnosticStyle(colour: false, sourceLine: true)
    static let coloured = DiagnosticStyle(colour: true, sourceLine: true)

    static func diagnostic(line: Int = 1, column: Int, endColumn: Int? = nil, severity: Diagnostic.Severity = .error) -> Diagnostic {
        let location = SourceLocation(file: "segments/s.xml", line: line, column: column)
        return Diagnostic(severity, at: location, "something is wrong",
                          end: endColumn.map { SourceLocation(file: "segments/s.xml", line: line, column: $0) })
    }

    /// The caret line of a rendering (its third line, after the gutter).
    static func caret(_ rendered: String) -> String {
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 3, let bar = lines[2].range(of: "| ") else { return "" }
        return String(lines[2][bar.upperBound...])
    }

    @Test func thePlainStyleIsTheDescriptionByteForByte() {
        let diagnostic = Self.diagnostic(column: 5, endColumn: 9)
        #expect(DiagnosticRenderer.render(diagnostic, source: "<a b='c'/>", style: .plain) == diagnostic.description)
        #expect(DiagnosticRenderer.render(diagnostic, source: nil, style: .plain) == "segments/s.xml:1:5: error: something is wrong")
    }

    @Test func theCaretStandsUnderTheColumnWithTildesUnderTheRestOfTheSpan() {
        let source = "first line\n<segment id=\"s\" mergePolicy=\"default\">\nthird"
        let rendered = DiagnosticRenderer.render(Self.diagnostic(line: 2, column: 17, endColumn: 28), source: source, style: Self.sourceOnly)
        #expect(rendered == """
            segments/s.xml:2:17: error: something is wrong
             2 | <segment id="s" mergePolicy="default">
               |                 ^~~~~~~~~~~
            """)
        let withoutEnd = DiagnosticRenderer.render(Self.diagnostic(line: 2, column: 17), source: source, style: Self.sourceOnly)
        #expect(Self.caret(withoutEnd) == String(repeating: " ", count: 16) + "^")
    }

    @Test func tabsBeforeTheColumnAreRepeatedSoTheCaretLinesUpInAnyTerminal() {
        let rendered = DiagnosticRenderer.render(Self.diagnostic(column: 4), source: "\t\t x = 1", style: Self.sourceOnly)
        #expect(Self.caret(rendered) == "\t\t ^")
    }

    @Test func wideCharactersTakeTwoCellsAndCombiningMarksNone() {
        // "日本" is two wide scalars, "é" is e + a combining acute accent (two scalars, one cell).
        let source = "\"日本e\u{301}\": 1"
        let rendered = DiagnosticRenderer.render(Self.diagnostic(column: 6), source: source, style: Self.sourceOnly)
        #expect(Self.caret(rendered) == " " + "    " + " " + "" + "^")
        let emoji = DiagnosticRenderer.render(Self.diagnostic(column: 3, endColumn: 5), source: "a🎉bc", style: Self.sourceOnly)
        #expect(Self.caret(emoji) == "   ^~")
        let accented = DiagnosticRenderer.render(Self.diagnostic(column: 3), source: "éx", style: Self.sourceOnly)
        #expect(Self.caret(accented) == "  ^")
    }

    /// An extent that starts on a wide character is marked under both of its cells.
    @Test func anExtentStartingOnAWideCharacterIsMarkedUnderAllItsCells() {
        let rendered = DiagnosticRenderer.render(Self.diagnostic(column: 2, endColumn: 4), source: "a日本b", style: Self.sourceOnly)
        #expect(Self.caret(rendered) == " ^~~~")
        let single = DiagnosticRenderer.render(Self.diagnostic(column: 2, endColumn: 3), source: "a🎉b", style: Self.sourceOnly)
        #expect(Self.caret(single) == " ^~")
    }

    /// A file name holding an escape sequence reaches the terminal as U+FFFD, as a message's does.
    @Test func controlCharactersInTheFileNameAreNeverSentToTheTerminal() {
        let diagnostic = Diagnostic(.error, at: SourceLocation(file: "segments/\u{1B}]0;owned\u{7}.pql", line: 1, column: 1), "bad")
        let rendered = DiagnosticRenderer.render(diagnostic, source: "x", style: Self.sourceOnly)
        #expect(rendered.hasPrefix("segments/\u{FFFD}]0;owned\u{FFFD}.pql:1:1: error: bad"))
        let coloured = DiagnosticRenderer.render(diagnostic, source: "x", style: Self.coloured)
        #expect(!coloured.contains("\u{1B}]"))
    }

    @Test func colourCodesAppearOnlyWhenAskedForAndNameTheSeverity() {
        let source = "{\"a\": 1}"
        let error = DiagnosticRenderer.render(Self.diagnostic(column: 2), source: source, style: Self.coloured)
        #expect(error.hasPrefix("\u{1B}[1msegments/s.xml:1:2:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m something is wrong"))
        #expect(error.hasSuffix(" \u{1B}[1;31m^\u{1B}[0m"))
        let warning = DiagnosticRenderer.render(Self.diagnostic(column: 2, severity: .warning), source: source, style: Self.coloured)
        #expect(warning.contains("\u{1B}[1;33mwarning:\u{1B}[0m"))
        #expect(!warning.contains("31m"))
        for style in [Self.sourceOnly, DiagnosticStyle.plain, DiagnosticStyle(colour: false, sourceLine: false)] {
            #expect(!DiagnosticRenderer.render(Self.diagnostic(column: 2), source: source, style: style).contains("\u{1B}"))
        }
        let headerOnly = DiagnosticRenderer.render(Self.diagnostic(column: 2), source: source, style: DiagnosticStyle(colour: true, sourceLine: false))
        #expect(!headerOnly.contains("\n"))
        #expect(headerOnly.contains("\u{1B}[1;31m"))
    }

    @Test func noColorAndDumbTerminalsTurnColourOffAndPipesGetPlainLines() {
        let terminal = { (environment: [String: String]) in DiagnosticStyle.forStream(isTerminal: true, environment: environment) }
        #expect(terminal([:]) == DiagnosticStyle(colour: true, sourceLine: true))
        #expect(terminal(["NO_COLOR": "1"]) == DiagnosticStyle(colour: false, sourceLine: true))
        #expect(terminal(["NO_COLOR": "0"]) == DiagnosticStyle(colour: false, sourceLine: true))
        // no-color.org: an empty NO_COLOR does not count.
        #expect(terminal(["NO_COLOR": ""]) == DiagnosticStyle(colour: true, sourceLine: true))
        #expect(terminal(["TERM": "dumb"]) == DiagnosticStyle(colour: false, sourceLine: true))
        #expect(DiagnosticStyle.forStream(isTerminal: false, environment: [:]) == .plain)
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        // A key holding an escape sequence is shown, not obeyed: in the source line and in the message.
        let diagnostic = Diagnostic(.warning, at: SourceLocation(file: "d.json", line: 1, column: 3), "unknown key `\u{1B}[2J` is ignored")
        let rendered = DiagnosticRenderer.render(diagnostic, source: "{\"\u{1B}[2J\": 1}\r\n", style: Self.sourceOnly)
        #expect(!rendered.contains("\u{1B}"))
        #expect(!rendered.contains("\r"))
        #expect(rendered.contains("`\u{FFFD}[2J`"))
        #expect(Self.caret(rendered) == "  ^")
    }

    @Test func aLongLineIsCutToAWindowAroundTheColumn() {
        let line = String(repeating: "a", count: 5_000) + "X" + String(repeating: "b", count: 5_000)
        let rendered = DiagnosticRenderer.render(Self.diagnostic(column: 5_001, endColumn: 5_002), source: line, style: Self.sourceOnly)
        let lines = rendered.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].count < 140)
        #expect(lines[1].contains("…"))
        let text = lines[1].dropFirst(" 1 | ".count)
        let caret = Self.caret(rendered)
        let caretOffset = caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!)
        #expect(Array(text)[caretOffset] == "X")
    }

    @Test func aColumnPastTheEndOfTheLineOrALineBeyondTheFileIsHandled() {
        let rendered = DiagnosticRenderer.render(Self.diagnostic(column: 4), source: "{\"a\"", style: Self.sourceOnly)
        #expect(Self.caret(rendered) == "   ^")
        // A column far past the end (never from a parser, but never trusted) stands just after the line.
        let far = DiagnosticRenderer.render(Self.diagnostic(column: Int.max, endColumn: Int.max), source: "{\"a\"", style: Self.sourceOnly)
        #expect(Self.caret(far) == "    ^")
        let beyond = DiagnosticRenderer.render(Self.diagnostic(line: 9, column: 1), source: "one\ntwo", style: Self.sourceOnly)
        #expect(beyond == "segments/s.xml:9:1: error: something is wrong")
        let unreadable = DiagnosticRenderer.render(Self.diagnostic(column: 1), source: nil, style: Self.sourceOnly)
        #expect(unreadable == "segments/s.xml:1:1: error: something is wrong")
        // An extent that goes on to later lines is marked to the end of this one.
        var multiline = Self.diagnostic(column: 2)
        multiline.end = SourceLocation(file: "segments/s.xml", line: 3, column: 1)
        #expect(Self.caret(DiagnosticRenderer.render(multiline, source: "abcd\nx\ny", style: Self.sourceOnly)) == " ^~~")
    }

    @Test func theCaretMatchesTheColumnsTheJSONParserCounts() throws {
        // A parse error after a tab and multibyte text: the caret stands under the character reported.
        let text = "{\n\t\"名前\": \"é\" x}"
        guard case .failure(let diagnostic) = JSONParser.parse(Array(text.utf8), file: "d.json") else {
            Issue.record("the JSON should not parse")
            return
        }
        let rendered = DiagnosticRenderer.render(diagnostic, source: text, style: Self.sourceOnly)
        // Tab, quote, two wide characters (four cells), then `": "é" ` (seven cells).
        #expect(Self.caret(rendered) == "\t" + " " + "    " + String(repeating: " ", count: 7) + "^")
        let line = try #require(SourceLines(text)[diagnostic.location.line])
        #expect(Array(line.unicodeScalars)[diagnostic.location.column - 1] == "x")
    }
}

/// Hostile input: any text, any position, never a crash, a control character or an unbounded line.
@Suite struct DiagnosticRendererHostileInputTests {
    @Test func arbitraryTextAndPositionsRenderSafely() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [String] = ["a", "\t", "\n", "\r\n", "\u{1B}[31m", "\u{0}", "\u{7F}", "\u{9B}", "日", "🎉", "e\u{301}", "\u{200D}",
                                "\u{FE0F}", "\u{FFFD}", " ", "\"", "<", String(repeating: "x", count: 300)]
        let positions = [Int.min, -1, 0, 1, 2, 3, 7, 50, 121, 400, Int.max]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let location = SourceLocation(file: "f", line: positions.randomElement(using: &generator)!,
                                          column: positions.randomElement(using: &generator)!)
            var diagnostic = Diagnostic(.error, at: location, "bad \u{1B}[2J thing")
            if Bool.random(using: &generator) {
                diagnostic.end = SourceLocation(file: "f", line: positions.randomElement(using: &generator)!,
                                                column: positions.randomElement(using: &generator)!)
            }
            let rendered = DiagnosticRenderer.render(diagnostic, source: text, style: DiagnosticStyle(colour: false, sourceLine: true))
            #expect(!rendered.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) },
                    "\(text.debugDescription) at \(location)")
            #expect(rendered.split(separator: "\n").allSatisfy { $0.unicodeScalars.count < 300 })
        }
    }
}

/// `SourceLines`: the lines diagnostics count, for any text.
@Suite struct SourceLinesTests {
    @Test func linesEndAtNewlinesWithoutTheirCarriageReturns() {
        let lines = SourceLines("one\r\ntwo\n\nfour\r")
        #expect(lines[1] == "one")
        #expect(lines[2] == "two")
        #expect(lines[3] == "")
        #expect(lines[4] == "four")
        // The last "\r" ends line 4, as "\n" would: diagnostics count an empty line 5 after it.
        #expect(lines[5] == "")
        #expect(lines[6] == nil)
        #expect(lines[0] == nil)
        #expect(lines[-3] == nil)
        #expect(SourceLines("")[1] == "")
    }

    /// A file with classic Mac line ends (a lone CR) has the lines the parsers count, so the line shown
    /// is the one the diagnostic is on, with the caret under its column.
    @Test func aLoneCarriageReturnEndsALineAsTheParsersCountIt() throws {
        let text = "{\r  \"a\": 1,\r  \"b\": x\r}"
        guard case .failure(let diagnostic) = JSONParser.parse(Array(text.utf8), file: "d.json") else {
            Issue.record("the JSON should not parse")
            return
        }
        #expect(diagnostic.location.line == 3)
        let line = try #require(SourceLines(text)[diagnostic.location.line])
        #expect(line == "  \"b\": x")
        #expect(Array(line.unicodeScalars)[diagnostic.location.column - 1] == "x")
        let mixed = SourceLines("a\rb\r\nc\n\rd")
        #expect((1...6).map { mixed[$0] } == ["a", "b", "c", "", "d", nil])
    }

    @Test func eachLineOfALargeFileIsFoundInOneSplit() {
        // 20,000 lines with a diagnostic on each, drawn from one split of the file.
        let text = (1...20_000).map { "  \"key\($0)\": \($0)," }.joined(separator: "\n")
        let lines = SourceLines(text)
        let style = DiagnosticStyle(colour: false, sourceLine: true)
        let misplaced = (1...20_000).filter { line in
            let diagnostic = Diagnostic(.warning, at: SourceLocation(file: "big.json", line: line, column: 3), "unknown key")
            return !DiagnosticRenderer.render(diagnostic, lines: lines, style: style).contains(" | " + "  \"key\(line)\": \(line),\n")
        }
        #expect(misplaced == [])
    }
}
