/// AEP's `pql/json` form of an expression: a tree of `fnApply` nodes (`fnName` and `params`),
/// `fieldLookup` nodes (`fieldName`, a dotted path) and `literal` nodes (`value`), as Adobe's
/// documentation writes it. It covers comparisons, `and` / `or` / `not`, `in` and `like` over fields
/// and literals; `cohort convert` turns it into PQL text and back, as AEP's PQL conversion API does.
public enum PQLJSON {
    /// The operators the tree form names between two operands: comparisons as PQL spells them
    /// (`==` too), `in`, `notIn` and `like`; and the logical ones.
    static let logical = ["and", "or", "not"]
    static let between = ["=", "==", "!=", "<", "<=", ">", ">=", "in", "notIn", "like"]

    // MARK: Tree → text

    /// The PQL text of a `pql/json` tree, each part placed at the node it came from (so a problem the
    /// checker finds in it points into the tree), or an error at the node that cannot be read.
    public static func text(from node: JSONNode) -> Result<LocatedText, Diagnostic> {
        var writer = TextWriter()
        do throws(Diagnostic) {
            try writer.write(node, nested: false)
        } catch {
            return .failure(error)
        }
        return .success(LocatedText(text: writer.text, file: node.location.file, anchors: writer.anchors))
    }

    /// The text being written, with the place in the tree each part starts.
    private struct TextWriter {
        var text = ""
        var anchors: [LocatedText.Anchor] = []
        /// `text`'s length in UTF-8 bytes, kept as it grows.
        private var length = 0

        mutating func append(_ piece: String, from node: JSONNode) {
            anchors.append(LocatedText.Anchor(offset: length, line: node.location.line, column: node.location.column))
            text += piece
            length += piece.utf8.count
        }

        mutating func write(_ node: JSONNode, nested: Bool) throws(Diagnostic) {
            guard let kind = node["nodeType"]?.stringValue?.text else {
                throw .error(at: node.location, "expected a pql/json node: an object with `nodeType` \"fnApply\", \"fieldLookup\" or \"literal\"")
            }
            switch kind {
            case "literal":
                guard let value = node["value"] else { throw .error(at: node.location, "a literal needs `value`") }
                append(try PQLJSON.literal(value), from: node)
            case "fieldLookup":
                guard let name = node["fieldName"]?.stringValue?.text, !name.isEmpty,
                      name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ PQLLexer.isIdentifier(String($0)) }) else {
                    throw .error(at: node.location, "a fieldLookup needs `fieldName`: a field's dotted path such as \"homeAddress.city\"")
                }
                append(name, from: node)
            case "fnApply":
                try writeApplication(node, nested: nested)
            default:
                throw .error(at: node["nodeType"]?.location ?? node.location, "unknown nodeType \"\(kind)\"; expected \"fnApply\", \"fieldLookup\" or \"literal\"")
            }
        }

        private mutating func writeApplication(_ node: JSONNode, nested: Bool) throws(Diagnostic) {
            guard let name = node["fnName"]?.stringValue?.text else { throw .error(at: node.location, "an fnApply needs `fnName`") }
            let params = node["params"]?.elements ?? []
            switch name {
            case "not":
                guard params.count == 1 else { throw .error(at: node.location, "`not` takes one parameter, found \(params.count)") }
                append("not (", from: node)
                try write(params[0], nested: true)
                append(")", from: node)
            case "and", "or":
                guard params.count >= 2 else { throw .error(at: node.location, "`\(name)` takes two or more parameters, found \(params.count)") }
                if nested { append("(", from: node) }
                for (index, param) in params.enumerated() {
                    if index > 0 { append(" \(name) ", from: node) }
                    try write(param, nested: true)
                }
                if nested { append(")", from: node) }
            case _ where PQLJSON.between.contains(name):
                guard params.count == 2 else { throw .error(at: node.location, "`\(name)` takes two parameters, found \(params.count)") }
                try write(params[0], nested: true)
                append(" \(name == "==" ? "=" : name) ", from: node)
                try write(params[1], nested: true)
            default:
                let known = (PQLJSON.logical.sorted() + PQLJSON.between.sorted()).map { "\"\($0)\"" }.joined(separator: ", ")
                throw .error(at: node["fnName"]?.location ?? node.location, "unknown fnName \"\(name)\"; the pql/json form names \(known)")
            }
        }
    }

    private static func literal(_ node: JSONNode) throws(Diagnostic) -> String {
        switch node.value {
        case .string(let text):
            var quoted = ""
            JSONWriter.writeString(text.text, to: &quoted)
            return quoted
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + (try items.map { item throws(Diagnostic) in try literal(item) }).joined(separator: ", ") + "]"
        case .object: throw .error(at: node.location, "a literal's `value` is a string, number, boolean, null or an array of them")
        }
    }

    // MARK: Text → tree

    /// The `pql/json` tree of a parsed expression, or an error at the first part the tree form cannot hold.
    public static func tree(from node: PQLNode) -> Result<Value, PQLError> {
        do throws(PQLError) {
            return .success(try tree(node))
        } catch {
            return .failure(error)
        }
    }

    private static func tree(_ node: PQLNode) throws(PQLError) -> Value {
        func apply(_ name: String, _ params: [Value]) -> Value {
            .object(["nodeType": .string("fnApply"), "fnName": .string(name), "params": .array(params)])
        }
        switch node.kind {
        case .path(let components):
            // Only plain field names (not `^` references or a quantifier's variable) read back as a field.
            guard components.allSatisfy(PQLLexer.isIdentifier) else { throw unsupported(node) }
            return .object(["nodeType": .string("fieldLookup"), "fieldName": .string(components.joined(separator: "."))])
        case .string(let text): return .object(["nodeType": .string("literal"), "value": .string(text)])
        case .number(let text): return .object(["nodeType": .string("literal"), "value": Double(text).map(Value.number) ?? .string(text)])
        case .negate(let operand):
            guard case .number(let text) = operand.kind, let number = Double(text) else { throw unsupported(node) }
            return .object(["nodeType": .string("literal"), "value": .number(-number)])
        case .boolean(let flag): return .object(["nodeType": .string("literal"), "value": .bool(flag)])
        case .null: return .object(["nodeType": .string("literal"), "value": .null])
        case .list(let items):
            let values = try items.map { item throws(PQLError) -> Value in
                guard case .object(let literal) = try tree(item), literal["nodeType"] == .string("literal"), let value = literal["value"] else {
                    throw PQLError(offset: item.start, message: "a list in the pql/json form holds literals only")
                }
                return value
            }
            return .object(["nodeType": .string("literal"), "value": .array(values)])
        case .not(let operand): return apply("not", [try tree(operand)])
        case .binary(let op, let left, let right):
            // PQL's own spelling is the tree's: `=`, `!=`, `<` … `in`, `notIn`, `and`, `or`.
            guard op == .and || op == .or || between.contains(op.rawValue) else { throw unsupported(node) }
            return apply(op.rawValue, [try tree(left), try tree(right)])
        case .call(let receiver?, "like", let arguments) where arguments.count == 1:
            return apply("like", [try tree(receiver), try tree(arguments[0])])
        default:
            throw unsupported(node)
        }
    }

    private static func unsupported(_ node: PQLNode) -> PQLError {
        PQLError(offset: node.start, message: "this cannot be written in the pql/json form, which holds comparisons, and / or / not, "
            + "in, notIn and like over fields and literals; keep the expression as pql/text")
    }
}
