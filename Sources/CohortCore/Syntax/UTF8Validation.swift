/// Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), so
/// bytes that are not text are refused instead of being replaced by U+FFFD, which would make two
/// different values equal.
public enum UTF8Validation {
    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil when every
    /// byte is valid.
    public static func firstInvalidOffset<C: Collection>(in bytes: C) -> Int? where C.Element == UInt8, C.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index - bytes.startIndex
            }
            guard end - index >= length else { return index - bytes.startIndex }
            let second = bytes[index + 1]
            guard second >= low && second <= high else { return index - bytes.startIndex }
            for next in (index + 2)..<(index + length) where bytes[next] & 0xC0 != 0x80 {
                return index - bytes.startIndex
            }
            index += length
        }
        return nil
    }
}
