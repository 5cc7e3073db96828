/// Frames a JSON or NDJSON data file into its top-level records, chunk by chunk, without parsing
/// them: each record comes out as its own bytes with the position of its first byte, so a file of
/// any size is read holding no more than the record in progress.
///
/// `.ndjson`: every line that is not blank is one record (lines end at LF, CRLF or CR). `.json`: the
/// file is one array whose elements are the records, or top-level objects one after another (one
/// object is a single record). A UTF-8 byte order mark is skipped.
///
/// What is not a record — a cut-off last element, an array never closed, junk or a missing comma
/// between elements, a top-level scalar, an empty file — is reported as a `problem`, and framing
/// goes on with the next element, so the records around a problem are never lost. A record that
/// breaks the JSON grammar (see `JSONStructureCheck`) is cut where the next record starts inside
/// it: at a `{` where its own object needed a member name or a `,`, or at a line whose first byte
/// is a `{` no further right than the broken record's own; so one missing `}` spoils one record,
/// not the ones after it. Whether a record's bytes are valid JSON is for `JSONParser` to say.
public struct JSONRecordSplitter {
    /// How records are laid out in the file.
    public enum Mode: Sendable {
        case json, ndjson
    }

    /// A record's bytes or a framing problem, in file order.
    public enum Item: Equatable, Sendable {
        /// One record's bytes and the position of its first byte. A record that lies within one
        /// chunk is a slice of that chunk, not a copy.
        case record(at: TextPosition, bytes: ArraySlice<UInt8>)
        /// Something in the file that is not a record, where it is and what is wrong.
        case problem(at: TextPosition, message: String)
    }

    /// Records larger than this are refused (and skipped to their end) rather than held in memory.
    public static let maximumRecordBytes = 16 << 20

    /// Where the framer stands outside a record (`.json` mode).
    private enum Place: Equatable {
        case beforeValue
        case beforeElement(afterComma: Bool)
        case afterElement
        case skippingJunk
        case afterArray
        case afterObject
        case ignoringRest
    }

    /// What kind of record is being framed: none, a string, array or object, or a bare scalar.
    private enum Framing {
        case none, nested, scalar
    }

    private let mode: Mode
    private var cursor = TextCursor()
    private var place = Place.beforeValue
    private var framing = Framing.none
    private var record: [UInt8] = []
    private var recordStart = TextPosition.start
    /// Bytes of the record in progress, counted also past `maximumRecordBytes` (when `record` stops growing).
    private var recordSize = 0
    private var check = JSONStructureCheck()
    /// Inside the record: where a line starts with a `{` no further right than the record's own,
    /// the first such place (its offset in `record` and position): where the next record may hide.
    private var candidate: (offset: Int, position: TextPosition)?
    /// No byte but whitespace since the last line break.
    private var atLineStart = true
    /// The bytes a broken record handed back, to frame again; while they are framed, no record
    /// hands bytes back again, so no byte is framed more than twice.
    private var replay: [UInt8] = []
    private var replaying = false
    /// The bracket each open `{` or `[` of the record expects, innermost last.
    private var closers: [UInt8] = []
    private var inString = false
    private var escaped = false
    private var arrayStart = TextPosition.start
    private var lastContent = TextPosition.start
    private var sawContent = false
    /// The first bytes of the file while they may still be a byte order mark.
    private var leadingBytes: [UInt8] = []
    private var pastByteOrderMark = false

    /// A framer for a file laid out as `mode`.
    public init(mode: Mode) {
        self.mode = mode
    }

    /// Frames a whole buffer at once (for tests and small files).
    public static func split(_ bytes: [UInt8], mode: Mode) -> [Item] {
        var splitter = JSONRecordSplitter(mode: mode)
        return splitter.feed(bytes) + splitter.finish()
    }

    /// Consumes the next chunk and returns the records and problems it completed.
    public mutating func feed<C: Collection>(_ chunk: C) -> [Item] where C.Element == UInt8 {
        var items: [Item] = []
        var rest = chunk[...]
        while !pastByteOrderMark, let byte = rest.first {
            skipByteOrderMark(byte, into: &items)
            rest = rest.dropFirst()
        }
        if mode == .ndjson {
            let whole = chunk as? [UInt8]
            frameLines(whole.map { $0[($0.count - rest.count)...] } ?? ArraySlice(rest), into: &items)
            return items
        }
        for byte in rest { consume(byte, into: &items) }
        return items
    }

