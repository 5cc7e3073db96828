import Foundation

/// Compiled array and map functions (`exists`, `filter`, `map`, …, `get`, `keys`, `values`) and `regexGroup`. An array
/// function's argument is evaluated with each event or item as the scope, as inside `[…]`.
enum PQLCollectionCalls {
    typealias Evaluator = PQLProgram.Evaluator

    static func compile(_ method: PQLMethod, receiver: @escaping Evaluator, args: [Evaluator], arguments: [PQLNode]) -> Evaluator {
        let name = method.rawValue
        switch method {
        case .map:
            // Over a map (`(K, G) => mapEntry(…)` for each key and value), or over items.
            let overItems = perItem(name, receiver: receiver, args: args, arguments: arguments)
            return { context in
                guard case .map(let entries) = receiver(context) else { return overItems(context) }
                var inner = context
                let made = entries.flatMap { entry -> [PQLMapEntry] in
                    inner.lambdaValues = context.lambdaValues + [entry.key, entry.value]
                    guard case .map(let produced) = args[0](inner) else { return [] }
                    return produced
                }
                return PQLMapEntry.map(made)
            }
        case .exists, .filter, .topN, .bottomN, .groupBy:
            return perItem(name, receiver: receiver, args: args, arguments: arguments)
        case .head:
            return { context in
                switch receiver(context) {
                case .list(let items): return items.first ?? .missing
                case .events(let events): return events.first.map(PQLValue.object) ?? .missing
                default: return .missing
                }
            }
        case .intersection:
            return { context in
                guard case .list(let items) = receiver(context), case .list(let other) = args[0](context) else { return .missing }
                var common: [PQLValue] = []
                for item in items where other.contains(where: { PQLProgram.compare(.equal, item, $0, calendar: context.calendar) })
                    && !common.contains(where: { PQLProgram.compare(.equal, item, $0, calendar: context.calendar) }) {
                    common.append(item)
                }
                return .list(common)
            }
        case .keys, .values:
            return { context in
                if case .map(let entries) = receiver(context) { return .list(entries.map { name == "keys" ? $0.key : $0.value }) }
                guard case .object(let map) = receiver(context) else { return .missing }
                // In key order: ids follow the order names were first seen, which no result may depend on.
                let entries = map.members.map { (key: FieldNames.name(of: $0.id), value: $0.value) }.sorted { $0.key < $1.key }
                return .list(entries.map { name == "keys" ? .string($0.key) : PQLValue($0.value) })
            }
        case .get:
            // A key written in the text is looked up by its interned id; any other is compared by name.
            let literal: UInt32? = if case .string(let key)? = arguments.first?.kind { FieldNames.id(of: key) } else { nil }
            return { context in
                let target = receiver(context)
                if case .map(let entries) = target {
                    let key = args[0](context)
                    return entries.first { PQLProgram.compare(.equal, $0.key, key, calendar: context.calendar) }?.value ?? .missing
                }
                guard case .object(let map) = target else { return .missing }
                if let literal { return PQLValue(map.member(literal)) }
                guard case .string(let key) = args[0](context) else { return .missing }
                return PQLValue(map.members.first { FieldNames.name(of: $0.id) == key }?.value)
            }
        default:
            return regexGroup(receiver: receiver, args: args, arguments: arguments)
        }
    }

    /// `exists`, `filter`, `map`, `topN`, `bottomN`, `groupBy` over events or an array of objects.
    private static func perItem(_ name: String, receiver: @escaping Evaluator, args: [Evaluator], arguments: [PQLNode]) -> Evaluator {
        // A checked call has its argument; an unchecked one without it matches nothing rather than trapping.
        guard let argument = args.first else { return { _ in name == "exists" ? .bool(false) : .missing } }
        // A function of the item (`(X) => X.price`) reads it as its parameter too.
        let namesItem: Bool = if case .lambda? = arguments.first?.kind { true } else { false }
        let keepsScope = arguments.first?.readsAroundScope ?? false
        return { context in
            guard let (items, areEvents) = receiver(context).scopes else { return name == "exists" ? .bool(false) : .missing }
            // One copy of the context, its scope set per item.
            var inner = context.descending(keepingScope: keepsScope)
            let value = { (item: PackedValue) -> PQLValue in
                inner.scope = item
                if namesItem { inner.lambdaValues = context.lambdaValues + [.object(item)] }
                return argument(inner)
            }
            let wrap = { (kept: [PackedValue]) in PQLValue.scopes(kept, areEvents: areEvents) }
            switch name {
            case "exists": return .bool(items.contains { truth(value($0)) })
            case "filter": return wrap(items.filter { truth(value($0)) })
            case "map": return .list(items.map(value).filter { $0 != .missing })
            case "groupBy":
                // Each value's items, in the order they come; items without the value are left out.
                var groups: [String: (key: PQLValue, items: [PackedValue])] = [:]
                for item in items {
                    let key = value(item)
                    guard key != .missing else { continue }
                    groups[PQLExplainer.describe(key), default: (key, [])].items.append(item)
                }
                return PQLMapEntry.map(groups.values.map { PQLMapEntry(key: $0.key, value: wrap($0.items)) })
            default:
                guard case .number(let count) = args[1](context), let whole = count.wholeNumber, whole >= 0 else { return .missing }
                let ranked = items.map { ($0, value($0)) }.filter { $0.1 != .missing }
                // Stable: items with equal values keep their order.
                let order = name == "topN" ? PQLBinaryOperator.greater : .less
                let sorted = ranked.enumerated().sorted { a, b in
                    if PQLProgram.compare(order, a.element.1, b.element.1, calendar: context.calendar) { return true }
                    if PQLProgram.compare(order, b.element.1, a.element.1, calendar: context.calendar) { return false }
                    return a.offset < b.offset
                }
                return wrap(sorted.prefix(Int(min(whole, Int64(Int32.max)))).map(\.element.0))
            }
        }
    }

    /// `text.regexGroup(pattern, n)`: what group N of the pattern's first match holds (0: the whole match).
    private static func regexGroup(receiver: @escaping Evaluator, args: [Evaluator], arguments: [PQLNode]) -> Evaluator {
        let regex: NSRegularExpression? = if case .string(let pattern)? = arguments.first?.kind {
            try? NSRegularExpression(pattern: pattern)
        } else {
            nil
        }
        return { context in
            guard case .string(let text) = receiver(context), let regex, case .number(let group) = args[1](context),
                  let whole = group.wholeNumber, whole >= 0, whole <= regex.numberOfCaptureGroups,
                  let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let range = Range(match.range(at: Int(whole)), in: text) else { return .missing }
            return .string(String(text[range]))
        }
    }
}
