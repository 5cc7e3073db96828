import Foundation

/// A checked PQL expression compiled to closures: paths become field-name ids (`FieldNames`) and
/// variable positions, regular expressions are built and constants folded once, so evaluating a
/// profile walks no text: it compares integers inside packed records.
public struct PQLProgram: Sendable {
    typealias Evaluator = @Sendable (PQLContext) -> PQLValue

    private let evaluate: Evaluator

    /// Compiles a parsed expression (check it first: the program assumes it is well typed). A call
    /// of a name `PQLRegistry` does not know is the error the checker gives for it.
    public init(_ node: PQLNode) throws(PQLError) {
        evaluate = try PQLProgram.compile(node)
    }

    /// Whether the profile of `context` satisfies the expression (a filter on its own: has such events or items).
    public func matches(_ context: PQLContext) -> Bool {
        truth(evaluate(context))
    }

    /// The value of the expression (for `explain`).
    public func value(_ context: PQLContext) -> PQLValue {
        evaluate(context)
    }

    // MARK: Compilation

    /// `bound`: the variables of enclosing `exists`/`forall`, outermost first.
    static func compile(_ node: PQLNode, bound: [String] = []) throws(PQLError) -> Evaluator {
        let compile = { (inner: PQLNode) throws(PQLError) in try PQLProgram.compile(inner, bound: bound) }
        switch node.kind {
        case .string(let text): return { _ in .string(text) }
        case .number(let text):
            let number = Double(text) ?? 0
            return { _ in .number(number) }
        case .boolean(let flag): return { _ in .bool(flag) }
        case .null: return { _ in .missing }
        case .list(let items):
            let evaluators = try items.map(compile)
            return { context in .list(evaluators.map { $0(context) }) }
        case .now: return { context in .time(context.now) }
        case .today: return { context in .time(context.calendar.start(of: .day, containing: context.now)) }
        case .path(let components): return compilePath(components, bound: bound)
        case .member(let base, let name):
            let baseEvaluator = try compile(base)
            let id = FieldNames.id(of: name)
            return { context in
                switch baseEvaluator(context) {
                case .object(let object): return PQLValue(object.member(id))
                // A field of events or items: the list of its values.
                case .events(let items): return .list(items.compactMap { $0.member(id).map(PQLValue.init) })
                case .list(let items):
                    return .list(items.compactMap { item in
                        guard case .object(let object) = item, let value = object.member(id) else { return nil }
                        return PQLValue(value)
                    })
                default: return .missing
                }
            }
        case .filter(let base, let condition):
            let baseEvaluator = try compile(base)
            let conditionEvaluator = try compile(condition)
            let keepsScope = condition.readsAroundScope
            return { context in
                // One copy of the context for the filter, its scope set per item.
                guard let (items, areEvents) = baseEvaluator(context).scopes else { return .missing }
                var inner = context.descending(keepingScope: keepsScope)
                return .scopes(items.filter { item in
                    inner.scope = item
                    return truth(conditionEvaluator(inner))
                }, areEvents: areEvents)
            }
        case .not(let operand):
            let evaluator = try compile(operand)
            return { context in .bool(!truth(evaluator(context))) }
        case .negate(let operand):
            let evaluator = try compile(operand)
            return { context in
                guard case .number(let number) = evaluator(context) else { return .missing }
                return .number(-number)
            }
        case .binary(let op, let left, let right): return try compileBinary(op, left, right, bound: bound)
        case .occurs(let subject, let condition): return try compileOccurs(subject, condition, bound: bound)
        case .quantified(let quantifier, let variable, let source, let condition):
            let sourceEvaluator = try compile(source)
            let conditionEvaluator = try PQLProgram.compile(condition, bound: bound + [variable])
            let keepsScope = condition.readsAroundScope
            return { context in
                guard let (scopes, areEvents) = sourceEvaluator(context).scopes else {
                    return quantifier == .select ? .events([]) : .bool(false)
                }
                guard let first = scopes.first else {
                    return quantifier == .select ? .scopes([], areEvents: areEvents) : .bool(quantifier == .forall)
                }
                // One copy of the context, its scope and innermost variable set per item.
                var inner = context.descending(keepingScope: keepsScope)
                inner.variables.append(first)
                let test: (PackedValue) -> Bool = { item in
                    inner.scope = item
                    inner.variables[inner.variables.count - 1] = item
                    return truth(conditionEvaluator(inner))
                }
                switch quantifier {
                case .forall: return .bool(scopes.allSatisfy(test))
                case .exists: return .bool(scopes.contains(where: test))
                case .select:
                    // The events or items that qualify: a condition where there are any, and fields to project.
                    return .scopes(scopes.filter(test), areEvents: areEvents)
                }
            }
        case .chain(let source, let timestamp, let steps):
            return try PQLChain.compile(source: compile(source), timestamp: timestamp, steps: steps, bound: bound)
        case .call(let receiver, let name, let arguments):
            return try PQLCalls.compile(name, receiver: receiver.map(compile), arguments: arguments, node: node, bound: bound)
        case .lambda(let parameters, let body):
            // The body, reading the parameters from `lambdaValues`, which the function applying it fills.
            return try PQLProgram.compile(body, bound: bound + parameters.map { lambdaMark + $0 })
        }
    }

