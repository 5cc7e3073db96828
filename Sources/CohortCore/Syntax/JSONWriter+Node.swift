extension JSONWriter {
    /// A parsed JSON value as `string(Value(node))` writes it (keys sorted, the last of a repeated key),
    /// except that a number literal no double can hold (`1e999`, which `Value` reads as infinity and
    /// `string` would write as null) keeps its text: for `rejected/`, which shows records as read.
    public static func string(_ node: JSONNode) -> String {
        var output = ""
        write(node, to: &output)
        return output
    }

    /// Whether `node` holds a number literal no double can hold, which only `string(_: JSONNode)` keeps.
    public static func holdsOverflowingNumber(_ node: JSONNode) -> Bool {
        switch node.value {
        case .number: return overflowingLiteral(node) != nil
        case .array(let elements): return elements.contains(where: holdsOverflowingNumber)
        case .object(let members): return members.contains { holdsOverflowingNumber($0.value) }
        case .null, .bool, .string: return false
        }
    }

    private static func write(_ node: JSONNode, to output: inout String) {
        switch node.value {
        case .array(let elements):
            writeArray(elements, to: &output) { write($0, to: &$1) }
        case .object(let members):
            let byKey = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            writeObject(byKey, to: &output) { write($0, to: &$1) }
        case .number:
            output += overflowingLiteral(node) ?? string(Value(node))
        case .null, .bool, .string:
            write(Value(node), to: &output)
        }
    }

    /// The literal of a number node that `Value` reads as infinity; nil for any other node.
    private static func overflowingLiteral(_ node: JSONNode) -> String? {
        guard case .number(let literal) = node.value, case .number(let number) = Value(node), !number.isFinite else {
            return nil
        }
        return literal
    }
}
