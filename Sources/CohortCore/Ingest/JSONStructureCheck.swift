/// Follows the JSON grammar through the bytes of one framed record, closely enough to say where a
/// record that is not valid JSON first goes wrong and how deep in it that is. The framer uses it to
/// find the next record inside a broken one (a missing `}` must not swallow the records after it);
/// whether a record is valid JSON in every detail is still for `JSONParser` to say.
struct JSONStructureCheck {
    /// The first byte that breaks the structure.
    struct Break: Equatable {
        /// Offset of the byte from the record's first byte.
        var offset: Int
        /// How many objects and arrays were open at it.
        var depth: Int
        var byte: UInt8
        /// The record nests deeper than `NestingLimit.document`.
        var tooDeep: Bool
    }

    private enum Expect {
        case value, valueOrClose, key, keyOrClose, colon, commaOrClose, end
    }

    private var containers: [UInt8] = []
    private var expect = Expect.value
    private var inString = false
    private var stringIsKey = false
    private var escaped = false
    private var inScalar = false
    private var offset = 0
    private(set) var firstBreak: Break?

    /// Checks the record's next byte.
    mutating func consume(_ byte: UInt8) {
        defer { offset += 1 }
        guard firstBreak == nil else { return }
        if inString {
            consumeInString(byte)
            return
        }
        if inScalar {
            if Self.isScalarByte(byte) { return }
            inScalar = false
            afterValue()
        }
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D:
            return
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard expectsValue else { return breakHere(byte) }
            // Deeper is refused before any recursive parser sees it.
            guard containers.count < NestingLimit.document else {
                firstBreak = Break(offset: offset, depth: containers.count, byte: byte, tooDeep: true)
                return
            }
            containers.append(byte)
            expect = byte == UInt8(ascii: "{") ? .keyOrClose : .valueOrClose
        case UInt8(ascii: "}"):
            guard containers.last == UInt8(ascii: "{"), expect == .keyOrClose || expect == .commaOrClose else { return breakHere(byte) }
            containers.removeLast()
            afterValue()
        case UInt8(ascii: "]"):
            guard containers.last == UInt8(ascii: "["), expect == .valueOrClose || expect == .commaOrClose else { return breakHere(byte) }
            containers.removeLast()
            afterValue()
        case UInt8(ascii: "\""):
            if expect == .key || expect == .keyOrClose {
                stringIsKey = true
            } else if expectsValue {
                stringIsKey = false
            } else {
                return breakHere(byte)
            }
            inString = true
        case UInt8(ascii: ":"):
            guard expect == .colon else { return breakHere(byte) }
            expect = .value
        case UInt8(ascii: ","):
            guard expect == .commaOrClose, let container = containers.last else { return breakHere(byte) }
            expect = container == UInt8(ascii: "{") ? .key : .value
        default:
            guard expectsValue else { return breakHere(byte) }
            inScalar = true
        }
    }

    private var expectsValue: Bool { expect == .value || expect == .valueOrClose }

    private mutating func consumeInString(_ byte: UInt8) {
        if escaped {
            escaped = false
        } else if byte == UInt8(ascii: "\\") {
            escaped = true
        } else if byte == UInt8(ascii: "\"") {
            inString = false
            if stringIsKey { expect = .colon } else { afterValue() }
        } else if byte == 0x0A || byte == 0x0D {
            // JSON strings cannot hold a raw line break: the string was never closed.
            breakHere(byte)
        }
    }

    private mutating func afterValue() {
        expect = containers.isEmpty ? .end : .commaOrClose
    }

    private mutating func breakHere(_ byte: UInt8) {
        firstBreak = Break(offset: offset, depth: containers.count, byte: byte, tooDeep: false)
    }

    /// Bytes of a bare number, `true`, `false` or `null` (or of junk that looks like one).
    static func isScalarByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: ":"):
            return false
        default:
            return true
        }
    }
}
