/// A streaming RFC 4180 CSV reader: bytes go in chunk by chunk, complete rows come out with the
/// position each row starts at, so a file of any size is read in constant memory.
///
/// Quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF and CR end a row; a
/// UTF-8 byte order mark is skipped. A malformed row (a stray quote, text after a closing quote, a
/// field that is not UTF-8) is reported as a `Problem` and reading goes on with the next row. A
/// quoted field that runs past its line and makes a broken row — one never closed, one followed by
/// stray text, or a row with another number of fields than the first (header) row — is a problem
/// of its first line only, and the lines after it are read again as rows of their own, so one
/// unbalanced quote never swallows the rows after it. Rows read before a problem are never lost.
public struct CSVReader {
    /// One row of fields and where it starts.
    public struct Row: Equatable, Sendable {
        public var fields: [String]
        public var position: TextPosition
        public var line: Int { position.line }

        public init(fields: [String], position: TextPosition) {
            self.fields = fields
            self.position = position
        }
    }

    /// A row that could not be read, where it starts and what is wrong.
    public struct Problem: Equatable, Sendable, Error {
        public var position: TextPosition
        public var message: String
        public var line: Int { position.line }
    }

    /// Either a row or a problem, in file order.
    public enum Item: Equatable, Sendable {
        case row(Row)
        case problem(Problem)
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterCarriageReturn, skippingLine
    }

