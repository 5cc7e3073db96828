/// A streaming RFC 4180 CSV reader: bytes go in chunk by chunk, complete rows come out with the line
/// each row starts on, so a file of any size is read in constant memory.
///
/// Quoted fields may hold delimiters, doubled quotes and line breaks; CRLF and LF both end a row; a
/// UTF-8 byte order mark is skipped. A malformed row (a stray quote, text after a closing quote) is
/// reported as a `Problem` and reading goes on with the next row; a quote left open at the end of the
/// file is reported at the line where it opened. Rows read before a problem are never lost.
public struct CSVReader {
    /// One row of fields and the 1-based line it starts on.
    public struct Row: Equatable, Sendable {
        public var fields: [String]
        public var line: Int

        public init(fields: [String], line: Int) {
            self.fields = fields
            self.line = line
        }
    }

    /// A row that could not be read, with the line it starts on and what is wrong.
    public struct Problem: Equatable, Sendable, Error {
        public var line: Int
        public var message: String
    }

    /// Either a row or a problem, in file order.
    public enum Item: Equatable, Sendable {
        case row(Row)
        case problem(Problem)
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterCarriageReturn
    }

    private let delimiter: UInt8
    private let quote: UInt8
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var rowLine = 1
    private var rowProblem: String?
    private var quoteLine = 1
    private var atFileStart = true
    private var bomProgress = 0

    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\"")) {
        self.delimiter = delimiter
        self.quote = quote
    }

    /// Reads a whole buffer at once (for tests and small files).
    public static func read(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) -> [Item] {
        var reader = CSVReader(delimiter: delimiter)
        return reader.feed(bytes) + reader.finish()
    }

    /// Consumes the next chunk and returns the rows and problems it completed.
    public mutating func feed<C: Collection>(_ chunk: C) -> [Item] where C.Element == UInt8 {
        var items: [Item] = []
        for byte in chunk {
            if atFileStart, skipByteOrderMark(byte, into: &items) { continue }
            consume(byte, into: &items)
        }
        return items
    }

    /// Ends the input and returns the last row, or the problem of a quote never closed.
    public mutating func finish() -> [Item] {
        var items: [Item] = []
        switch state {
        case .quoted:
            items.append(.problem(Problem(line: quoteLine, message: "a quoted field opened on line \(quoteLine) is never closed; every \" inside a field must be doubled (\"\")")))
            resetRow()
        case .fieldStart where fields.isEmpty && rowProblem == nil:
            break
        case .afterCarriageReturn:
            break
        default:
            endRow(into: &items)
        }
        state = .fieldStart
        return items
    }

    /// The first three bytes may be a UTF-8 byte order mark, which is not data.
    private mutating func skipByteOrderMark(_ byte: UInt8, into items: inout [Item]) -> Bool {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        if byte == mark[bomProgress] {
            bomProgress += 1
            if bomProgress == 3 { atFileStart = false }
            return true
        }
        atFileStart = false
        if bomProgress > 0 {
            let partial = mark[0..<bomProgress]
            bomProgress = 0
            for earlier in partial { consume(earlier, into: &items) }
        }
        return false
    }

    private mutating func consume(_ byte: UInt8, into items: inout [Item]) {
        switch state {
        case .afterCarriageReturn:
            state = .fieldStart
            if byte == UInt8(ascii: "\n") { return }
            consume(byte, into: &items)
        case .fieldStart:
            if byte == quote {
                state = .quoted
                quoteLine = line
            } else {
                state = .unquoted
                consumeUnquoted(byte, into: &items)
            }
        case .unquoted:
            consumeUnquoted(byte, into: &items)
        case .quoted:
            if byte == quote {
                state = .quoteInQuoted
            } else {
                if byte == UInt8(ascii: "\n") { line += 1 }
                field.append(byte)
            }
        case .quoteInQuoted:
            if byte == quote {
                field.append(quote)
                state = .quoted
            } else {
                state = .unquoted
                if byte != delimiter && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r") {
                    noteProblem("text after the closing quote of field \(fields.count + 1); a field is either fully quoted or not quoted")
                }
                consumeUnquoted(byte, into: &items)
            }
        }
    }

    private mutating func consumeUnquoted(_ byte: UInt8, into items: inout [Item]) {
        switch byte {
        case delimiter:
            endField()
            state = .fieldStart
        case UInt8(ascii: "\n"):
            endRow(into: &items)
            line += 1
            rowLine = line
            state = .fieldStart
        case UInt8(ascii: "\r"):
            endRow(into: &items)
            line += 1
            rowLine = line
            state = .afterCarriageReturn
        case quote:
            noteProblem("a quote inside the unquoted field \(fields.count + 1); quote the whole field and double the quote (\"\")")
            field.append(byte)
        default:
            field.append(byte)
        }
    }

    private mutating func noteProblem(_ message: String) {
        if rowProblem == nil { rowProblem = message }
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRow(into items: inout [Item]) {
        endField()
        if let rowProblem {
            items.append(.problem(Problem(line: rowLine, message: rowProblem)))
        } else {
            items.append(.row(Row(fields: fields, line: rowLine)))
        }
        resetRow()
    }

    private mutating func resetRow() {
        fields.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        rowProblem = nil
    }
}
