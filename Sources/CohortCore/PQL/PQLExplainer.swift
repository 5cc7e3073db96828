/// `cohort explain`: an expression as a tree, each clause with the text it was written as and the
/// value it has for one profile, so a user sees why the profile is in or out.
public enum PQLExplainer {
    /// One clause of the tree.
    public struct Line: Equatable, Sendable {
        public var depth: Int
        public var text: String
        public var value: String
    }

    /// The tree of `node` (parsed from `source`) for the profile of `context`; the first line is the
    /// verdict, true or false (a field named as the whole condition: whether it exists).
    public static func explain(_ node: PQLNode, source: String, context: PQLContext) throws(PQLError) -> [Line] {
        var lines: [Line] = []
        try visit(node, depth: 0, source: Array(source.utf8), context: context, into: &lines)
        if !lines.isEmpty { lines[0].value = describe(.bool(try PQLProgram(node).matches(context))) }
        return lines
    }

    /// The lines as a JSON tree (`explain --json`): per clause `{"clause", "value", "children"}`, children
    /// in the order the lines give them; the lines' roots, in order.
    public static func tree(_ lines: [Line]) -> [Value] {
        var position = 0
        return subtrees(lines, depth: lines.first?.depth ?? 0, position: &position)
    }

    /// The clauses at `depth` from `position` on, each with the deeper lines under it.
    private static func subtrees(_ lines: [Line], depth: Int, position: inout Int) -> [Value] {
        var nodes: [Value] = []
        while position < lines.count, lines[position].depth >= depth {
            let line = lines[position]
            position += 1
            let children = subtrees(lines, depth: line.depth + 1, position: &position)
            nodes.append(.object(["clause": .string(line.text), "value": .string(line.value),
                                  "children": .array(children)]))
        }
        return nodes
    }

    private static func visit(_ node: PQLNode, depth: Int, source: [UInt8], context: PQLContext,
                              into lines: inout [Line]) throws(PQLError) {
        let text = String(decoding: source[max(0, node.start)..<min(source.count, node.end)], as: UTF8.self)
        lines.append(Line(depth: depth, text: text, value: describe(try PQLProgram.compile(node)(context))))
        for child in children(of: node) {
            try visit(child, depth: depth + 1, source: source, context: context, into: &lines)
        }
    }

    /// The clauses worth showing under a node: operands and arguments, not literals.
    private static func children(of node: PQLNode) -> [PQLNode] {
        let candidates: [PQLNode]
        switch node.kind {
        case .binary(_, let left, let right): candidates = [left, right]
        case .not(let operand), .negate(let operand): candidates = [operand]
        case .call(let receiver, let name, let arguments):
            // An aggregate's argument is a field of each event, not of the profile: show the events instead.
            candidates = [receiver].compactMap { $0 } + (PQLRegistry.aggregates.contains(name) ? [] : arguments)
        case .occurs(let subject, _): candidates = [subject]
        case .filter(let base, _): candidates = [base]
        default: candidates = []
        }
        return candidates.filter { child in
            switch child.kind {
            case .string, .number, .boolean, .null, .list, .now, .today: return false
            default: return true
            }
        }
    }

    /// true / false / missing, or the value compared.
    public static func describe(_ value: PQLValue) -> String {
        switch value {
        case .missing: return "missing"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return JSONWriter.formatted(number)
        case .string(let text):
            var quoted = ""
            JSONWriter.writeString(text, to: &quoted)
            return quoted
        case .time(let milliseconds): return Timestamp.rfc3339(milliseconds)
        case .list(let items): return "[" + items.map(describe).joined(separator: ", ") + "]"
        case .object: return "an object"
        case .events(let events): return "\(events.count) event\(events.count == 1 ? "" : "s")"
        case .map(let entries): return "{" + entries.map { "\(describe($0.key)): \(describe($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
