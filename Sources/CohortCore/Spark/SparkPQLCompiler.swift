/// A PQL construct the Spark compiler does not translate, at its UTF-8 offset in the expression text.
public struct SparkUnsupported: Equatable, Sendable {
    public var offset: Int
    /// What the construct is (`matches`, `a comparison of date-time text`, …).
    public var construct: String
    /// Why it cannot run on Spark exactly as the native engine runs it.
    public var reason: String

    /// The located error `validate --engine spark` reports for it.
    public var error: PQLError {
        PQLError(offset: offset, message: "\(construct) cannot run on Spark: \(reason)", code: .sparkUnsupported,
                 hint: "the native engine runs it; for Spark, write it with the constructs README's "
                     + "\"PQL on Spark\" lists")
    }
}

/// A checked PQL expression compiled to a Spark SQL boolean expression over one row of the profile
/// frame (`profile` STRUCT, `events` ARRAY<STRUCT>, one BOOLEAN column per segment already evaluated).
/// It is exactly as the native evaluator (`PQLProgram`) decides, or it is not compiled: what has no
/// exact translation is reported (`SparkUnsupported`). PQL's missing values are false in every
/// condition, so each condition is made definite with `coalesce(…, FALSE)` before NOT, AND or OR see it.
/// Expressions that read no profile are evaluated once by the native evaluator at the literal `now`,
/// in the workspace's time zone, and written as literals (time windows become millisecond bounds).
public struct SparkPQLCompiler {
    /// The SQL (nil when something is unsupported), what is unsupported, and the segments it reads.
    public struct Output: Equatable, Sendable {
        public var sql: String?
        public var unsupported: [SparkUnsupported]
        /// Segments named by `inSegment`, sorted: the columns the row must already hold.
        public var segments: [String]
    }

    /// What a compiled sub-expression is in SQL.
    enum Compiled {
        /// A value worked out natively, with no profile.
        case constant(PQLValue)
        /// BOOLEAN, never NULL.
        case condition(String)
        /// A value of one kind, NULL where PQL's is missing.
        case scalar(String, Kind)
        /// ARRAY of event structs, never NULL.
        case events(String)
        /// ARRAY of structs shaped by `field` (an array attribute's items), NULL where missing.
        case items(String, SchemaField)
        /// ARRAY of scalars of a kind (nil: dates, which list functions do not take), NULL where missing.
        case list(String, Kind?)
        /// STRUCT, NULL where missing.
        case object(String)
    }

    /// A scalar's kind. Numbers are DOUBLE (as PQL's), `timestamp` is BIGINT milliseconds since 1970
    /// (`unix_millis`), `date` a DATE that PQL reads as the start of that day in the workspace's zone.
    enum Kind: Equatable {
        case string, number, boolean, timestamp, date
    }

    /// What unqualified paths resolve against: the profile, or the SQL lambda variable of an event or item.
    struct Scope {
        var variable: String?
        var field: SchemaField
    }

    let environment: PQLEnvironment
    let now: Int64
    let timeZone: String
    let calendar: PQLCalendar
    var unsupported: [SparkUnsupported] = []
    var segments: Set<String> = []
    /// Quantifier variables (`exists X from …`) by PQL name: their SQL variable and item shape.
    var variables: [String: Scope] = [:]
    private var variableCount = 0

    /// Compiles a checked `node` for evaluation at `now` (ms) in `timeZone`.
    public static func compile(_ node: PQLNode, environment: PQLEnvironment, now: Int64, timeZone: String) -> Output {
        var compiler = SparkPQLCompiler(environment: environment, now: now, timeZone: timeZone,
                                        calendar: PQLCalendar(timeZone: timeZone))
        let profile = Scope(variable: nil, field: environment.profile)
        let sql = compiler.compile(node, in: profile).flatMap { compiler.condition($0, node) }
        let found = compiler.unsupported.sorted { ($0.offset, $0.construct) < ($1.offset, $1.construct) }
        return Output(sql: found.isEmpty ? sql : nil, unsupported: found, segments: compiler.segments.sorted())
    }

    mutating func fail(_ node: PQLNode, _ construct: String, _ reason: String) -> Compiled? {
        unsupported.append(SparkUnsupported(offset: node.start, construct: construct, reason: reason))
        return nil
    }

