import CohortCore

/// A JSON value whose objects keep their keys in the order they were written.
enum JSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A money amount in cents, written with exactly two decimals (`6900` → `69.00`).
    case price(cents: Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    /// `{"a":{"b":value}}` for the keys `a`, `b`.
    static func nested(_ keys: String..., value: JSON) -> JSON {
        keys.reversed().reduce(value) { inner, key in .object([(key, inner)]) }
    }
}

/// Writes JSON text deterministically: keys in written order, strings escaped per RFC 8259, no floating point.
enum OrderedJSONWriter {
    /// One line, no spaces: an NDJSON record.
    static func compact(_ value: JSON) -> String {
        var out = ""
        write(value, into: &out, indent: nil)
        return out
    }

    /// Two-space indentation, one member per line.
    static func pretty(_ value: JSON) -> String {
        var out = ""
        write(value, into: &out, indent: 0)
        return out
    }

    /// `text` as a JSON string literal, escaped as everything cohort writes.
    static func quoted(_ text: String) -> String {
        var out = ""
        JSONWriter.writeString(text, to: &out)
        return out
    }

    private static func write(_ value: JSON, into out: inout String, indent: Int?) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .price(let cents):
            out += (cents < 0 ? "-" : "") + String(cents.magnitude / 100) + "." + zeroPadded(Int(cents.magnitude % 100), width: 2)
        case .string(let text): out += quoted(text)
        case .array(let items):
            writeContainer(open: "[", close: "]", count: items.count, into: &out, indent: indent) { index, out, inner in
                write(items[index], into: &out, indent: inner)
            }
        case .object(let members):
            writeContainer(open: "{", close: "}", count: members.count, into: &out, indent: indent) { index, out, inner in
                out += quoted(members[index].0) + (inner == nil ? ":" : ": ")
                write(members[index].1, into: &out, indent: inner)
            }
        }
    }

    private static func writeContainer(
        open: String, close: String, count: Int, into out: inout String, indent: Int?,
        member: (Int, inout String, Int?) -> Void
    ) {
        out += open
        guard count > 0 else { return out += close }
        let inner = indent.map { $0 + 2 }
        for index in 0..<count {
            if index > 0 { out += "," }
            if let inner { out += "\n" + String(repeating: " ", count: inner) }
            member(index, &out, inner)
        }
        if let indent { out += "\n" + String(repeating: " ", count: indent) }
        out += close
    }
}
