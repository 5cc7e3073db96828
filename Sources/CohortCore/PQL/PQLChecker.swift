/// Checks a parsed expression against the schemas: every path must exist, functions must exist and
/// get the right number and kinds of arguments, comparisons must compare like with like, and the
/// whole expression must be a boolean. Also collects what the segment reads (its dependencies).
public struct PQLChecker {
    /// Errors, the expression's type, and what it depends on.
    public struct Result: Equatable, Sendable {
        public var errors: [PQLError] = []
        public var type: PQLType = .unknown
        /// Dotted profile paths the expression reads.
        public var profilePaths: Set<String> = []
        /// Dotted event paths the expression reads (relative to an event).
        public var eventPaths: Set<String> = []
        /// Segments named by `inSegment`, with the offset of each call.
        public var segments: [String: Int] = [:]
        /// Whether the result depends on the time of evaluation (`now`, `today`, `current…()`, `occurs`).
        public var usesTime = false
        /// Whether it reads events at all.
        public var readsEvents = false
    }

    /// The profile's identities as a field (`identityMap.get("Email")`), where no schema defines one.
    static let identityMap = "identityMap"
    static let identityMapRoot = SchemaField.object(properties: [
        identityMap: SchemaField(type: .map, element: SchemaField(type: .array, element: .object(properties: ["id": SchemaField(type: .string)]))),
    ])

    /// What paths resolve against, and (for `^` references) the scope around it.
    indirect enum Scope {
        case profile
        case event(around: Scope)
        case item(SchemaField, around: Scope)

        /// The scope this one is inside; nil for the profile.
        var around: Scope? {
            switch self {
            case .profile: return nil
            case .event(let around), .item(_, let around): return around
            }
        }
    }

    let environment: PQLEnvironment
    var result = Result()
    private var variables: [String: Scope] = [:]
    /// The types of the enclosing lambdas' parameters, by name.
    var lambdaTypes: [String: PQLType] = [:]

    /// Checks `node`; a segment (`allowingValues` false) must be a condition, a query may also be a
    /// value (`cohort query 'xEvent.count()'` shows how it is spread over the profiles).
    public static func check(_ node: PQLNode, in environment: PQLEnvironment, allowingValues: Bool = false) -> Result {
        var checker = PQLChecker(environment: environment)
        let type = checker.type(of: node, in: .profile)
        if !allowingValues && !isCondition(node, of: type) {
            checker.fail(node, "a segment must be a condition (true or false), but this is \(type)")
        }
        checker.result.type = type
        checker.result.errors.sort { $0.offset < $1.offset }
        return checker.result
    }

    private init(environment: PQLEnvironment) {
        self.environment = environment
    }

    mutating func fail(_ node: PQLNode, _ message: String) {
        result.errors.append(PQLError(offset: node.start, message: message))
    }

    // MARK: Expressions

    mutating func type(of node: PQLNode, in scope: Scope) -> PQLType {
        switch node.kind {
        case .string: return .string
        case .number: return .number
        case .boolean: return .boolean
        case .null: return .unknown
        case .now, .today:
            result.usesTime = true
            return .time
        case .list(let items):
            let types = items.map { type(of: $0, in: scope) }
            let element = types.first { $0 != .unknown } ?? .unknown
            if let odd = zip(items, types).first(where: { !$0.1.isComparable(with: element) }) {
                fail(odd.0, "a list holds values of one type; this is \(odd.1), the first is \(element)")
            }
            return .list(element)
        case .path(let components): return path(components, node: node, in: scope)
        case .member(let base, let name):
            let baseType = type(of: base, in: scope)
            // A field of events or of an array's items: the list of its values (a `select`'s events too).
            let projected: SchemaField? = switch baseType {
            case .events: environment.event
            case .list(.object(let item)): item
            default: nil
            }
            if let projected {
                guard let child = projected.properties[name] else {
                    fail(node, "`\(name)` is not a field of \(baseType)")
                    return .unknown
                }
                return .list(PQLType(child))
            }
            guard case .object(let field) = baseType, let child = field.properties[name] else {
                fail(node, "`\(name)` is not a field of \(baseType)")
                return .unknown
            }
            return PQLType(child)
        case .filter(let base, let condition):
            let baseType = type(of: base, in: scope)
            let inner: Scope
            switch baseType {
            case .events: inner = .event(around: scope)
            case .list(.object(let field)): inner = .item(field, around: scope)
            case .unknown: return .unknown
            default:
                fail(node, "only events (xEvent) and arrays of objects can be filtered with […]; this is \(baseType)")
                return .unknown
            }
            requireBoolean(condition, in: inner, role: "a filter")
            return baseType
        case .not(let operand):
            requireBoolean(operand, in: scope, role: "`not`")
            return .boolean
        case .negate(let operand):
            requireNumber(operand, in: scope, role: "'-'")
            return .number
        case .binary(let op, let left, let right): return binary(op, left, right, in: scope)
        case .occurs(let subject, let condition):
            result.usesTime = true
            let subjectType = type(of: subject, in: scope)
            if subjectType != .time && subjectType != .unknown && subjectType != .list(.time) {
                fail(subject, "`occurs` needs a date or date-time, but this is \(subjectType)")
            }
            checkTime(condition, in: scope)
            return .boolean
        case .quantified(let quantifier, let variable, let source, let condition):
            let sourceType = type(of: source, in: scope)
            let inner: Scope
            switch sourceType {
            case .events, .unknown: inner = .event(around: scope)
            case .list(.object(let item)): inner = .item(item, around: scope)
            default:
                fail(source, "`from` needs events (xEvent) or an array of objects, but this is \(sourceType)")
                return .boolean
            }
            let saved = variables[variable]
            variables[variable] = inner
            requireBoolean(condition, in: inner, role: "`where`")
            variables[variable] = saved
            // `select` gives the events or items that qualify (a condition where there are any).
            guard quantifier == .select else { return .boolean }
            return sourceType == .unknown ? .events : sourceType
        case .chain(let source, let timestamp, let steps):
            result.usesTime = true
            let sourceType = type(of: source, in: scope)
            if sourceType != .events && sourceType != .unknown { fail(source, "chain(…) needs events (xEvent), but this is \(sourceType)") }
            if eventField(timestamp) == nil { unknownPath(timestamp, node: source, root: environment.event, what: "events") }
            for step in steps {
                if let what = step.what { requireBoolean(what, in: .event(around: scope), role: "WHAT") }
                if let whereCondition = step.whereCondition { requireBoolean(whereCondition, in: .event(around: scope), role: "WHERE") }
                if let count = step.count { requireNumber(count, in: scope, role: "COUNT") }
                if let when = step.when { checkTime(when, in: scope) }
            }
            return .boolean
        case .call(let receiver, let name, let arguments):
            return call(name, receiver: receiver, arguments: arguments, node: node, in: scope)
        case .lambda:
            fail(node, "a function such as (X) => X.price > 10 goes only in an array function (filter, map, exists, topN, …) "
                + "or, as (K, G) => mapEntry(…), in `map(…)` of a groupBy result")
            return .unknown
        }
    }