    /// A fresh SQL lambda variable.
    mutating func newVariable() -> String {
        variableCount += 1
        return "pql_v\(variableCount)"
    }

    // MARK: Expressions

    mutating func compile(_ node: PQLNode, in scope: Scope) -> Compiled? {
        if Self.isConstant(node) { return fold(node) }
        switch node.kind {
        case .string, .number, .boolean, .null, .now, .today: return fold(node)
        case .list: return fail(node, "a list holding fields", "only lists of literal values are supported")
        case .path(let components): return path(components, node: node, in: scope)
        case .member: return fail(node, "a field of a computed value", "only plain paths to fields are supported")
        case .filter(let base, let condition): return filter(base, condition, node: node, in: scope)
        case .not(let operand):
            guard let operand = compile(operand, in: scope), let sql = condition(operand, node) else { return nil }
            return .condition("(NOT \(sql))")
        case .negate: return fail(node, "negation of a field", "arithmetic on fields is not supported")
        case .binary(let op, let left, let right): return binary(op, left, right, node: node, in: scope)
        case .occurs(let subject, let timeCondition): return occurs(subject, timeCondition, node: node, in: scope)
        case .quantified(let quantifier, let variable, let source, let condition):
            return quantified(quantifier, variable, source, condition, node: node, in: scope)
        case .chain(let source, let timestamp, let steps):
            return chain(source, timestamp: timestamp, steps: steps, node: node, in: scope)
        case .call(let receiver, let name, let arguments):
            return call(name, receiver: receiver, arguments: arguments, node: node, in: scope)
        case .lambda: return fail(node, "a function `(…) => …`", "functions over maps and items are not supported")
        }
    }

    /// Whether `node` reads nothing of a profile (no path, no `inSegment`), so its value is the same for all.
    static func isConstant(_ node: PQLNode) -> Bool {
        switch node.kind {
        case .string, .number, .boolean, .null, .now, .today: return true
        case .list(let items): return items.allSatisfy(isConstant)
        case .path, .filter, .quantified, .chain, .lambda: return false
        case .member(let base, _), .not(let base), .negate(let base): return isConstant(base)
        case .binary(_, let left, let right): return isConstant(left) && isConstant(right)
        case .occurs(let subject, let condition): return isConstant(subject) && condition.nodes.allSatisfy(isConstant)
        case .call(let receiver, let name, let arguments):
            return name != PQLFunction.inSegment.rawValue && (receiver.map(isConstant) ?? true)
                && arguments.allSatisfy(isConstant)
        }
    }

    /// The native evaluator's value of a constant expression at `now`.
    mutating func fold(_ node: PQLNode) -> Compiled? {
        guard let program = try? PQLProgram(node) else { return fail(node, "this expression", "it does not compile") }
        return .constant(program.value(PQLContext(attributes: [:], events: [], now: now, timeZone: timeZone)))
    }

    /// A compiled value as a condition (PQL's truth: missing false, a list or events non-empty, any
    /// other value present).
    mutating func condition(_ value: Compiled, _ node: PQLNode) -> String? {
        switch value {
        case .constant(let constant): return SparkSQLText.boolean(truth(constant))
        case .condition(let sql): return sql
        case .scalar(let sql, .boolean): return SparkSQLText.definite(sql)
        case .scalar(let sql, _), .object(let sql): return "(\(sql) IS NOT NULL)"
        case .events(let sql): return "(size(\(sql)) > 0)"
        case .items(let sql, _), .list(let sql, _): return SparkSQLText.definite("size(\(sql)) > 0")
        }
    }

    // MARK: Paths

