import CohortSampleData
import Testing
@testable import CohortCore

@Suite struct JSONRecordSplitterTests {
    /// An item with only the line of its position: what most of these tests look at.
    enum Seen: Equatable {
        case record(line: Int, text: String)
        case problem(line: Int, message: String)
    }

    static func seen(_ items: [JSONRecordSplitter.Item]) -> [Seen] {
        items.map { item in
            switch item {
            case .record(let position, let bytes): .record(line: position.line, text: String(decoding: bytes, as: UTF8.self))
            case .problem(let position, let message): .problem(line: position.line, message: message)
            }
        }
    }

    private func split(_ text: String, _ mode: JSONRecordSplitter.Mode = .json) -> [Seen] {
        Self.seen(JSONRecordSplitter.split(Array(text.utf8), mode: mode))
    }

    private func record(_ text: String, _ line: Int) -> Seen {
        .record(line: line, text: text)
    }

    private func problem(_ line: Int, _ message: String) -> Seen {
        .problem(line: line, message: message)
    }

    @Test func anArrayYieldsEachElementWithItsLine() {
        let text = "[\n  {\"a\": 1},\n  {\"b\": \"x,]}\\\"{\",\n   \"c\": [1, {\"d\": null}]}\n]\n"
        #expect(split(text) == [
            record("{\"a\": 1}", 2),
            record("{\"b\": \"x,]}\\\"{\",\n   \"c\": [1, {\"d\": null}]}", 3),
        ])
    }

    @Test func scalarElementsAreRecordsToo() {
        #expect(split("[1, -2.5e3,true ,\"s\\\\\",null]") == [
            record("1", 1), record("-2.5e3", 1), record("true", 1), record("\"s\\\\\"", 1), record("null", 1),
        ])
    }

    @Test func aSingleObjectIsOneRecord() {
        #expect(split("\n\n{\"a\": [1, 2], \"b\": {}}\n") == [record("{\"a\": [1, 2], \"b\": {}}", 3)])
        #expect(split("[]") == [])
    }

    @Test func ndjsonSkipsBlankLinesAndCarriageReturns() {
        let text = "{\"a\":1}\r\n\r\n   \n  {\"b\":2}\r\n{\"c\":3}"
        #expect(split(text, .ndjson) == [record("{\"a\":1}", 1), record("{\"b\":2}", 4), record("{\"c\":3}", 5)])
    }

    @Test func aByteOrderMarkIsSkipped() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[{\"a\":\"é\"}]".utf8)
        #expect(Self.seen(JSONRecordSplitter.split(bytes, mode: .json)) == [record("{\"a\":\"é\"}", 1)])
        #expect(Self.seen(JSONRecordSplitter.split(bytes + [0x0A], mode: .ndjson)) == [record("[{\"a\":\"é\"}]", 1)])
    }

    @Test func aTruncatedLastElementIsReportedWhereItStarts() {
        let text = "[\n{\"a\":1},\n{\"b\":\"}\"},\n{\"c\":\n  {\"d\": 1"
        #expect(split(text) == [
            record("{\"a\":1}", 2),
            record("{\"b\":\"}\"}", 3),
            problem(4, "the record starting on line 4 is cut off: the file ends inside it"),
        ])
    }

    @Test func anArrayNeverClosedIsReportedAtItsLastContent() {
        #expect(split("[{\"a\":1},\n{\"b\":2}\n\n") == [
            record("{\"a\":1}", 1),
            record("{\"b\":2}", 2),
            problem(2, "the file ends before the array opened on line 1 is closed with ']'"),
        ])
    }

    @Test func aMissingCommaIsReportedAndTheNextRecordKept() {
        #expect(split("[\n{\"a\":1}\n{\"b\":2},\n{\"c\":3}\n]") == [
            record("{\"a\":1}", 2),
            problem(3, "a ',' is missing before the record that starts here"),
            record("{\"b\":2}", 3),
            record("{\"c\":3}", 4),
        ])
    }

    @Test func junkBetweenElementsIsSkippedToTheNextElement() {
        #expect(split("[{\"a\":1} xyz, {\"b\":2},\n]") == [
            record("{\"a\":1}", 1),
            problem(1, "unexpected 'x' between records; expected ',' or ']'"),
            record("{\"b\":2}", 1),
            problem(2, "a ',' before ']' has no record after it; remove the trailing comma"),
        ])
        #expect(split("[{\"a\":1}]\n,{\"b\":2}") == [
            record("{\"a\":1}", 1),
            problem(2, "unexpected ',' after the closing ']' of the array; a JSON data file holds one array of records"),
        ])
    }

    @Test func brokenRecordsEndEarlySoTheirNeighboursSurvive() {
        // A raw line break ends a string; a mismatched bracket ends the record.
        #expect(split("[\n{\"a\":\"broken\n},\n{\"b\":[1}, {\"c\":3}]") == [
            record("{\"a\":\"broken\n}", 2),
            record("{\"b\":[1}", 4),
            record("{\"c\":3}", 4),
        ])
    }

    @Test func topLevelScalarsAndEmptyFilesAreProblems() {
        let arrayOrObject = "; a JSON data file holds one array of records or objects one after another"
        #expect(split("  \n 42 [") == [problem(2, "the file holds a single number" + arrayOrObject)])
        #expect(split("\"x\"") == [problem(1, "the file holds a single string" + arrayOrObject)])
        #expect(split("<a/>") == [problem(1, "unexpected '<' at the start of the file" + arrayOrObject)])
        // Objects one after another are records one after another, not one record and junk.
        #expect(split("{\"a\":1}\n{\"b\":2}{\"c\":3} 4") == [
            record("{\"a\":1}", 1), record("{\"b\":2}", 2), record("{\"c\":3}", 2),
            problem(2, "unexpected '4' after the end of an object; expected another object or the end of the file"),
        ])
        for mode in [JSONRecordSplitter.Mode.json, .ndjson] {
            #expect(split("", mode) == [problem(1, "the file is empty")])
            #expect(split(" \r\n\n", mode) == [problem(1, "the file is empty")])
            #expect(Self.seen(JSONRecordSplitter.split([0xEF, 0xBB, 0xBF], mode: mode)) == [problem(1, "the file is empty")])
        }
    }

    /// Chunk boundaries never change the result, including inside the byte order mark; nor does
    /// whether a chunk is contiguous bytes (NDJSON then frames a line at a time) or not (a byte at a time).
    @Test func chunkingDoesNotMatter() {
        let texts: [(String, JSONRecordSplitter.Mode)] = [
            ("[\r\n {\"a\":\"x\\\"]\"},\n 7 {\"b\":[1,{\"é\":2}]} junk ,\n{\"c\":\"raw\n}, {\"d\":[}\n,{\"e\":", .json),
            ("{\"a\":1}\r\n\r\n{\"b\":\"ü\"}\nnot json\n  \n{\"c\":3}\n \t{\"d\": 4} \r\n\r{\"e\":5}", .ndjson),
        ]
        var generator = SplitMix64(seed: 7)
        for (text, mode) in texts {
            let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
            let whole = JSONRecordSplitter.split(bytes, mode: mode)
            for _ in 0..<200 {
                var splitter = JSONRecordSplitter(mode: mode)
                var items: [JSONRecordSplitter.Item] = []
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + Int.random(in: 1...6, using: &generator))
                    items += Bool.random(using: &generator) ? splitter.feed(bytes[start..<end]) : splitter.feed(bytes[start..<end].lazy.map { $0 })
                    start = end
                }
                items += splitter.finish()
                #expect(items == whole)
            }
        }
    }
}