    /// Ends the input and returns the last record and any problem of an unfinished file.
    public mutating func finish() -> [Item] {
        var items: [Item] = []
        pastByteOrderMark = true
        let leading = leadingBytes
        leadingBytes = []
        for byte in leading { consume(byte, into: &items) }
        guard sawContent else { return [.problem(at: .start, message: "the file is empty")] }
        switch mode {
        case .ndjson: endLine(into: &items)
        case .json: finishJSON(into: &items)
        }
        return items
    }

    private mutating func skipByteOrderMark(_ byte: UInt8, into items: inout [Item]) {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        leadingBytes.append(byte)
        if leadingBytes == mark {
            leadingBytes = []
            pastByteOrderMark = true
            // The mark takes bytes, not a column.
            cursor = TextCursor(at: TextPosition(offset: 3, line: 1, column: 1))
        } else if !mark.starts(with: leadingBytes) {
            pastByteOrderMark = true
            let leading = leadingBytes
            leadingBytes = []
            for earlier in leading { consume(earlier, into: &items) }
        }
    }

    /// Handles one byte, then any bytes a broken record handed back.
    private mutating func consume(_ byte: UInt8, into items: inout [Item]) {
        step(byte, into: &items)
        while !replay.isEmpty {
            let bytes = replay
            replay = []
            replaying = true
            for byte in bytes { step(byte, into: &items) }
            replaying = false
        }
    }

    private mutating func step(_ byte: UInt8, into items: inout [Item]) {
        let position = cursor.position
        cursor.advance(over: byte)
        let isSpace = isWhitespace(byte)
        if !isSpace {
            sawContent = true
            lastContent = position
        }
        switch mode {
        case .ndjson: consumeLine(byte, at: position, into: &items)
        case .json: consumeJSON(byte, at: position, into: &items)
        }
        if byte == 0x0A || byte == 0x0D {
            atLineStart = true
        } else if !isSpace {
            atLineStart = false
        }
    }

    // MARK: NDJSON

