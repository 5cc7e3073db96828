/// Writes values as compact JSON with object keys sorted, so the same value always gives the same
/// bytes (ledger lines, rejected records, `--json` output, exports).
public enum JSONWriter {
    public static func string(_ value: Value) -> String {
        var output = ""
        write(value, to: &output)
        return output
    }

    public static func write(_ value: Value, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let number): output += String(number)
        case .number(let number): output += number.isFinite ? formatted(number) : "null"
        case .string(let text): writeString(text, to: &output)
        case .array(let elements): writeArray(elements, to: &output) { write($0, to: &$1) }
        case .object(let members): writeObject(members, to: &output) { write($0, to: &$1) }
        }
    }

    /// A compact array, each element written by `element`.
    static func writeArray<Element>(_ elements: [Element], to output: inout String,
                                    element: (Element, inout String) -> Void) {
        output += "["
        for (index, item) in elements.enumerated() {
            if index > 0 { output += "," }
            element(item, &output)
        }
        output += "]"
    }

    /// A compact object with its keys sorted, each value written by `value`.
    static func writeObject<Member>(_ members: [String: Member], to output: inout String,
                                    value: (Member, inout String) -> Void) {
        output += "{"
        for (index, key) in members.keys.sorted().enumerated() {
            if index > 0 { output += "," }
            writeString(key, to: &output)
            output += ":"
            if let member = members[key] { value(member, &output) }
        }
        output += "}"
    }

    /// Indented JSON (two spaces, keys sorted) ending in a line break: for files people read in diffs.
    public static func pretty(_ value: Value) -> String {
        var output = ""
        writePretty(value, indent: "", to: &output)
        return output + "\n"
    }

    private static func writePretty(_ value: Value, indent: String, to output: inout String) {
        let inner = indent + "  "
        switch value {
        case .array(let elements) where !elements.isEmpty:
            output += "[\n"
            for (index, element) in elements.enumerated() {
                output += inner
                writePretty(element, indent: inner, to: &output)
                output += index < elements.count - 1 ? ",\n" : "\n"
            }
            output += indent + "]"
        case .object(let members) where !members.isEmpty:
            output += "{\n"
            for (index, key) in members.keys.sorted().enumerated() {
                output += inner
                writeString(key, to: &output)
                output += ": "
                writePretty(members[key] ?? .null, indent: inner, to: &output)
                output += index < members.count - 1 ? ",\n" : "\n"
            }
            output += indent + "}"
        default:
            write(value, to: &output)
        }
    }

    /// Whole numbers without a fraction (`12`), others in Swift's shortest round-trip form.
    static func formatted(_ number: Double) -> String {
        if number.rounded() == number && abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest as UTF-8.
    public static func writeString(_ text: String, to output: inout String) {
        output += "\""
        // Most strings need no escape: copy them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
