/// The checks of PQL's array and map functions (Adobe's "Array, list, and set functions" and "Map
/// functions"): `exists`, `filter`, `map`, `topN`, `bottomN`, `head`, `intersection`, and maps'
/// `get`, `keys`, `values`. The condition or value an array function takes is read against each
/// item, as inside `[…]`: `productListItems.exists(name.equals("MONTANA WIND JACKET", false))`.
extension PQLChecker {
    /// How many arguments each collection function takes, and what they are.
    static let collectionArguments: [PQLMethod: (count: Int, form: String)] = [
        .exists: (1, "a condition on each item"), .filter: (1, "a condition on each item"), .map: (1, "a value of each item"),
        .topN: (2, "a value of each item, and how many"), .bottomN: (2, "a value of each item, and how many"),
        .head: (0, "no arguments"), .intersection: (1, "another list"), .get: (1, "the key"),
        .keys: (0, "no arguments"), .values: (0, "no arguments"), .groupBy: (1, "the value of each item to group by"),
    ]

    /// The type of `receiver.name(arguments)` for a collection function.
    mutating func collectionCall(_ method: PQLMethod, receiver: PQLNode, receiverType: PQLType, arguments: [PQLNode],
                                 node: PQLNode, in scope: Scope) -> PQLType {
        let name = method.rawValue
        if let expected = Self.collectionArguments[method], arguments.count != expected.count {
            fail(node, "`\(name)` takes \(expected.count) argument\(expected.count == 1 ? "" : "s") (\(expected.form)), found \(arguments.count)")
            return method == .exists ? .boolean : .unknown
        }
        if case .map(let key, let value) = receiverType {
            return mapCall(method, key: key, value: value, arguments: arguments, node: node, in: scope)
        }
        switch method {
        case .get, .keys, .values:
            guard case .object(let field) = receiverType, field.type == .map else {
                if receiverType != .unknown { fail(receiver, "`\(name)` works on a map, but this is \(receiverType)") }
                return .unknown
            }
            let valueType = field.element.map(PQLType.init) ?? .unknown
            if method == .keys { return .list(.string) }
            if method == .values { return .list(valueType) }
            requireString(arguments[0], in: scope, role: "`get`")
            return valueType
        case .intersection:
            guard case .list = receiverType else {
                if receiverType != .unknown { fail(receiver, "`intersection` works on a list, but this is \(receiverType)") }
                return .unknown
            }
            let other = type(of: arguments[0], in: scope)
            if !isListType(other) && other != .unknown {
                fail(arguments[0], "`intersection` needs a list, but this is \(other)")
            }
            return receiverType
        case .head:
            if receiverType == .events { return .object(environment.event) }
            guard case .list(let element) = receiverType else {
                if receiverType != .unknown { fail(receiver, "`head` works on a list, but this is \(receiverType)") }
                return .unknown
            }
            return element
        default:
            guard let inner = itemScope(of: receiverType, around: scope) else {
                if receiverType != .unknown { fail(receiver, "`\(name)` works on events (xEvent) or an array of objects, but this is \(receiverType)") }
                return method == .exists ? .boolean : .unknown
            }
            // `orders.filter((O) => O.price > 10)`: the item named, as well as in scope.
            if case .lambda(let parameters, let body) = arguments[0].kind {
                guard parameters.count == 1 else {
                    fail(arguments[0], "the function of `\(name)` takes one item, as in (X) => X.price > 10")
                    return .unknown
                }
                let item: PQLType = if case .item(let field, _) = inner { .object(field) } else { .object(environment.event) }
                let saved = lambdaTypes
                lambdaTypes[parameters[0]] = item
                defer { lambdaTypes = saved }
                var unwrapped = arguments
                unwrapped[0] = body
                return collectionCall(method, receiver: receiver, receiverType: receiverType, arguments: unwrapped, node: node, in: scope)
            }
            switch method {
            case .exists:
                requireBoolean(arguments[0], in: inner, role: "`exists`")
                return .boolean
            case .filter:
                requireBoolean(arguments[0], in: inner, role: "`filter`")
                return receiverType
            case .map:
                return .list(type(of: arguments[0], in: inner))
            case .groupBy:
                return .map(key: type(of: arguments[0], in: inner), value: receiverType)
            default:
                // topN / bottomN: the items with the largest or smallest values, at most N of them.
                let ranked = type(of: arguments[0], in: inner)
                if ![.number, .string, .time, .unknown].contains(ranked) {
                    fail(arguments[0], "`\(name)` ranks items by a number, string or date, but this is \(ranked)")
                }
                requireNumber(arguments[1], in: scope, role: "the count of `\(name)`")
                return receiverType
            }
        }
    }

    /// A function of a map that `groupBy` or `mapEntry` made: `map((K, G) => mapEntry(…))` makes
    /// another, `get`, `keys` and `values` read it.
    private mutating func mapCall(_ method: PQLMethod, key: PQLType, value: PQLType, arguments: [PQLNode], node: PQLNode,
                                  in scope: Scope) -> PQLType {
        switch method {
        case .map:
            guard case .lambda(let parameters, let body) = arguments[0].kind, parameters.count == 2 else {
                fail(arguments[0], "`map` of a map takes a function of its key and value, as in (K, G) => mapEntry(K, G.count())")
                return .unknown
            }
            let made = lambdaBody(body, parameters: parameters, types: [key, value], in: scope)
            guard case .map = made else {
                if made != .unknown { fail(body, "the function of `map` must make a mapEntry(key, value), but this is \(made)") }
                return .unknown
            }
            return made
        case .get:
            if !key.isComparable(with: type(of: arguments[0], in: scope)) { fail(arguments[0], "`get` needs a key of this map, which is \(key)") }
            return value
        case .keys: return .list(key)
        case .values: return .list(value)
        default:
            fail(node, "`\(method.rawValue)` does not work on a map; a map has map, get, keys and values")
            return .unknown
        }
    }

    /// What the condition or value of an array function is read against: each event, or each item.
    private func itemScope(of type: PQLType, around scope: Scope) -> Scope? {
        switch type {
        case .events: return .event(around: scope)
        case .list(.object(let item)): return .item(item, around: scope)
        default: return nil
        }
    }

    private func isListType(_ type: PQLType) -> Bool {
        if case .list = type { return true }
        return false
    }
}
