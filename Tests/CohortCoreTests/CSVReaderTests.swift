import CohortSampleData
import Testing
@testable import CohortCore

@Suite struct CSVReaderTests {
    /// An item with only the line of its position: what most of these tests look at.
    enum Seen: Equatable {
        case row([String], line: Int)
        case problem(line: Int, message: String)
    }

    static func seen(_ items: [CSVReader.Item]) -> [Seen] {
        items.map { item in
            switch item {
            case .row(let row): .row(row.fields, line: row.line)
            case .problem(let problem): .problem(line: problem.line, message: problem.message)
            }
        }
    }

    private func rows(_ text: String) -> [Seen] {
        Self.seen(CSVReader.read(Array(text.utf8)))
    }

    private func row(_ fields: [String], _ line: Int) -> Seen {
        .row(fields, line: line)
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
        let text = "id,city,note\n1,\"Portland, OR\",\"O\"\"Neil said \"\"hi\"\"\"\n2,Berlin,\"two\nlines\"\n3,,\n"
        #expect(rows(text) == [
            row(["id", "city", "note"], 1),
            row(["1", "Portland, OR", "O\"Neil said \"hi\""], 2),
            row(["2", "Berlin", "two\nlines"], 3),
            row(["3", "", ""], 5),
        ])
    }

    @Test func crlfByteOrderMarkAndAMissingFinalNewline() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,\"x\r\ny\"\r\n2,z".utf8)
        #expect(Self.seen(CSVReader.read(bytes)) == [row(["a", "b"], 1), row(["1", "x\r\ny"], 2), row(["2", "z"], 4)])
    }

    @Test func anUnbalancedQuoteSpoilsOnlyItsOwnLine() {
        let items = rows("a,b\n1,ok\n2,\"broken\n3,fine\n4,\"two\nlines\"\n")
        #expect(items.count == 5)
        #expect(items[0] == row(["a", "b"], 1))
        #expect(items[1] == row(["1", "ok"], 2))
        guard case .problem(let line, let message) = items[2] else {
            Issue.record("expected a problem, got \(items[2])")
            return
        }
        #expect(line == 3)
        #expect(message.contains("opened on line 3"))
        // The lines after the broken one are rows of their own, a quoted line break included.
        #expect(items[3] == row(["3", "fine"], 4))
        #expect(items[4] == row(["4", "two\nlines"], 5))
    }

    @Test func aQuoteClosedLinesLaterIsABrokenRowAndTheLinesBetweenAreRead() {
        // The stray quote on line 2 is closed by the one on line 4, giving a row of the wrong width.
        let items = rows("a,b\n1,\"x\n2,y\n3,\"z\"\n5,w\n")
        #expect(items.count == 5)
        if case .problem(let line, _) = items[1] { #expect(line == 2) } else { Issue.record("line 2 should be a problem: \(items[1])") }
        #expect(items[2] == row(["2", "y"], 3))
        #expect(items[3] == row(["3", "z"], 4))
        #expect(items[4] == row(["5", "w"], 5))
    }

    @Test func twoUnbalancedQuotesLoseNoRowBetweenOrAfterThem() {
        let items = rows("a,b\n1,\"x\n2,y\n3,\"z\n4,w\n")
        #expect(items.filter { if case .problem = $0 { true } else { false } }.count == 2)
        #expect(items.contains(row(["2", "y"], 3)) && items.contains(row(["4", "w"], 5)))
    }

    /// Every line opens a quote that the next line's quote closes: broken rows all the way down. Lines
    /// are read again only up to a budget, so such a file takes linear time, not quadratic.
    @Test func aFileOfBrokenMultiLineRowsEnds() {
        let text = "a,b\n" + String(repeating: "x\"x,\"\n", count: 20_000)
        let items = rows(text)
        #expect(items.count > 1 && items.count <= 20_001)
        #expect(items.dropFirst().allSatisfy { if case .problem = $0 { true } else { false } })
    }

    @Test func positionsCountBytesAndLinesEndAtCR() {
        let items = CSVReader.read(Array("h\rä,b\r\nc".utf8))
        let positions = items.compactMap { if case .row(let row) = $0 { row.position } else { nil } }
        #expect(positions == [TextPosition(offset: 0, line: 1, column: 1), TextPosition(offset: 2, line: 2, column: 1),
                              TextPosition(offset: 8, line: 3, column: 1)])
    }

    @Test func aFieldThatIsNotUTF8SpoilsItsRow() {
        let items = CSVReader.read([UInt8]("a,b\n1,x".utf8) + [0xFF] + [UInt8]("\n2,y\n".utf8))
        #expect(items.count == 3)
        if case .problem(let problem) = items[1] {
            #expect(problem.line == 2 && problem.message.contains("field 2 is not valid UTF-8"))
        } else {
            Issue.record("the row with a byte that is not UTF-8 should be a problem: \(items[1])")
        }
    }

    @Test func strayQuotesSpoilOnlyTheirRow() {
        let items = rows("a,b\n1,ab\"c\n2,\"x\"y\n3,z\n")
        #expect(items.count == 4)
        #expect(items[3] == row(["3", "z"], 4))
        if case .problem(let problem) = items[1] { #expect(problem.line == 2) } else { Issue.record("row 2 should be a problem") }
        if case .problem(let problem) = items[2] { #expect(problem.line == 3) } else { Issue.record("row 3 should be a problem") }
    }

    @Test func anEmptyInputHasNoRows() {
        #expect(rows("").isEmpty)
        #expect(rows("\n") == [row([""], 1)])
    }

    @Test func otherDelimiters() {
        #expect(Self.seen(CSVReader.read(Array("a;\"b;c\"\n".utf8), delimiter: UInt8(ascii: ";"))) == [row(["a", "b;c"], 1)])
    }

    /// Chunk boundaries never change the result: feeding in random pieces equals feeding at once.
    @Test func chunkingDoesNotMatter() {
        let text: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("h1,h2\r\n\"a,\"\"b\",c\n\"multi\r\nline\",\"x\"y\n\"open,1\n2,\"x\ry\"\n\"q\n3,4".utf8)
        let whole = CSVReader.read(text)
        var generator = SplitMix64(seed: 42)
        for _ in 0..<200 {
            var reader = CSVReader()
            var items: [CSVReader.Item] = []
            var start = 0
            while start < text.count {
                let end = min(text.count, start + Int.random(in: 1...5, using: &generator))
                items += reader.feed(text[start..<end])
                start = end
            }
            items += reader.finish()
            #expect(items == whole)
        }
    }
}

/// A small deterministic generator so that randomized tests repeat exactly.

/// Writing a CSV field: what must be quoted is, and reads back as written.
@Suite struct CSVQuotingTests {
    @Test func fieldsWithADelimiterQuoteOrLineBreakAreQuotedAndReadBackWhole() {
        #expect(CSVQuoting.field("plain") == "plain")
        #expect(CSVQuoting.field("a,b") == "\"a,b\"")
        #expect(CSVQuoting.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVQuoting.field("a;b", delimiter: ";") == "\"a;b\"")
        for text in ["two\r\nlines", "cr\ronly", "lf\nonly", "ü,\"\r\n"] {
            let quoted = CSVQuoting.field(text)
            #expect(quoted.hasPrefix("\""), "\(text.debugDescription) is not quoted")
            var reader = CSVReader()
            let items = reader.feed(Array((quoted + "\n").utf8)) + reader.finish()
            guard case .row(let row)? = items.first else {
                Issue.record("\(quoted.debugDescription) does not read back as a row")
                continue
            }
            #expect(row.fields == [text])
        }
    }
    /// Adobe's customer attribute files escape a quote with a backslash; rewritten with doubled quotes,
    /// such fields read back whole, and backslashes elsewhere are left alone.
    @Test func backslashEscapedQuotesReadBackThroughTheDoubledForm() {
        #expect(CSVQuoting.field("say \"hi\", bye", escape: .backslash) == #""say \"hi\", bye""#)
        #expect(CSVQuoting.field(#"C:\path"#, escape: .backslash) == #"C:\path"#)
        // A field ending in a backslash (and one of backslashes only) must not escape its closing quote.
        #expect(CSVQuoting.field(#"a,b\"#, escape: .backslash) == #""a,b\\""#)
        for text in ["say \"hi\", bye", "\"", "a,b", #"back\slash, "and" quote"#, "ü\r\n\"", #"a,b\"#, #"\\,"#, #"x\",y"#] {
            let line = CSVQuoting.field(text, escape: .backslash) + "," + #"C:\x"# + "\n"
            var reader = CSVReader()
            let doubled = CSVQuoting.doublingBackslashEscapes(Array(line.utf8), quote: UInt8(ascii: "\""))
            let items = reader.feed(doubled) + reader.finish()
            guard case .row(let row)? = items.first else {
                Issue.record("\(line.debugDescription) does not read back as a row")
                continue
            }
            #expect(row.fields == [text, #"C:\x"#])
        }
    }
}