    /// The type of a lambda's body with its parameters bound to `types`, in order.
    mutating func lambdaBody(_ node: PQLNode, parameters: [String], types: [PQLType], in scope: Scope) -> PQLType {
        let saved = lambdaTypes
        for (name, type) in zip(parameters, types) { lambdaTypes[name] = type }
        defer { lambdaTypes = saved }
        return type(of: node, in: scope)
    }

    private mutating func binary(_ op: PQLBinaryOperator, _ left: PQLNode, _ right: PQLNode, in scope: Scope) -> PQLType {
        switch op {
        case .and, .or:
            requireBoolean(left, in: scope, role: "`\(op.rawValue)`")
            requireBoolean(right, in: scope, role: "`\(op.rawValue)`")
            return .boolean
        case .plus, .minus, .times, .divide, .remainder:
            requireNumber(left, in: scope, role: "'\(op.rawValue)'")
            requireNumber(right, in: scope, role: "'\(op.rawValue)'")
            return .number
        case .in, .notIn:
            let element = type(of: left, in: scope)
            let list = type(of: right, in: scope)
            guard case .list(let items) = list else {
                if list != .unknown { fail(right, "`\(op.rawValue)` needs a list such as [\"a\", \"b\"], but this is \(list)") }
                return .boolean
            }
            if !element.isComparable(with: items) { fail(left, "`\(op.rawValue)` compares \(element) with \(list)") }
            return .boolean
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let leftType = type(of: left, in: scope)
            let rightType = type(of: right, in: scope)
            if !leftType.isComparable(inComparisonWith: rightType) {
                fail(right, "cannot compare \(leftType) with \(rightType)")
            } else if [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op), leftType == .boolean {
                fail(left, "booleans can only be compared with = and !=")
            } else if [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op), leftType.isWhole {
                fail(left, "events and objects can only be compared with = and != (the same one, or another)")
            }
            return .boolean
        }
    }

    private mutating func checkTime(_ condition: PQLTimeCondition, in scope: Scope) {
        switch condition {
        case .relative(_, let amount, _, _, let anchor):
            requireNumber(amount, in: scope, role: "the amount of time")
            requireTime(anchor, in: scope)
        case .beforeOrAfter(_, let anchor), .on(let anchor):
            requireTime(anchor, in: scope)
        case .between(let from, let to):
            requireTime(from, in: scope)
            requireTime(to, in: scope)
        case .calendar, .periods:
            break
        }
    }

    // MARK: Paths