    private let delimiter: UInt8
    private let quote: UInt8
    private var state = State.fieldStart
    private var cursor = TextCursor()
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var rowStart = TextPosition.start
    private var rowProblem: String?
    /// The row's bytes as read, to read again past its first line if it turns out broken.
    private var rowBytes: [UInt8] = []
    /// The row runs past its first line (a quoted field holds a line break).
    private var rowSpansLines = false
    private var quoteStart = TextPosition.start
    /// How many fields the first row has: a row of several lines with another count is broken.
    private var expectedFields: Int?
    /// Bytes handed back by a broken row, read from `replayIndex` on before any new input.
    private var replay: [UInt8] = []
    private var replayIndex = 0
    /// Bytes fed in, and bytes read again: reading again stops at a few times the input, so a file of
    /// nothing but broken rows is still read in linear time.
    private var bytesFed = 0
    private var bytesReplayed = 0
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
        while true {
            drainReplay(into: &items)
            switch state {
            case .quoted:
                let message = "a quoted field opened on line \(quoteStart.line) is never closed; every \" inside a field must be doubled (\"\")"
                if handBackLaterLines(message, into: &items) { continue }
                items.append(.problem(Problem(position: rowStart, message: message)))
                resetRow()
            case .fieldStart where fields.isEmpty && rowProblem == nil && rowBytes.isEmpty:
                break
            case .afterCarriageReturn, .skippingLine:
                break
            default:
                endRow(into: &items)
                if replayIndex < replay.count { continue }
            }
            break
        }
        state = .fieldStart
        return items
    }

    /// The first three bytes may be a UTF-8 byte order mark, which is not data.
    private mutating func skipByteOrderMark(_ byte: UInt8, into items: inout [Item]) -> Bool {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        if byte == mark[bomProgress] {
            bomProgress += 1
            if bomProgress == 3 {
                atFileStart = false
                cursor = TextCursor(at: TextPosition(offset: 3, line: 1, column: 1))
                rowStart = cursor.position
            }
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

    /// Reads one byte, then whatever a broken row handed back.
    private mutating func consume(_ byte: UInt8, into items: inout [Item]) {
        bytesFed += 1
        step(byte, into: &items)
        drainReplay(into: &items)
    }

    private mutating func drainReplay(into items: inout [Item]) {
        while replayIndex < replay.count {
            let byte = replay[replayIndex]
            replayIndex += 1
            step(byte, into: &items)
        }
        replay.removeAll(keepingCapacity: false)
        replayIndex = 0
    }

    private mutating func step(_ byte: UInt8, into items: inout [Item]) {
        let position = cursor.position
        cursor.advance(over: byte)
        if state == .afterCarriageReturn {
            state = .fieldStart
            rowStart = cursor.position
            if byte == UInt8(ascii: "\n") { return }
            rowStart = position
        }
        if state != .skippingLine {
            rowBytes.append(byte)
            if rowBytes.count > JSONRecordSplitter.maximumRecordBytes {
                let message = "the row starting here is larger than \(JSONRecordSplitter.maximumRecordBytes >> 20) MB, the most one record may hold"
                if handBackLaterLines(message, into: &items) { return }
                items.append(.problem(Problem(position: rowStart, message: message + "; it is skipped")))
                resetRow()
                state = .skippingLine
            }
        }
        switch state {
        case .afterCarriageReturn:
            break
        case .skippingLine:
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                state = byte == UInt8(ascii: "\r") ? .afterCarriageReturn : .fieldStart
                rowStart = cursor.position
            }
        case .fieldStart:
            if byte == quote {
                state = .quoted
                quoteStart = position
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
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { rowSpansLines = true }
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
            if state == .unquoted { state = .fieldStart }
        case UInt8(ascii: "\r"):
            endRow(into: &items)
            if state == .unquoted { state = .afterCarriageReturn }
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
        if rowProblem == nil, let invalid = UTF8Validation.firstInvalidOffset(in: field) {
            rowProblem = "field \(fields.count + 1) is not valid UTF-8 (byte \(invalid + 1) of the field); save the file as UTF-8"
        }
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }

    /// Ends the row at a line break (the row's bytes hold it) or at the end of the input.
    private mutating func endRow(into items: inout [Item]) {
        endField()
        let isBlank = fields == [""]
        if rowSpansLines, rowProblem != nil || (expectedFields.map { $0 != fields.count } ?? false) {
            let reason = rowProblem ?? "it has \(fields.count) fields where the first row has \(expectedFields ?? 0)"
            let message = "the quoted field opened on line \(quoteStart.line) runs past the end of that line and makes a broken row (\(reason)); every \" inside a field must be doubled (\"\")"
            if handBackLaterLines(message, into: &items) { return }
        }
        if let rowProblem {
            items.append(.problem(Problem(position: rowStart, message: rowProblem)))
        } else {
            items.append(.row(Row(fields: fields, position: rowStart)))
            if expectedFields == nil && !isBlank { expectedFields = fields.count }
        }
        resetRow()
        rowStart = cursor.position
    }

    /// A row that runs past its first line and is broken: its first line is the problem, and the
    /// bytes after that line are read again as rows of their own. False for a one-line row.
    private mutating func handBackLaterLines(_ message: String, into items: inout [Item]) -> Bool {
        guard let lineEnd = rowBytes.firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else { return false }
        var next = lineEnd + 1
        if rowBytes[lineEnd] == UInt8(ascii: "\r"), next < rowBytes.count, rowBytes[next] == UInt8(ascii: "\n") { next += 1 }
        let later = rowBytes[next...]
        guard bytesReplayed + later.count <= 2 * bytesFed + JSONRecordSplitter.maximumRecordBytes else { return false }
        bytesReplayed += later.count
        items.append(.problem(Problem(position: rowStart, message: message)))
        let restart = TextPosition(offset: rowStart.offset + next, line: rowStart.line + 1, column: 1)
        resetRow()
        // The bytes handed back were read just before the ones still waiting: step back over them
        // when they are the waiting bytes' own, so nothing is copied twice.
        if replayIndex >= later.count, replay[(replayIndex - later.count)..<replayIndex].elementsEqual(later) {
            replayIndex -= later.count
        } else {
            replay = Array(later) + replay[replayIndex...]
            replayIndex = 0
        }
        cursor = TextCursor(at: restart)
        rowStart = restart
        state = .fieldStart
        return true
    }

    private mutating func resetRow() {
        fields.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        rowBytes.removeAll(keepingCapacity: true)
        rowProblem = nil
        rowSpansLines = false
    }
}
