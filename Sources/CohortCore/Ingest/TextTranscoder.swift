/// Decodes a CSV file written in Latin-1, Windows-1252 or UTF-16 to UTF-8, chunk by chunk, so the
/// CSV reader reads every file as UTF-8 and its lines and columns are those of the decoded text.
///
/// Latin-1 maps each byte to the code point of its value; Windows-1252 differs in 0x80–0x9F (the
/// five bytes it leaves undefined map to the C1 controls of their value, as the WHATWG Encoding
/// Standard does). UTF-16 is little-endian unless a byte order mark says otherwise, and the mark is
/// not text. What cannot be decoded (an unpaired surrogate, a last odd byte) becomes the byte 0xFF,
/// never valid UTF-8, so the reader reports the field that holds it instead of guessing a character.
public struct TextTranscoder: Sendable {
    /// The encodings that need decoding: every one but UTF-8.
    private enum SourceEncoding { case latin1, windows1252, utf16 }

    private let encoding: SourceEncoding
    /// UTF-16: a byte of a code unit still to come, the byte order, a high surrogate awaiting its pair.
    private var heldByte: UInt8?
    private var bigEndian = false
    private var atStart = true
    private var highSurrogate: UInt16?

    /// A transcoder from `encoding`; nil for UTF-8, which needs none.
    public init?(_ encoding: Dataset.CSVOptions.Encoding) {
        switch encoding {
        case .utf8: return nil
        case .latin1: self.encoding = .latin1
        case .windows1252: self.encoding = .windows1252
        case .utf16: self.encoding = .utf16
        }
    }

    /// The UTF-8 of the next chunk (up to what a later chunk completes).
    public mutating func decode(_ chunk: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(chunk.count + chunk.count / 2)
        switch encoding {
        case .latin1:
            for byte in chunk { Self.append(UInt32(byte), to: &output) }
        case .windows1252:
            for byte in chunk {
                let isHigh = (0x80...0x9F).contains(byte)
                Self.append(isHigh ? UInt32(Self.windows1252High[Int(byte - 0x80)]) : UInt32(byte), to: &output)
            }
        case .utf16:
            for byte in chunk {
                guard let first = heldByte else {
                    heldByte = byte
                    continue
                }
                heldByte = nil
                decodeUnit(first, byte, into: &output)
            }
        }
        return output
    }

    /// The UTF-8 of what the input left undecoded at its end.
    public mutating func finish() -> [UInt8] {
        var output: [UInt8] = []
        if highSurrogate != nil { output.append(Self.undecodable) }
        if heldByte != nil { output.append(Self.undecodable) }
        highSurrogate = nil
        heldByte = nil
        return output
    }

    private mutating func decodeUnit(_ first: UInt8, _ second: UInt8, into output: inout [UInt8]) {
        if atStart {
            atStart = false
            if first == 0xFF && second == 0xFE { return }
            if first == 0xFE && second == 0xFF {
                bigEndian = true
                return
            }
        }
        let unit = bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first)
        if let high = highSurrogate {
            highSurrogate = nil
            if (0xDC00...0xDFFF).contains(unit) {
                let scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                Self.append(scalar, to: &output)
                return
            }
            output.append(Self.undecodable)
        }
        switch unit {
        case 0xD800...0xDBFF: highSurrogate = unit
        case 0xDC00...0xDFFF: output.append(Self.undecodable)
        default: Self.append(UInt32(unit), to: &output)
        }
    }

    /// The byte that stands for what cannot be decoded: never part of valid UTF-8.
    static let undecodable: UInt8 = 0xFF

    @inline(__always)
    private static func append(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            output.append(UInt8(scalar))
        case ..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Windows-1252's characters for the bytes 0x80 to 0x9F.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
