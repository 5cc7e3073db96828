/// Frames a JSON or NDJSON data file into its top-level records, chunk by chunk, without parsing
/// them: each record comes out as its own bytes with the line it starts on, so a file of
/// any size is read holding no more than the record in progress.
///
/// `.ndjson`: every line that is not blank is one record (LF or CRLF). `.json`: the file is one
/// array whose elements are the records, or one object that is the single record; the framer
/// follows strings, escapes and bracket nesting byte by byte. A UTF-8 byte order mark is skipped.
/// What is not a record — a cut-off last element, an array never closed, junk or a missing comma
/// between elements, a top-level scalar, an empty file — is reported as a `problem` and framing goes
/// on with the next element where it can, so the records around a problem are never lost. Whether a
/// record's bytes are valid JSON is for `JSONParser` to say.
public struct JSONRecordSplitter {
    /// How records are laid out in the file.
    public enum Mode: Sendable {
        case json, ndjson
    }

    /// A record's bytes or a framing problem, in file order.
    public enum Item: Equatable, Sendable {
        /// One record's bytes and the 1-based line of its first byte.
        case record(line: Int, bytes: [UInt8])
        /// Something in the file that is not a record, with the line it is on and what is wrong.
        case problem(line: Int, message: String)
    }

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
    private var place = Place.beforeValue
    private var framing = Framing.none
    private var record: [UInt8] = []
    private var recordLine = 1
    /// The bracket each open `{` or `[` of the record expects, innermost last.
    private var closers: [UInt8] = []
    private var inString = false
    private var escaped = false
    private var line = 1
    private var arrayLine = 1
    private var lastContentLine = 1
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
        if mode == .ndjson, rest.withContiguousStorageIfAvailable({ frameLines($0, into: &items) }) != nil { return items }
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
        guard sawContent else { return [.problem(line: 1, message: "the file is empty")] }
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
        } else if !mark.starts(with: leadingBytes) {
            pastByteOrderMark = true
            let leading = leadingBytes
            leadingBytes = []
            for earlier in leading { consume(earlier, into: &items) }
        }
    }

    /// Handles one byte, then moves the position past it.
    private mutating func consume(_ byte: UInt8, into items: inout [Item]) {
        if !isWhitespace(byte) {
            sawContent = true
            lastContentLine = line
        }
        switch mode {
        case .ndjson: consumeLine(byte, into: &items)
        case .json: consumeJSON(byte, into: &items)
        }
        if byte == UInt8(ascii: "\n") { line += 1 }
    }

    // MARK: NDJSON

    /// `consumeLine` for a whole buffer: a line at a time instead of a byte at a time.
    private mutating func frameLines(_ bytes: UnsafeBufferPointer<UInt8>, into items: inout [Item]) {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var piece = bytes[start..<end]
            if record.isEmpty, let content = piece.firstIndex(where: { !isWhitespace($0) }) {
                recordLine = line
                piece = piece[content...]
            } else if record.isEmpty {
                piece = piece[end...]
            }
            if !piece.isEmpty {
                sawContent = true
                record.append(contentsOf: piece)
            }
            guard end < bytes.count else { return }
            endLine(into: &items)
            line += 1
            start = end + 1
        }
    }

    private mutating func consumeLine(_ byte: UInt8, into items: inout [Item]) {
        if byte == UInt8(ascii: "\n") {
            endLine(into: &items)
            return
        }
        if record.isEmpty {
            if isWhitespace(byte) { return }
            recordLine = line
        }
        record.append(byte)
    }

    private mutating func endLine(into items: inout [Item]) {
        guard !record.isEmpty else { return }
        if record.last == UInt8(ascii: "\r") { record.removeLast() }
        items.append(.record(line: recordLine, bytes: record))
        record = []
    }

    // MARK: JSON

    private mutating func consumeJSON(_ byte: UInt8, into items: inout [Item]) {
        switch framing {
        case .nested:
            frameNested(byte, into: &items)
            return
        case .scalar:
            if isScalarByte(byte) {
                record.append(byte)
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
                arrayLine = line
                place = .beforeElement(afterComma: false)
            } else if byte == UInt8(ascii: "{") {
                beginRecord(byte, into: &items)
            } else {
                items.append(.problem(line: line, message: "\(describeTopLevel(byte)); a JSON data file holds one array of records or one object"))
                place = .ignoringRest
            }
        case .beforeElement(let afterComma):
            if byte == UInt8(ascii: "]") {
                if afterComma { items.append(.problem(line: line, message: "a ',' before ']' has no record after it; remove the trailing comma")) }
                place = .afterArray
            } else if startsValue(byte) {
                beginRecord(byte, into: &items)
            } else {
                items.append(.problem(line: line, message: "unexpected \(describe(byte)); expected a record"))
                place = .skippingJunk
            }
        case .afterElement:
            if byte == UInt8(ascii: ",") {
                place = .beforeElement(afterComma: true)
            } else if byte == UInt8(ascii: "]") {
                place = .afterArray
            } else if startsValue(byte) {
                items.append(.problem(line: line, message: "a ',' is missing before the record that starts here"))
                beginRecord(byte, into: &items)
            } else {
                items.append(.problem(line: line, message: "unexpected \(describe(byte)) between records; expected ',' or ']'"))
                place = .skippingJunk
            }
        case .skippingJunk:
            if byte == UInt8(ascii: ",") {
                place = .beforeElement(afterComma: true)
            } else if byte == UInt8(ascii: "]") {
                place = .afterArray
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                beginRecord(byte, into: &items)
            }
        case .afterArray:
            items.append(.problem(line: line, message: "unexpected \(describe(byte)) after the closing ']' of the array; a JSON data file holds one array of records"))
            place = .ignoringRest
        case .afterObject:
            let hint = byte == UInt8(ascii: "{") ? " (one record per line is NDJSON: name the file .ndjson)" : ""
            items.append(.problem(line: line, message: "unexpected \(describe(byte)) after the end of the object; a JSON data file holds one array of records or one object\(hint)"))
            place = .ignoringRest
        case .ignoringRest:
            break
        }
    }

    private mutating func beginRecord(_ byte: UInt8, into items: inout [Item]) {
        recordLine = line
        if isScalarByte(byte) {
            framing = .scalar
            record.append(byte)
        } else {
            framing = .nested
            frameNested(byte, into: &items)
        }
    }

    /// Adds a byte to a string, array or object record and ends the record when it closes. A raw
    /// line break ends a string (JSON strings cannot hold one), so a broken line spoils only itself;
    /// a mismatched bracket ends the record at once. The parser then says what is wrong.
    private mutating func frameNested(_ byte: UInt8, into items: inout [Item]) {
        record.append(byte)
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") {
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

    private mutating func endRecord(into items: inout [Item]) {
        items.append(.record(line: recordLine, bytes: record))
        record = []
        closers = []
        inString = false
        escaped = false
        framing = .none
        place = place == .beforeValue ? .afterObject : .afterElement
    }

    private mutating func finishJSON(into items: inout [Item]) {
        switch framing {
        case .scalar:
            endRecord(into: &items)
        case .nested:
            items.append(.problem(line: recordLine, message: "the record starting on line \(recordLine) is cut off: the file ends inside it"))
            return
        case .none:
            break
        }
        switch place {
        case .beforeElement, .afterElement, .skippingJunk:
            items.append(.problem(line: lastContentLine, message: "the file ends before the array opened on line \(arrayLine) is closed with ']'"))
        case .beforeValue, .afterArray, .afterObject, .ignoringRest:
            break
        }
    }

    // MARK: Bytes

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Bytes of a bare scalar such as `12.5`, `true` or `null` (or of junk that looks like one).
    private func isScalarByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: ":"):
            return false
        default:
            return true
        }
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
