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
    /// One row of fields and where it starts. The fields are kept as their bytes, one after
    /// another, so reading a row makes no string per field; `fields` makes them on request.
    public struct Row: Equatable, Sendable {
        /// The fields' bytes (quotes taken off, doubled quotes made single), one after another.
        public var bytes: [UInt8]
        /// Where each field ends in `bytes`; the next one starts there.
        public var ends: [Int]
        public var position: TextPosition
        public var line: Int { position.line }

        public init(fields: [String], position: TextPosition) {
            bytes = fields.flatMap(\.utf8)
            ends = []
            var end = 0
            for field in fields {
                end += field.utf8.count
                ends.append(end)
            }
            self.position = position
        }

        init(bytes: [UInt8], ends: [Int], position: TextPosition) {
            self.bytes = bytes
            self.ends = ends
            self.position = position
        }

        /// How many fields the row has.
        public var count: Int { ends.count }

        /// Where field `index` is in `bytes`.
        public func range(ofField index: Int) -> Range<Int> {
            (index == 0 ? 0 : ends[index - 1])..<ends[index]
        }

        /// The fields as text (each is valid UTF-8: a row with a field that is not is a problem).
        public var fields: [String] {
            ends.indices.map { String(decoding: bytes[range(ofField: $0)], as: UTF8.self) }
        }

        /// The row is one empty field: a blank line.
        var isBlank: Bool { ends == [0] }
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
    /// The row's fields so far: their bytes one after another, and where each ends.
    private var fieldBytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    /// Where the field in progress starts in `fieldBytes`.
    private var fieldStart = 0
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

    /// The encoding the file was written in (it reaches this reader decoded to UTF-8), for the words
    /// of a field that is not valid text.
    private let encoding: Dataset.CSVOptions.Encoding

    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""),
                encoding: Dataset.CSVOptions.Encoding = .utf8) {
        self.delimiter = delimiter
        self.quote = quote
        self.encoding = encoding
    }

    /// A reader with a dataset's delimiter and quote, for text decoded from its encoding.
    public init(options: Dataset.CSVOptions) {
        self.init(delimiter: options.delimiter, quote: options.quote, encoding: options.encoding)
    }

    /// Reads a whole buffer at once (for tests and small files).
    public static func read(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) -> [Item] {
        var reader = CSVReader(delimiter: delimiter)
        return reader.feed(bytes) + reader.finish()
    }

    /// Consumes the next chunk and returns the rows and problems it completed.
    public mutating func feed<C: Collection>(_ chunk: C) -> [Item] where C.Element == UInt8 {
        var items: [Item] = []
        let done = chunk.withContiguousStorageIfAvailable { bytes in
            feed(contiguous: bytes, into: &items)
            return true
        }
        if done == nil {
            for byte in chunk {
                if atFileStart, skipByteOrderMark(byte, into: &items) { continue }
                consume(byte, into: &items)
            }
        }
        return items
    }

    /// Reads bytes in a row: within a field, a run of bytes that are neither a delimiter, a quote
    /// nor a line break is taken at once, as reading them one by one would take them.
    private mutating func feed(contiguous bytes: UnsafeBufferPointer<UInt8>, into items: inout [Item]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if atFileStart, skipByteOrderMark(byte, into: &items) {
                index += 1
                continue
            }
            if replay.isEmpty, state == .fieldStart || state == .unquoted || state == .quoted {
                // Up to the largest row: the byte past it is read alone, which reports the row.
                let limit = min(bytes.count, index + max(0, JSONRecordSplitter.maximumRecordBytes - rowBytes.count))
                var end = index
                var columns = 0
                while end < limit, isPlain(bytes[end]) {
                    if bytes[end] & 0xC0 != 0x80 { columns += 1 }
                    end += 1
                }
                if end > index {
                    let run = UnsafeBufferPointer(rebasing: bytes[index..<end])
                    rowBytes.append(contentsOf: run)
                    fieldBytes.append(contentsOf: run)
                    cursor.advanceWithinLine(bytes: run.count, columns: columns)
                    bytesFed += run.count
                    if state == .fieldStart { state = .unquoted }
                    index = end
                    continue
                }
            }
            consume(byte, into: &items)
            index += 1
        }
    }

    /// A byte that is part of a field's text in any field state.
    @inline(__always)
    private func isPlain(_ byte: UInt8) -> Bool {
        byte != delimiter && byte != quote && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r")
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
            case .fieldStart where fieldEnds.isEmpty && rowProblem == nil && rowBytes.isEmpty:
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
        if !replay.isEmpty { drainReplay(into: &items) }
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
                fieldBytes.append(byte)
            }
        case .quoteInQuoted:
            if byte == quote {
                fieldBytes.append(quote)
                state = .quoted
            } else {
                state = .unquoted
                if byte != delimiter && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r") {
                    noteProblem("text after the closing quote of field \(fieldEnds.count + 1); a field is either fully quoted or not quoted")
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
            noteProblem("a quote inside the unquoted field \(fieldEnds.count + 1); quote the whole field and double the quote (\"\")")
            fieldBytes.append(byte)
        default:
            fieldBytes.append(byte)
        }
    }

    private mutating func noteProblem(_ message: String) {
        if rowProblem == nil { rowProblem = message }
    }

    private mutating func endField() {
        if rowProblem == nil, let invalid = UTF8Validation.firstInvalidOffset(in: fieldBytes[fieldStart...]) {
            rowProblem = notValidText(field: fieldEnds.count + 1, byte: invalid + 1)
        }
        fieldEnds.append(fieldBytes.count)
        fieldStart = fieldBytes.count
    }

    /// Why a field is not text, and what would make it so.
    private func notValidText(field: Int, byte: Int) -> String {
        switch encoding {
        case .utf16:
            return "field \(field) is not valid UTF-16 (an unpaired surrogate, or an odd byte at the end of the file); "
                + "save the file again as UTF-16 or as UTF-8"
        case .utf8, .latin1, .windows1252:
            return "field \(field) is not valid UTF-8 (byte \(byte) of the field); save the file as UTF-8, or set the "
                + "dataset's csv \"encoding\" to the one it is in (\"latin1\", \"windows-1252\" or \"utf-16\")"
        }
    }

    /// Ends the row at a line break (the row's bytes hold it) or at the end of the input.
    private mutating func endRow(into items: inout [Item]) {
        endField()
        let isBlank = fieldEnds == [0]
        if rowSpansLines, rowProblem != nil || (expectedFields.map { $0 != fieldEnds.count } ?? false) {
            let reason = rowProblem ?? "it has \(fieldEnds.count) fields where the first row has \(expectedFields ?? 0)"
            let message = "the quoted field opened on line \(quoteStart.line) runs past the end of that line and makes a broken row (\(reason)); every \" inside a field must be doubled (\"\")"
            if handBackLaterLines(message, into: &items) { return }
        }
        if let rowProblem {
            items.append(.problem(Problem(position: rowStart, message: rowProblem)))
        } else {
            // Copies, so the buffers here stay this reader's own and are reused.
            items.append(.row(Row(bytes: Self.copy(fieldBytes), ends: Self.copy(fieldEnds), position: rowStart)))
            if expectedFields == nil && !isBlank { expectedFields = fieldEnds.count }
        }
        resetRow()
        rowStart = cursor.position
    }

    /// A copy of `array` in storage of its own, no larger than it needs.
    private static func copy<Element>(_ array: [Element]) -> [Element] {
        [Element](unsafeUninitializedCapacity: array.count) { buffer, count in
            count = array.withUnsafeBufferPointer { buffer.initialize(fromContentsOf: $0) }
        }
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
        fieldBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldStart = 0
        rowBytes.removeAll(keepingCapacity: true)
        rowProblem = nil
        rowSpansLines = false
    }
}
