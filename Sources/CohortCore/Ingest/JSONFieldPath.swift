/// Names the field of a JSON record that holds a given byte, for messages about that byte.
enum JSONFieldPath {
    /// The dotted path of the member whose name or value holds the byte at `offset` (array
    /// elements as `[i]`), or nil when the byte is outside every member.
    static func enclosing(offset: Int, in bytes: [UInt8]) -> String? {
        /// One open object or array: the member name or element index in progress.
        struct Level {
            var isObject: Bool
            var name: String?
            var index = 0
        }
        var levels: [Level] = []
        var inString = false
        var escaped = false
        var stringStart = 0
        var expectingName = false
        var index = 0
        while index < min(offset, bytes.count) {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if expectingName, !levels.isEmpty {
                        levels[levels.count - 1].name = String(decoding: bytes[(stringStart + 1)..<index], as: UTF8.self)
                        expectingName = false
                    }
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                    stringStart = index
                case UInt8(ascii: "{"):
                    levels.append(Level(isObject: true))
                    expectingName = true
                case UInt8(ascii: "["):
                    levels.append(Level(isObject: false))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if !levels.isEmpty { levels.removeLast() }
                case UInt8(ascii: ","):
                    if let last = levels.indices.last {
                        if levels[last].isObject { expectingName = true } else { levels[last].index += 1 }
                    }
                default:
                    break
                }
            }
            index += 1
        }
        var path = ""
        for level in levels {
            if level.isObject {
                guard let name = level.name else { break }
                path += path.isEmpty ? name : ".\(name)"
            } else {
                path += "[\(level.index)]"
            }
        }
        return path.isEmpty ? nil : path
    }
}
