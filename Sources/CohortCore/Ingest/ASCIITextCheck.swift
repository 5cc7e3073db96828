/// A string field's checks (lengths, format, enum) worked on the bytes of ASCII text without a
/// carriage return, where every byte is one character: how the fast lanes check a value without
/// making a string. It accepts exactly what `RecordValidator` accepts for such text; nil for a
/// field whose checks need the string (a pattern, or an enum value outside ASCII).
struct ASCIITextCheck: Sendable {
    private let minLength: Int?
    private let maxLength: Int?
    private let format: SchemaField.Format?
    private let allowed: [[UInt8]]?

    init?(_ field: SchemaField) {
        guard field.type == .string, field.pattern == nil else { return nil }
        if let values = field.enumValues {
            // An ASCII text equals a string exactly when their bytes are equal only if that string is ASCII.
            guard values.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
            allowed = values.map { Array($0.utf8) }
        } else {
            allowed = nil
        }
        minLength = field.minLength
        maxLength = field.maxLength
        format = field.format
    }

    /// Whether `bytes` are text this check reads: ASCII without a carriage return (which with a
    /// line feed after it makes one character of two bytes).
    static func reads(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D }
    }

    /// Whether text that `reads` passes every check.
    func accepts(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let minLength, bytes.count < minLength { return false }
        if let maxLength, bytes.count > maxLength { return false }
        if let format, !FormatCheck.accepts(asciiBytes: bytes, as: format) { return false }
        if let allowed, !allowed.contains(where: { $0.elementsEqual(bytes) }) { return false }
        return true
    }
}