    /// `consumeLine` for a whole chunk: a line at a time instead of a byte at a time. A line that
    /// starts and ends in the chunk is handed on as a slice of it.
    private mutating func frameLines(_ bytes: ArraySlice<UInt8>, into items: inout [Item]) {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = Self.lineEnd(in: bytes[start...])
            var piece = bytes[start..<end]
            if record.isEmpty && recordSize == 0 {
                let content = piece.firstIndex { !isWhitespace($0) } ?? end
                // Leading blanks are ASCII: one column a byte.
                let blanks = content - start
                recordStart = TextPosition(offset: cursor.position.offset + blanks, line: cursor.position.line,
                                           column: cursor.position.column + blanks)
                piece = piece[content...]
            }
            if !piece.isEmpty {
                sawContent = true
                if recordSize == 0 && end < bytes.endIndex && piece.count <= Self.maximumRecordBytes {
                    items.append(.record(at: recordStart, bytes: piece))
                } else {
                    appendToRecord(piece)
                }
            }
            // Only a record's first byte needs its column: the rest of a line moves the offset.
            cursor.skipWithinLine(bytes: end - start)
            guard end < bytes.endIndex else { return }
            endLine(into: &items)
            cursor.advance(over: bytes[end])
            start = end + 1
        }
    }

    /// Where the first line break in `bytes` is, or their end: found on the bytes where they are,
    /// without an index check per byte.
    private static func lineEnd(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { buffer in buffer.firstIndex { $0 == 0x0A || $0 == 0x0D } }
            .map { bytes.startIndex + $0 } ?? bytes.endIndex
    }

    private mutating func consumeLine(_ byte: UInt8, at position: TextPosition, into items: inout [Item]) {
        if byte == 0x0A || byte == 0x0D {
            endLine(into: &items)
            return
        }
        if record.isEmpty && recordSize == 0 {
            if isWhitespace(byte) { return }
            recordStart = position
        }
        appendToRecord(CollectionOfOne(byte))
    }

    private mutating func endLine(into items: inout [Item]) {
        guard recordSize > 0 else { return }
        if recordSize > Self.maximumRecordBytes {
            items.append(.problem(at: recordStart, message: tooLarge("line")))
        } else {
            items.append(.record(at: recordStart, bytes: record[...]))
        }
        record = []
        recordSize = 0
    }

    private mutating func appendToRecord<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        recordSize += bytes.count
        if recordSize <= Self.maximumRecordBytes {
            record.append(contentsOf: bytes)
        } else if !record.isEmpty {
            record = []
        }
    }

    private func tooLarge(_ what: String) -> String {
        "the \(what) starting here is larger than \(Self.maximumRecordBytes >> 20) MB, the most one record may hold; it is skipped"
    }

    // MARK: JSON

    private mutating func consumeJSON(_ byte: UInt8, at position: TextPosition, into items: inout [Item]) {
        switch framing {
        case .nested:
            if atLineStart && !isWhitespace(byte) && position.line > recordStart.line,
               startedNextRecord(byte, at: position, into: &items) {
                return
            }
            frameNested(byte, at: position, into: &items)
            return
        case .scalar:
            if JSONStructureCheck.isScalarByte(byte) {
                appendToRecord(CollectionOfOne(byte))
                return
            }
            endRecord(into: &items)
        case .none:
            break
        }
        guard !isWhitespace(byte) else { return }
        switch place {
        case .beforeValue:
            if byte == UInt8(ascii: "[") {
                arrayStart = position
                place = .beforeElement(afterComma: false)
            } else if byte == UInt8(ascii: "{") {
                beginRecord(byte, at: position, into: &items)
            } else {
                items.append(.problem(at: position, message: "\(describeTopLevel(byte)); a JSON data file holds one array of records or objects one after another"))
                place = .ignoringRest
            }
        case .beforeElement(let afterComma):
            if byte == UInt8(ascii: "]") {
                if afterComma { items.append(.problem(at: position, message: "a ',' before ']' has no record after it; remove the trailing comma")) }
                place = .afterArray
            } else if startsValue(byte) {
                beginRecord(byte, at: position, into: &items)
            } else {
                items.append(.problem(at: position, message: "unexpected \(describe(byte)); expected a record"))
                place = .skippingJunk
            }
        case .afterElement:
            if byte == UInt8(ascii: ",") {
                place = .beforeElement(afterComma: true)
            } else if byte == UInt8(ascii: "]") {
                place = .afterArray
            } else if startsValue(byte) {
                items.append(.problem(at: position, message: "a ',' is missing before the record that starts here"))
                beginRecord(byte, at: position, into: &items)
            } else {
                items.append(.problem(at: position, message: "unexpected \(describe(byte)) between records; expected ',' or ']'"))
                place = .skippingJunk
            }
        case .skippingJunk:
            if byte == UInt8(ascii: ",") {
                place = .beforeElement(afterComma: true)
            } else if byte == UInt8(ascii: "]") {
                place = .afterArray
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                beginRecord(byte, at: position, into: &items)
            }
        case .afterArray:
            items.append(.problem(at: position, message: "unexpected \(describe(byte)) after the closing ']' of the array; a JSON data file holds one array of records"))
            place = .ignoringRest
        case .afterObject:
            if byte == UInt8(ascii: "{") {
                beginRecord(byte, at: position, into: &items)
            } else {
                items.append(.problem(at: position, message: "unexpected \(describe(byte)) after the end of an object; expected another object or the end of the file"))
                place = .ignoringRest
            }
        case .ignoringRest:
            break
        }
    }

    /// The first byte of a line inside an object or array record. In a record that already broke,
    /// a `{` no further right than the record's own starts the next record; before it breaks, the
    /// first such place is remembered in case it does. True when `byte` began the next record.
    private mutating func startedNextRecord(_ byte: UInt8, at position: TextPosition, into items: inout [Item]) -> Bool {
        guard byte == UInt8(ascii: "{"), position.column <= recordStart.column else { return false }
        if check.firstBreak != nil {
            cutRecord(into: &items)
            beginRecord(byte, at: position, into: &items)
            return true
        }
        if candidate == nil && !replaying && recordSize <= Self.maximumRecordBytes {
            candidate = (record.count, position)
        }
        return false
    }

    private mutating func beginRecord(_ byte: UInt8, at position: TextPosition, into items: inout [Item]) {
        recordStart = position
        check = JSONStructureCheck()
        candidate = nil
        if JSONStructureCheck.isScalarByte(byte) {
            framing = .scalar
            appendToRecord(CollectionOfOne(byte))
        } else {
            framing = .nested
            frameNested(byte, at: position, into: &items)
        }
    }

    /// Adds a byte to a string, array or object record and ends the record when it closes. A raw
    /// line break ends a string (JSON strings cannot hold one), so a broken line spoils only itself;
    /// a mismatched bracket ends the record at once. The parser then says what is wrong.
    private mutating func frameNested(_ byte: UInt8, at position: TextPosition, into items: inout [Item]) {
        let wasIntact = check.firstBreak == nil
        check.consume(byte)
        if wasIntact, let broken = check.firstBreak, !broken.tooDeep {
            // A `{` where the record's own object needed a name or a ',': the record was never
            // closed, and the next one starts here.
            if byte == UInt8(ascii: "{") && broken.depth == 1 {
                cutRecord(into: &items)
                beginRecord(byte, at: position, into: &items)
                return
            }
            // A place seen earlier where a line started the way the next record would.
            if let candidate, !replaying {
                appendToRecord(CollectionOfOne(byte))
                replay = cutRecord(at: candidate, into: &items)
                return
            }
        }
        appendToRecord(CollectionOfOne(byte))
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                inString = false
            }
        } else {
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
            case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if closers.last == byte { closers.removeLast() } else { closers.removeAll() }
            default: break
            }
        }
        if !inString && closers.isEmpty { endRecord(into: &items) }
    }

    /// Ends a broken record at `candidate`, where a line inside it starts the way the next record
    /// would, and gives back the bytes from there on, the cursor moved back to where they start.
    private mutating func cutRecord(at candidate: (offset: Int, position: TextPosition), into items: inout [Item]) -> [UInt8] {
        let handedBack = Array(record[candidate.offset...])
        record.removeSubrange(candidate.offset...)
        recordSize = record.count
        cutRecord(into: &items)
        cursor = TextCursor(at: candidate.position)
        return handedBack
    }

    /// Ends a broken record where the next one starts, as though it had closed there.
    private mutating func cutRecord(into items: inout [Item]) {
        while let last = record.last, isWhitespace(last) {
            record.removeLast()
            recordSize -= 1
        }
        endRecord(into: &items)
        // The next record follows at once: no ',' is missing.
        if place == .afterElement { place = .beforeElement(afterComma: false) }
    }

    private mutating func endRecord(into items: inout [Item]) {
        if check.firstBreak?.tooDeep == true {
            items.append(.problem(at: recordStart, message: "the record starting here nests objects and arrays deeper than \(NestingLimit.document) levels; it is skipped"))
        } else if recordSize > Self.maximumRecordBytes {
            items.append(.problem(at: recordStart, message: tooLarge("record")))
        } else {
            items.append(.record(at: recordStart, bytes: record[...]))
        }
        record = []
        recordSize = 0
        closers = []
        inString = false
        escaped = false
        candidate = nil
        check = JSONStructureCheck()
        framing = .none
        place = place == .beforeValue || place == .afterObject ? .afterObject : .afterElement
    }

    private mutating func finishJSON(into items: inout [Item]) {
        switch framing {
        case .scalar:
            endRecord(into: &items)
        case .nested:
            if let candidate, !replaying {
                // The record never closed, but a line inside it starts the way the next one would.
                let handedBack = cutRecord(at: candidate, into: &items)
                replaying = true
                for byte in handedBack { step(byte, into: &items) }
                replaying = false
                finishJSON(into: &items)
                return
            }
            items.append(.problem(at: recordStart, message: "the record starting on line \(recordStart.line) is cut off: the file ends inside it"))
            return
        case .none:
            break
        }
        switch place {
        case .beforeElement, .afterElement, .skippingJunk:
            items.append(.problem(at: lastContent, message: "the file ends before the array opened on line \(arrayStart.line) is closed with ']'"))
        case .beforeValue, .afterArray, .afterObject, .ignoringRest:
            break
        }
    }

    // MARK: Bytes

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Bytes that can start a JSON value.
    private func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return true
        default:
            return false
        }
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    /// What the file starts with when it is not an array or object, from its first byte.
    private func describeTopLevel(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "the file holds a single string"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "the file holds a single number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "the file holds a single boolean"
        case UInt8(ascii: "n"): return "the file holds a single null"
        default: return "unexpected \(describe(byte)) at the start of the file"
        }
    }
}
