import Foundation

/// Compiled functions and methods of SPEC §2.6, resolved by `PQLRegistry` as the checker resolves them.
enum PQLCalls {
    typealias Evaluator = PQLProgram.Evaluator

    /// The evaluator of the call `node`; an unknown name is the error the checker reports for it.
    static func compile(_ name: String, receiver: Evaluator?, arguments: [PQLNode], node: PQLNode,
                        bound: [String]) throws(PQLError) -> Evaluator {
        let callee = try PQLRegistry.resolve(name, onValue: receiver != nil, at: node.start).get()
        var args: [Evaluator] = []
        for argument in arguments { args.append(try PQLProgram.compile(argument, bound: bound)) }
        switch callee {
        case .function(let function): return self.function(function, args, arguments)
        case .method(let method):
            guard let receiver else { return { _ in .missing } }
            return self.method(method, receiver: receiver, args: args, arguments: arguments)
        }
    }

    private static func method(_ method: PQLMethod, receiver: @escaping Evaluator, args: [Evaluator],
                               arguments: [PQLNode]) -> Evaluator {
        let name = method.rawValue
        switch method {
        case .exists, .filter, .map, .topN, .bottomN, .head, .intersection, .get, .keys, .values, .groupBy, .regexGroup:
            return PQLCollectionCalls.compile(method, receiver: receiver, args: args, arguments: arguments)
        case .equals, .notEqualTo:
            return { context in
                guard case .string(let text) = receiver(context) else { return .bool(false) }
                var values = args.map { $0(context) }
                var caseMatters = true
                if values.count > 1, case .bool(let flag) = values[values.count - 1] {
                    caseMatters = flag
                    values.removeLast()
                }
                // Values that are not there (a missing field) are left out; with none left, neither holds.
                let others = values.compactMap { value -> String? in
                    guard case .string(let other) = value else { return nil }
                    return caseMatters ? other : other.lowercased()
                }
                guard !others.isEmpty else { return .bool(false) }
                let found = others.contains(caseMatters ? text : text.lowercased())
                return .bool(name == "equals" ? found : !found)
            }
        case .startsWith, .doesNotStartWith, .endsWith, .doesNotEndWith, .contains, .doesNotContain:
            return { context in
                guard case .string(var text) = receiver(context), case .string(var needle) = args[0](context) else { return .bool(false) }
                if args.count > 1, args[1](context) == .bool(false) {
                    text = text.lowercased()
                    needle = needle.lowercased()
                }
                switch name {
                case "startsWith": return .bool(text.hasPrefix(needle))
                case "doesNotStartWith": return .bool(!text.hasPrefix(needle))
                case "endsWith": return .bool(text.hasSuffix(needle))
                case "doesNotEndWith": return .bool(!text.hasSuffix(needle))
                case "contains": return .bool(text.contains(needle))
                default: return .bool(!text.contains(needle))
                }
            }
        case .like, .matches:
            let regex: NSRegularExpression?
            if case .string(let pattern)? = arguments.first?.kind {
                regex = try? NSRegularExpression(pattern: name == "like" ? likePattern(pattern) : pattern, options: name == "like" ? [.dotMatchesLineSeparators] : [])
            } else {
                regex = nil
            }
            return { context in
                guard case .string(let text) = receiver(context), let regex else { return .bool(false) }
                return .bool(regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil)
            }
        case .isNull: return { context in .bool(receiver(context) == .missing) }
        case .isNotNull: return { context in .bool(receiver(context) != .missing) }
        case .getYear, .getMonth, .getDayOfMonth:
            let component: Calendar.Component = method == .getYear ? .year : method == .getMonth ? .month : .day
            return { context in
                guard let time = receiver(context).time(in: context.calendar) else { return .missing }
                return .number(Double(context.calendar.component(component, of: time)))
            }
        case .intersects, .includes, .subsetOf, .supersetOf:
            return { context in
                guard case .list(let items) = receiver(context) else { return .bool(false) }
                let argument = args[0](context)
                guard argument != .missing else { return .bool(false) }
                // `includes` also takes a single value: favoriteColors.includes("red").
                let other: [PQLValue]
                if case .list(let list) = argument { other = list } else { other = [argument] }
                let has: (PQLValue, [PQLValue]) -> Bool = { value, list in
                    list.contains { PQLProgram.compare(.equal, value, $0, calendar: context.calendar) }
                }
                switch name {
                case "intersects": return .bool(other.contains { has($0, items) })
                case "subsetOf": return .bool(items.allSatisfy { has($0, other) })
                default: return .bool(other.allSatisfy { has($0, items) })
                }
            }
        case .distinct:
            return { context in
                guard case .list(let items) = receiver(context) else { return .missing }
                var unique: [PQLValue] = []
                for item in items where !unique.contains(item) { unique.append(item) }
                return .list(unique)
            }
        case .count:
            return { context in
                switch receiver(context) {
                case .list(let items): return .number(Double(items.count))
                case .events(let events): return .number(Double(events.count))
                default: return .number(0)
                }
            }
        case .sum, .average, .min, .max:
            return aggregate(name, receiver: receiver, argument: args.first, keepsScope: arguments.first?.readsAroundScope ?? false)
        }
    }

