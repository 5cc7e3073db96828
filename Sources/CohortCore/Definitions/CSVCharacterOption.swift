extension DefinitionObject {
    /// A CSV `delimiter` or `quote`: one ASCII character other than a line break. Anything else is
    /// an error at the value and nil.
    func csvCharacter(_ key: String) -> Located<String>? {
        guard let value = string(key) else { return nil }
        let bytes = Array(value.value.utf8)
        guard bytes.count == 1, bytes[0] < 0x80, bytes[0] != UInt8(ascii: "\n"), bytes[0] != UInt8(ascii: "\r") else {
            let found = value.value.unicodeScalars.count == 1 ? "\"\(value.value)\" (not ASCII)"
                : "\"\(value.value)\" (\(value.value.unicodeScalars.count) characters)"
            sink.error(value.location, "`\(key)` must be a single ASCII character other than a line break, "
                       + "found \(found); for a tab write \"\\t\" in JSON or \"&#9;\" in XML")
            return nil
        }
        return value
    }
}
