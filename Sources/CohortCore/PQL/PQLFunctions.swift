import Foundation

/// The functions and methods of SPEC §2.6's PQL subset (resolved by `PQLRegistry`), checked by receiver and arguments.
extension PQLChecker {
    mutating func call(_ name: String, receiver: PQLNode?, arguments: [PQLNode], node: PQLNode, in scope: Scope) -> PQLType {
        let callee: PQLCallee
        switch PQLRegistry.resolve(name, onValue: receiver != nil, at: node.start) {
        case .success(let resolved): callee = resolved
        case .failure(let error):
            result.errors.append(error)
            return .unknown
        }
        guard case .method(let method) = callee, let receiver else {
            guard case .function(let function) = callee else { return .unknown }
            return self.function(function, arguments: arguments, node: node, in: scope)
        }
        let receiverType = type(of: receiver, in: scope)
        func arity(_ range: ClosedRange<Int>) -> Bool {
            guard range.contains(arguments.count) else {
                let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) or \(range.upperBound)"
                fail(node, "`\(name)` takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), found \(arguments.count)")
                return false
            }
            return true
        }
        func expectReceiver(_ ok: Bool, _ what: String) {
            if !ok && receiverType != .unknown { fail(receiver, "`\(name)` works on \(what), but this is \(receiverType)") }
        }
        switch method {
        case .exists, .filter, .map, .topN, .bottomN, .head, .intersection, .get, .keys, .values, .groupBy:
            return collectionCall(method, receiver: receiver, receiverType: receiverType, arguments: arguments, node: node, in: scope)
        case .equals, .notEqualTo:
            // One value or several (`gender.equals("male", "female")`: any of them), then optionally
            // whether case matters.
            expectReceiver(receiverType == .string, "a string")
            guard !arguments.isEmpty else {
                fail(node, "`\(name)` takes one or more strings and optionally a case-sensitivity flag, found no arguments")
                return .boolean
            }
            for (index, argument) in arguments.enumerated() {
                let found = type(of: argument, in: scope)
                let last = index == arguments.count - 1 && index > 0
                if found != .string && found != .unknown && !(last && found == .boolean) {
                    fail(argument, "`\(name)` needs strings\(last ? " or, last, a case-sensitivity flag" : ""), but this is \(found)")
                }
            }
            return .boolean
        case .startsWith, .doesNotStartWith, .endsWith, .doesNotEndWith, .contains, .doesNotContain:
            expectReceiver(receiverType == .string, "a string")
            if arity(1...2) {
                requireString(arguments[0], in: scope, role: "`\(name)`")
                if arguments.count == 2 { requireBoolean(arguments[1], in: scope, role: "the case-sensitivity argument of `\(name)`") }
            }
            return .boolean
        case .like, .matches:
            expectReceiver(receiverType == .string, "a string")
            if arity(1...1) {
                requireString(arguments[0], in: scope, role: "`\(name)`")
                if method == .matches, case .string(let pattern) = arguments[0].kind, (try? NSRegularExpression(pattern: pattern)) == nil {
                    fail(arguments[0], "\"\(pattern)\" is not a valid regular expression")
                }
            }
            return .boolean
        case .regexGroup:
            // `emailAddress.regexGroup("@(\\w+)", 1)`: the text the pattern's group N matched.
            expectReceiver(receiverType == .string, "a string")
            if arity(2...2) {
                requireString(arguments[0], in: scope, role: "`regexGroup`")
                if case .string(let pattern) = arguments[0].kind, (try? NSRegularExpression(pattern: pattern)) == nil {
                    fail(arguments[0], "\"\(pattern)\" is not a valid regular expression")
                }
                requireNumber(arguments[1], in: scope, role: "the group of `regexGroup`")
            }
            return .string
        case .isNull, .isNotNull:
            _ = arity(0...0)
            return .boolean
        case .getYear, .getMonth, .getDayOfMonth:
            expectReceiver(receiverType == .time, "a date or date-time")
            _ = arity(0...0)
            return .number
        case .intersects, .includes, .subsetOf, .supersetOf:
            expectReceiver(isList(receiverType), "a list (an array field)")
            if arity(1...1) {
                let argument = type(of: arguments[0], in: scope)
                if !isList(argument) && argument != .unknown && method != .includes { fail(arguments[0], "`\(name)` needs a list such as [\"a\", \"b\"], but this is \(argument)") }
            }
            return .boolean
        case .distinct:
            expectReceiver(isList(receiverType), "a list")
            _ = arity(0...0)
            return receiverType
        case .count:
            expectReceiver(isList(receiverType) || receiverType == .events, "events or a list")
            _ = arity(0...0)
            return .number
        case .sum, .average, .min, .max:
            return aggregate(name, receiver: receiver, receiverType: receiverType, arguments: arguments, node: node, in: scope)
        }
    }

    /// `sum`, `average`, `min`, `max` over events (of a numeric event field) or a list.
    private mutating func aggregate(_ name: String, receiver: PQLNode, receiverType: PQLType, arguments: [PQLNode],
                                    node: PQLNode, in scope: Scope) -> PQLType {
        switch receiverType {
        case .events:
            guard arguments.count == 1 else {
                fail(node, "`\(name)` over events needs the field to add up, e.g. .\(name)(commerce.order.priceTotal)")
                return .number
            }
            requireNumber(arguments[0], in: .event(around: scope), role: "`\(name)`")
        case .list(.object(let item)):
            guard arguments.count == 1 else {
                fail(node, "`\(name)` over a list of objects needs the field, e.g. .\(name)(priceTotal)")
                return .number
            }
            requireNumber(arguments[0], in: .item(item, around: scope), role: "`\(name)`")
        case .list(.number), .list(.unknown), .unknown:
            if !arguments.isEmpty { fail(arguments[0], "`\(name)` over a list of numbers takes no argument") }
        default:
            fail(receiver, "`\(name)` works on events or a list of numbers, but this is \(receiverType)")
        }
        return .number
    }

    private mutating func function(_ function: PQLFunction, arguments: [PQLNode], node: PQLNode, in scope: Scope) -> PQLType {
        let name = function.rawValue
        switch function {
        case .date:
            guard (3...6).contains(arguments.count) else {
                fail(node, "`date` takes year, month, day (and optionally hour, minute, second), found \(arguments.count) arguments")
                return .time
            }
            for argument in arguments { requireNumber(argument, in: scope, role: "`date`") }
            return .time
        case .if:
            guard arguments.count == 3 else {
                fail(node, "`if` takes a condition, a value if true and a value if false, found \(arguments.count) arguments")
                return .unknown
            }
            requireBoolean(arguments[0], in: scope, role: "the condition of `if`")
            let whenTrue = type(of: arguments[1], in: scope)
            let whenFalse = type(of: arguments[2], in: scope)
            if !whenTrue.isComparable(with: whenFalse) { fail(arguments[2], "both values of `if` must have one type; this is \(whenFalse), the other is \(whenTrue)") }
            return whenTrue == .unknown ? whenFalse : whenTrue
        case .mapEntry:
            guard arguments.count == 2 else {
                fail(node, "`mapEntry` takes a key and a value, found \(arguments.count) arguments")
                return .unknown
            }
            return .map(key: type(of: arguments[0], in: scope), value: type(of: arguments[1], in: scope))
        case .inSegment:
            guard arguments.count == 1, case .string(let id) = arguments[0].kind else {
                fail(node, "`inSegment` takes one segment id in quotes, e.g. inSegment(\"gold-members\")")
                return .boolean
            }
            if environment.segments.contains(id) {
                result.segments[id] = result.segments[id] ?? arguments[0].start
            } else {
                fail(arguments[0], "unknown segment \"\(id)\"\(Suggestion.hint(for: id, in: environment.segments))")
            }
            return .boolean
        case .currentYear, .currentMonth, .currentDayOfMonth:
            if !arguments.isEmpty { fail(node, "`\(name)` takes no arguments") }
            result.usesTime = true
            return .number
        case .yesterday, .tomorrow:
            result.usesTime = true
            return .time
        }
    }

    private func isList(_ type: PQLType) -> Bool {
        if case .list = type { return true }
        return type == .unknown
    }

    mutating func requireString(_ node: PQLNode, in scope: Scope, role: String) {
        let found = type(of: node, in: scope)
        if found != .string && found != .unknown { fail(node, "\(role) needs a string, but this is \(found)") }
    }
}