    /// Marks a lambda's parameter among the bound names (quantifier variables are the others).
    static let lambdaMark = "λ"

    private static func compilePath(_ components: [String], bound: [String]) -> Evaluator {
        let first = components[0]
        let rest = components.dropFirst().map(FieldNames.id(of:))
        if first == "xEvent" {
            return { context in
                guard !rest.isEmpty else { return .events(context.events) }
                return .list(context.events.map { lookup(rest[...], in: $0) }.filter { $0 != .missing })
            }
        }
        if first.allSatisfy({ $0 == "^" }) {
            let levels = first.count
            return { context in
                let index = context.outerScopes.count - levels
                guard index >= 0 else { return .missing }
                return lookup(rest[...], in: context.outerScopes[index] ?? context.attributes)
            }
        }
        if let place = bound.lastIndex(of: lambdaMark + first) {
            let index = bound[..<place].filter { $0.hasPrefix(lambdaMark) }.count
            return { context in
                let value = context.lambdaValues[index]
                guard !rest.isEmpty else { return value }
                guard case .object(let object) = value else { return .missing }
                return lookup(rest[...], in: object)
            }
        }
        if let place = bound.lastIndex(of: first) {
            let variable = bound[..<place].filter { !$0.hasPrefix(lambdaMark) }.count
            return { context in lookup(rest[...], in: context.variables[variable]) }
        }
        let path = components.map(FieldNames.id(of:))
        if first == PQLChecker.identityMap {
            // Unless the profile's attributes hold one, the identities the profile was stitched from.
            return { context in
                guard context.scope == nil, context.attributes.member(path[0]) == nil else {
                    return lookup(path[...], in: context.scope ?? context.attributes)
                }
                return lookup(path[...], in: identityMap(context.identities))
            }
        }
        return { context in lookup(path[...], in: context.scope ?? context.attributes) }
    }

    /// `{"identityMap": {namespace: [{"id": …}, …]}}` for the profile's identities.
    static func identityMap(_ identities: [Identity]) -> PackedValue {
        var byNamespace: [String: [Value]] = [:]
        for identity in identities.sorted() { byNamespace[identity.namespace, default: []].append(.object(["id": .string(identity.id)])) }
        return PackedValue(.object([PQLChecker.identityMap: .object(byNamespace.mapValues(Value.array))]))
    }

    /// Follows a path of field-name ids through objects; through an array it collects the values of every item.
    static func lookup(_ path: ArraySlice<UInt32>, in object: PackedValue) -> PQLValue {
        guard let first = path.first else { return .object(object) }
        let rest = path.dropFirst()
        guard let value = object.member(first) else { return .missing }
        if rest.isEmpty { return PQLValue(value) }
        if value.isObject { return lookup(rest, in: value) }
        guard value.isArray else { return .missing }
        return .list(value.elements.compactMap { item -> PQLValue? in
            guard item.isObject else { return nil }
            let found = lookup(rest, in: item)
            return found == .missing ? nil : found
        })
    }