    private mutating func path(_ components: [String], node: PQLNode, in scope: Scope) -> PQLType {
        guard let first = components.first else { return .unknown }
        if first == "xEvent" {
            result.readsEvents = true
            guard components.count > 1 else { return .events }
            let rest = Array(components.dropFirst())
            guard let field = eventField(rest) else {
                unknownPath(rest, node: node, root: environment.event, what: "events")
                return .unknown
            }
            return .list(PQLType(field))
        }
        if first == Self.identityMap, case .profile = scope, environment.profile.properties[first] == nil {
            // The profile's identities, as AEP's identityMap holds them: namespace → [{"id": …}].
            return resolve(components, node: node, in: .item(Self.identityMapRoot, around: scope))
        }
        if let bound = lambdaTypes[first] {
            guard components.count > 1 else { return bound }
            guard case .object(let field) = bound else {
                fail(node, "`\(first)` is \(bound), which has no fields")
                return .unknown
            }
            return resolve(Array(components.dropFirst()), node: node, in: .item(field, around: scope))
        }
        if let variable = variables[first] {
            guard components.count > 1 else { return .event }
            return resolve(Array(components.dropFirst()), node: node, in: variable)
        }
        if first.hasPrefix("$"), first != "$1", first.dropFirst().allSatisfy(\.isNumber) {
            fail(node, "`\(first)`: a segment has one parameter, the profile (`$1`)")
            return .unknown
        }
        if first.allSatisfy({ $0 == "^" }) {
            // `^.x` is the field of the scope around this one (the event around an item), `^^.x` of the one around that.
            var target = scope
            for _ in first {
                guard let around = target.around else {
                    fail(node, "`\(first)` reaches above the profile: there are fewer than \(first.count) filters around it")
                    return .unknown
                }
                target = around
            }
            guard components.count > 1 else {
                fail(node, "`\(first)` needs a field after it, as in `\(first).person.gender`")
                return .unknown
            }
            return resolve(Array(components.dropFirst()), node: node, in: target)
        }
        return resolve(components, node: node, in: scope)
    }

    private mutating func resolve(_ components: [String], node: PQLNode, in scope: Scope) -> PQLType {
        switch scope {
        case .profile:
            guard let field = environment.profile.descendant(at: components) else {
                unknownPath(components, node: node, root: environment.profile, what: "profiles")
                return .unknown
            }
            result.profilePaths.insert(components.joined(separator: "."))
            return Self.projected(PQLType(field), from: environment.profile, at: components)
        case .event:
            guard let field = eventField(components) else {
                unknownPath(components, node: node, root: environment.event, what: "events")
                return .unknown
            }
            return Self.projected(PQLType(field), from: environment.event, at: components)
        case .item(let item, _):
            guard let field = item.descendant(at: components) else {
                unknownPath(components, node: node, root: item, what: "these array items")
                return .unknown
            }
            return Self.projected(PQLType(field), from: item, at: components)
        }
    }

    /// A path through an array of objects names the field in every item: a list of its values
    /// (`person.orders.storeId.distinct().count() > 1`), as evaluation collects them.
    private static func projected(_ type: PQLType, from root: SchemaField, at components: [String]) -> PQLType {
        var field = root
        for name in components.dropLast() {
            switch field.type {
            case .object: field = field.properties[name] ?? field
            case .map: field = field.element ?? field
            default: return type
            }
            if field.type == .array { return .list(type) }
        }
        return type
    }

    private mutating func eventField(_ components: [String]) -> SchemaField? {
        result.readsEvents = true
        guard let field = environment.event.descendant(at: components) else { return nil }
        result.eventPaths.insert(components.joined(separator: "."))
        return field
    }

    private mutating func unknownPath(_ components: [String], node: PQLNode, root: SchemaField, what: String) {
        let path = components.joined(separator: ".")
        let paths = root.allPaths(prefix: "")
        result.errors.append(PQLError(offset: node.start, message: "unknown field `\(path)` in \(what)\(Suggestion.hint(for: path, in: paths))",
                                      code: .unknownField, hint: Suggestion.advice(for: path, in: paths)))
    }

    // MARK: Requirements

    /// A condition; a filtered array (`productListItems[SKU = "PS"]`) counts as "has such an item".
    mutating func requireBoolean(_ node: PQLNode, in scope: Scope, role: String) {
        let found = type(of: node, in: scope)
        if !Self.isCondition(node, of: found) { fail(node, "\(role) needs a condition (true or false), but this is \(found)") }
    }

    /// Whether `node`, of type `type`, can stand where a condition is expected: a boolean, a filter
    /// (has such events or items), or a field or object named on its own, which means that it
    /// exists (`select X from xEvent where X.commerce.order`, a bare `homeAddress`), as in Adobe's PQL.
    static func isCondition(_ node: PQLNode, of type: PQLType) -> Bool {
        switch node.kind {
        case .filter, .path, .member, .quantified: return true
        default: return type == .boolean || type == .unknown
        }
    }

    mutating func requireNumber(_ node: PQLNode, in scope: Scope, role: String) {
        let found = type(of: node, in: scope)
        if found != .number && found != .unknown { fail(node, "\(role) needs a number, but this is \(found)") }
    }

    mutating func requireTime(_ node: PQLNode, in scope: Scope) {
        let found = type(of: node, in: scope)
        if found != .time && found != .unknown { fail(node, "expected a date or date-time (now, today, date(…) or a date field), but this is \(found)") }
    }
}