    private mutating func path(_ components: [String], node: PQLNode, in scope: Scope) -> Compiled? {
        let first = components[0]
        if first == "xEvent" {
            guard components.count == 1 else {
                return fail(node, "`xEvent.\(components.dropFirst().joined(separator: "."))`",
                            "a field of every event as one list is not supported; filter events with xEvent[…]")
            }
            return .events("events")
        }
        if first.hasPrefix("^") {
            return fail(node, "`\(first)`", "references to an enclosing scope are not supported")
        }
        var base: Scope
        var rest = components[...]
        if let variable = variables[first] {
            base = variable
            rest = rest.dropFirst()
            guard !rest.isEmpty else { return .object(variable.variable ?? "profile") }
        } else {
            base = scope
        }
        if base.variable == nil, first == PQLChecker.identityMap, environment.profile.properties[first] == nil {
            return fail(node, "`identityMap`", "the profile's identities are not read as a map on Spark")
        }
        var sql = base.variable ?? "profile"
        var field = base.field
        for (index, name) in rest.enumerated() {
            guard field.type == .object, let child = field.properties[name] else {
                return fail(node, "`\(components.joined(separator: "."))`",
                            "a path through an array or a map is not supported; filter the array with […]")
            }
            sql += "." + SparkType.quoted(name)
            field = child
            if index < rest.count - 1, field.type != .object {
                return fail(node, "`\(components.joined(separator: "."))`",
                            "a path through an array or a map is not supported; filter the array with […]")
            }
        }
        switch field.type {
        case .string:
            switch field.format {
            case .date: return .scalar(sql, .date)
            case .dateTime: return .scalar("unix_millis(\(sql))", .timestamp)
            case .email, .uri, .uriReference, nil: return .scalar(sql, .string)
            }
        case .integer, .number: return .scalar("CAST(\(sql) AS DOUBLE)", .number)
        case .boolean: return .scalar(sql, .boolean)
        case .object: return .object(sql)
        case .array:
            if let element = field.element, element.type == .object { return .items(sql, element) }
            let kind: Kind? = switch (field.element?.type, field.element?.format) {
            case (.string, nil), (.string, .email), (.string, .uri), (.string, .uriReference): .string
            case (.integer, _), (.number, _): .number
            case (.boolean, _): .boolean
            default: nil
            }
            return .list(sql, kind)
        case .map: return fail(node, "the map `\(components.joined(separator: "."))`", "maps are not supported")
        }
    }

    // MARK: Filters and quantifiers

    /// The events or items a filter, quantifier or array function ranges over, with the scope of one
    /// of them: items that are not objects are left out, as the native evaluator leaves them out.
    mutating func ranged(_ source: Compiled, _ node: PQLNode) -> (sql: String, field: SchemaField, events: Bool)? {
        switch source {
        case .events(let sql): return (sql, environment.event, true)
        case .items(let sql, let field):
            let variable = newVariable()
            return ("filter(\(sql), \(variable) -> \(variable) IS NOT NULL)", field, false)
        default:
            _ = fail(node, "this filter", "only events (xEvent) and arrays of objects are filtered on Spark")
            return nil
        }
    }

    private mutating func filter(_ base: PQLNode, _ condition: PQLNode, node: PQLNode, in scope: Scope) -> Compiled? {
        guard let source = compile(base, in: scope), let range = ranged(source, base) else { return nil }
        let variable = newVariable()
        let inner = Scope(variable: variable, field: range.field)
        guard let test = compile(condition, in: inner).flatMap({ self.condition($0, condition) }) else { return nil }
        let sql = "filter(\(range.sql), \(variable) -> \(test))"
        return range.events ? .events(sql) : .items(sql, range.field)
    }

    private mutating func quantified(_ quantifier: PQLQuantifier, _ name: String, _ source: PQLNode,
                                     _ condition: PQLNode, node: PQLNode, in scope: Scope) -> Compiled? {
        guard let compiled = compile(source, in: scope), let range = ranged(compiled, source) else { return nil }
        // A `select` of items that are missing is no items natively, not a missing value: not on Spark.
        guard quantifier != .select || range.events else {
            return fail(node, "`select` from an array", "only `select` from xEvent is supported")
        }
        let variable = newVariable()
        let inner = Scope(variable: variable, field: range.field)
        let saved = variables[name]
        variables[name] = inner
        defer { variables[name] = saved }
        guard let test = compile(condition, in: inner).flatMap({ self.condition($0, condition) }) else { return nil }
        // `select`: the events that qualify.
        if quantifier == .select { return .events("filter(\(range.sql), \(variable) -> \(test))") }
        return .condition(SparkSQLText.definite("\(quantifier.rawValue)(\(range.sql), \(variable) -> \(test))"))
    }
}