    /// `sum`, `average`, `min`, `max` over events (of a field) or a list of numbers; missing when empty.
    private static func aggregate(_ name: String, receiver: @escaping Evaluator, argument: Evaluator?, keepsScope: Bool) -> Evaluator {
        { context in
            var numbers: [Double] = []
            // One copy of the context for the loop, its scope set per item: copying it retains every field.
            var inner = context.descending(keepingScope: keepsScope)
            switch receiver(context) {
            case .events(let events):
                for event in events {
                    inner.scope = event
                    if case .number(let number)? = argument?(inner) { numbers.append(number) }
                }
            case .list(let items):
                for item in items {
                    if let argument, case .object(let object) = item {
                        inner.scope = object
                        if case .number(let number) = argument(inner) { numbers.append(number) }
                    } else if case .number(let number) = item {
                        numbers.append(number)
                    }
                }
            default: return .missing
            }
            if name == "sum" { return .number(numbers.reduce(0, +)) }
            guard !numbers.isEmpty else { return .missing }
            switch name {
            case "average": return .number(numbers.reduce(0, +) / Double(numbers.count))
            case "min": return .number(numbers.min() ?? 0)
            default: return .number(numbers.max() ?? 0)
            }
        }
    }

    private static func function(_ function: PQLFunction, _ args: [Evaluator], _ nodes: [PQLNode]) -> Evaluator {
        switch function {
        case .date:
            return { context in
                var parts: [Int] = []
                for arg in args {
                    guard case .number(let number) = arg(context), let whole = number.wholeNumber else { return .missing }
                    parts.append(Int(whole))
                }
                return context.calendar.make(parts).map(PQLValue.time) ?? .missing
            }
        case .if:
            return { context in truth(args[0](context)) ? args[1](context) : args[2](context) }
        case .mapEntry:
            guard args.count == 2 else { return { _ in .missing } }
            return { context in PQLMapEntry.map([PQLMapEntry(key: args[0](context), value: args[1](context))]) }
        case .inSegment:
            guard case .string(let id)? = nodes.first?.kind else { return { _ in .bool(false) } }
            return { context in .bool(context.memberships.contains(id)) }
        case .yesterday, .tomorrow:
            return { context in
                .time(context.calendar.add(function == .yesterday ? -1 : 1, .day, to: context.calendar.start(of: .day, containing: context.now)))
            }
        case .currentYear, .currentMonth, .currentDayOfMonth:
            let component: Calendar.Component = function == .currentYear ? .year : function == .currentMonth ? .month : .day
            return { context in .number(Double(context.calendar.component(component, of: context.now))) }
        }
    }

    /// SQL `LIKE` as an anchored regular expression: `%` any run, `_` one character, the rest literal.
    static func likePattern(_ pattern: String) -> String {
        var regex = "^"
        for character in pattern {
            switch character {
            case "%": regex += ".*"
            case "_": regex += "."
            default: regex += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        return regex + "$"
    }
}