    private static func compileBinary(_ op: PQLBinaryOperator, _ left: PQLNode, _ right: PQLNode,
                                      bound: [String]) throws(PQLError) -> Evaluator {
        let lhs = try compile(left, bound: bound)
        let rhs = try compile(right, bound: bound)
        switch op {
        case .and: return { context in .bool(truth(lhs(context)) && truth(rhs(context))) }
        case .or: return { context in .bool(truth(lhs(context)) || truth(rhs(context))) }
        case .in, .notIn:
            return { context in
                let value = lhs(context)
                guard value != .missing, case .list(let items) = rhs(context) else { return .bool(false) }
                let found = items.contains { compare(.equal, value, $0, calendar: context.calendar) }
                return .bool(op == .in ? found : !found)
            }
        case .plus, .minus, .times, .divide, .remainder:
            return { context in
                guard case .number(let a) = lhs(context), case .number(let b) = rhs(context) else { return .missing }
                switch op {
                case .plus: return .number(a + b)
                case .minus: return .number(a - b)
                case .times: return .number(a * b)
                case .divide: return b == 0 ? .missing : .number(a / b)
                default: return b == 0 ? .missing : .number(a.truncatingRemainder(dividingBy: b))
                }
            }
        default:
            return { context in .bool(compare(op, lhs(context), rhs(context), calendar: context.calendar)) }
        }
    }

    /// Comparisons on a missing value are false; dates compare as times; strings and numbers as such.
    /// Two lists are equal when their items are, in order; a list and a value compare when some item does.
    static func compare(_ op: PQLBinaryOperator, _ left: PQLValue, _ right: PQLValue, calendar: PQLCalendar) -> Bool {
        let order: Int?
        switch (left, right) {
        case (.missing, _), (_, .missing): return false
        case (.list(let items), .list(let others)):
            guard op == .equal || op == .notEqual else { return false }
            let same = items.count == others.count && zip(items, others).allSatisfy { compare(.equal, $0, $1, calendar: calendar) }
            return op == .equal ? same : !same
        case (.object(let a), .object(let b)):
            // Two events (or items) are the same when their values are: `F1 != F2` tells two events apart.
            guard op == .equal || op == .notEqual else { return false }
            return (a == b) == (op == .equal)
        case (.list(let items), _): return items.contains { compare(op, $0, right, calendar: calendar) }
        case (_, .list(let others)): return others.contains { compare(op, left, $0, calendar: calendar) }
        case (.number(let a), .number(let b)): order = a < b ? -1 : a > b ? 1 : 0
        case (.bool(let a), .bool(let b)): order = a == b ? 0 : nil
        case (.time, _), (_, .time):
            guard let a = left.time(in: calendar), let b = right.time(in: calendar) else { return false }
            order = a < b ? -1 : a > b ? 1 : 0
        case (.string(let a), .string(let b)): order = a < b ? -1 : a > b ? 1 : 0
        default: order = nil
        }
        guard let order else { return false }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        default: return false
        }
    }

    private static func compileOccurs(_ subject: PQLNode, _ condition: PQLTimeCondition,
                                      bound: [String]) throws(PQLError) -> Evaluator {
        let subjectEvaluator = try compile(subject, bound: bound)
        let anchors = try condition.anchorNodes.map { (anchor) throws(PQLError) in try compile(anchor, bound: bound) }
        let lastIsDay: Bool
        if case .call(nil, "date", let arguments)? = condition.anchorNodes.last?.kind { lastIsDay = arguments.count == 3 } else { lastIsDay = false }
        let ranges = PQLTimeRangeCache()
        return { context in
            var values: [Int64] = []
            for anchor in anchors {
                switch anchor(context) {
                case .number(let number):
                    guard let whole = number.wholeNumber else { return .bool(false) }
                    values.append(whole)
                case let value:
                    guard let time = value.time(in: context.calendar) else { return .bool(false) }
                    values.append(time)
                }
            }
            let times: [Int64]
            switch subjectEvaluator(context) {
            case .list(let items): times = items.compactMap { $0.time(in: context.calendar) }
            case let value: times = value.time(in: context.calendar).map { [$0] } ?? []
            }
            guard !times.isEmpty else { return .bool(false) }
            let range = ranges.range(anchors: values, now: context.now, calendar: context.calendar) {
                condition.range(anchors: values, now: context.now, calendar: context.calendar, endOfDayForLastAnchor: lastIsDay)
            }
            return .bool(times.contains(where: range.contains))
        }
    }
}

/// A condition's truth: a boolean is itself and missing is false; a filtered, non-empty array
/// counts as "has such an item"; any other value is a field named as a condition, which holds
/// where it exists (the checker lets nothing else stand as a condition).
func truth(_ value: PQLValue) -> Bool {
    switch value {
    case .bool(let flag): return flag
    case .list(let items): return !items.isEmpty
    case .events(let events): return !events.isEmpty
    case .map(let entries): return !entries.isEmpty
    case .missing: return false
    default: return true
    }
}
