import CohortSampleData
import Testing
@testable import CohortCore

@Suite struct CSVReaderTests {
    private func rows(_ text: String) -> [CSVReader.Item] {
        CSVReader.read(Array(text.utf8))
    }

    private func row(_ fields: [String], _ line: Int) -> CSVReader.Item {
        .row(.init(fields: fields, line: line))
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
        #expect(CSVReader.read(bytes) == [row(["a", "b"], 1), row(["1", "x\r\ny"], 2), row(["2", "z"], 4)])
    }

    @Test func anUnbalancedQuoteIsReportedWhereItOpensAndEarlierRowsAreKept() {
        let items = rows("a,b\n1,ok\n2,\"broken\n3,fine\n")
        #expect(items.count == 3)
        #expect(items[0] == row(["a", "b"], 1))
        #expect(items[1] == row(["1", "ok"], 2))
        guard case .problem(let problem) = items[2] else {
            Issue.record("expected a problem, got \(items[2])")
            return
        }
        #expect(problem.line == 3)
        #expect(problem.message.contains("never closed"))
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
        #expect(CSVReader.read(Array("a;\"b;c\"\n".utf8), delimiter: UInt8(ascii: ";")) == [row(["a", "b;c"], 1)])
    }

    /// Chunk boundaries never change the result: feeding in random pieces equals feeding at once.
    @Test func chunkingDoesNotMatter() {
        let text: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("h1,h2\r\n\"a,\"\"b\",c\n\"multi\r\nline\",\"x\"y\n\"open,1\n".utf8)
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
