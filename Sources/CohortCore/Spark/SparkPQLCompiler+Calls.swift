/// Functions, methods and `chain` on Spark. Every `PQLFunction` and `PQLMethod` case is named here
/// without a default, so a new PQL name does not compile until it is translated or said unsupported.
extension SparkPQLCompiler {
    mutating func call(_ name: String, receiver: PQLNode?, arguments: [PQLNode], node: PQLNode,
                       in scope: Scope) -> Compiled? {
        guard case .success(let callee) = PQLRegistry.resolve(name, onValue: receiver != nil, at: node.start) else {
            return fail(node, "`\(name)`", "it is not a PQL function")
        }
        switch callee {
        case .function(let function): return self.function(function, arguments, node: node)
        case .method(let method):
            guard let receiver, let value = compile(receiver, in: scope) else { return nil }
            // Problems with a method are reported at its name, just after the receiver and its dot.
            var named = node
            named.start = min(receiver.end + 1, node.end)
            return self.method(method, value, arguments, node: named, in: scope)
        }
    }

    private mutating func function(_ function: PQLFunction, _ arguments: [PQLNode], node: PQLNode) -> Compiled? {
        switch function {
        case .inSegment:
            guard case .string(let id)? = arguments.first?.kind else { return .constant(.bool(false)) }
            segments.insert(id)
            return .condition(SparkSQLText.definite(SparkType.quoted(SparkSegments.column(of: id))))
        case .date, .currentYear, .currentMonth, .currentDayOfMonth, .yesterday, .tomorrow:
            return fail(node, "`\(function.rawValue)(…)` of a field", "only literal arguments are supported")
        case .if, .mapEntry:
            return fail(node, "`\(function.rawValue)(…)`", "it is not supported on Spark")
        }
    }

    private mutating func method(_ method: PQLMethod, _ receiver: Compiled, _ arguments: [PQLNode], node: PQLNode,
                                 in scope: Scope) -> Compiled? {
        let construct = "`\(method.rawValue)(…)`"
        switch method {
        case .startsWith, .doesNotStartWith, .endsWith, .doesNotEndWith, .contains, .doesNotContain:
            return textTest(method, receiver, arguments, node: node)
        case .equals, .notEqualTo:
            guard case .scalar(let sql, .string) = receiver else { return fail(node, construct, "only on text") }
            var values: [PQLValue] = []
            for argument in arguments {
                guard Self.isConstant(argument), case .constant(let value)? = fold(argument) else {
                    return fail(argument, construct, "only literal arguments are supported")
                }
                values.append(value)
            }
            if values.count > 1, case .bool(let caseMatters) = values[values.count - 1] {
                guard caseMatters else {
                    return fail(node, "\(construct) ignoring case", "case folding differs between the engines")
                }
                values.removeLast()
            }
            let texts = values.compactMap { value -> String? in
                if case .string(let text) = value { text } else { nil }
            }
            guard !texts.isEmpty else { return .constant(.bool(false)) }
            let found = "\(sql) IN (" + texts.map(SparkSQLText.string).joined(separator: ", ") + ")"
            return .condition(SparkSQLText.definite(method == .equals ? found : "NOT (\(found))"))
        case .like:
            guard case .scalar(let sql, .string) = receiver else { return fail(node, construct, "only on text") }
            // The native engine reads only a pattern written as text.
            guard case .string(let pattern)? = arguments.first?.kind else { return .constant(.bool(false)) }
            return .condition(SparkSQLText.definite("\(sql) RLIKE \(SparkSQLText.string(Self.likeRegex(pattern)))"))
        case .isNull, .isNotNull:
            let missing: String
            switch receiver {
            case .scalar(let sql, _), .object(let sql), .items(let sql, _), .list(let sql, _):
                missing = "(\(sql) IS NULL)"
            case .events: missing = "FALSE"
            case .condition, .constant: return fail(node, construct, "only on a field")
            }
            return .condition(method == .isNull ? missing : "(NOT \(missing))")
        case .getYear, .getMonth, .getDayOfMonth:
            guard case .scalar(let sql, .date) = receiver else {
                return fail(node, construct,
                            "only on a date field (of a date-time, the day depends on Spark's session time zone)")
            }
            let part = method == .getYear ? "year" : method == .getMonth ? "month" : "day"
            return .scalar("CAST(\(part)(\(sql)) AS DOUBLE)", .number)
        case .count:
            switch receiver {
            case .events(let sql): return .scalar("CAST(size(\(sql)) AS DOUBLE)", .number)
            case .items(let sql, _), .list(let sql, _):
                return .scalar("CAST(coalesce(size(\(sql)), 0) AS DOUBLE)", .number)
            default: return fail(node, construct, "only of events or an array")
            }
        case .sum, .average, .min, .max:
            return aggregate(method, receiver, arguments, node: node)
        case .exists, .filter:
            guard let argument = arguments.first, let range = ranged(receiver, node) else { return nil }
            let variable = newVariable()
            let inner = Scope(variable: variable, field: range.field)
            guard let test = compile(argument, in: inner).flatMap({ condition($0, argument) }) else { return nil }
            if method == .exists {
                return .condition(SparkSQLText.definite("exists(\(range.sql), \(variable) -> \(test))"))
            }
            let sql = "filter(\(range.sql), \(variable) -> \(test))"
            return range.events ? .events(sql) : .items(sql, range.field)
        case .matches, .regexGroup:
            return fail(node, construct, "regular expressions differ between the engines (ICU and Java)")
        case .intersects, .includes, .subsetOf, .supersetOf:
            return listTest(method, receiver, arguments, node: node)
        case .distinct, .intersection, .head:
            return fail(node, construct, "list functions that make lists are not supported on Spark yet")
        case .map, .topN, .bottomN, .groupBy, .get, .keys, .values:
            return fail(node, construct, "map and ranking functions are not supported on Spark yet")
        }
    }

    /// `startsWith`, `endsWith`, `contains` and their negations on a text field, with a literal needle.
    private mutating func textTest(_ method: PQLMethod, _ receiver: Compiled, _ arguments: [PQLNode],
                                   node: PQLNode) -> Compiled? {
        let construct = "`\(method.rawValue)(…)`"
        guard case .scalar(let sql, .string) = receiver else { return fail(node, construct, "only on text") }
        guard let first = arguments.first, Self.isConstant(first), case .constant(let needle)? = fold(first),
              arguments.dropFirst().allSatisfy(Self.isConstant) else {
            return fail(node, construct, "only literal arguments are supported")
        }
        if arguments.count > 1, case .constant(.bool(false))? = fold(arguments[1]) {
            return fail(node, "\(construct) ignoring case", "case folding differs between the engines")
        }
        guard case .string(let text) = needle else { return .constant(.bool(false)) }
        let function: String
        switch method {
        case .startsWith, .doesNotStartWith: function = "startswith"
        case .endsWith, .doesNotEndWith: function = "endswith"
        default:
            guard !text.isEmpty else {
                return fail(node, "\(construct) of empty text", "its meaning differs between the engines")
            }
            function = "contains"
        }
        let test = "\(function)(\(sql), \(SparkSQLText.string(text)))"
        let negated = [.doesNotStartWith, .doesNotEndWith, .doesNotContain].contains(method)
        return .condition(SparkSQLText.definite(negated ? "NOT \(test)" : test))
    }

    /// `intersects`, `includes`, `subsetOf`, `supersetOf` of an array of text, numbers or booleans and
    /// literal values (one value or a list), as natively: an item equals a value of its type; a
    /// missing item equals nothing.
    private mutating func listTest(_ method: PQLMethod, _ receiver: Compiled, _ arguments: [PQLNode],
                                   node: PQLNode) -> Compiled? {
        let construct = "`\(method.rawValue)(…)`"
        guard case .list(let sql, let kind?) = receiver else {
            return fail(node, construct, "only of an array of text, numbers or booleans")
        }
        guard let argument = arguments.first, Self.isConstant(argument),
              case .constant(let value)? = fold(argument) else {
            return fail(node, construct, "only with literal values")
        }
        if value == .missing { return .constant(.bool(false)) }
        let values: [PQLValue] = if case .list(let items) = value { items } else { [value] }
        if values.contains(where: { if case .time = $0 { true } else if case .list = $0 { true } else { false } }) {
            return fail(node, construct, "the native engine reads items' text as times, or compares lists item by item")
        }
        // Each value as a literal of the items' kind; nil for one that no item can equal.
        let literals: [String?] = values.map { value in
            switch (kind, value) {
            case (.string, .string(let text)): return SparkSQLText.string(text)
            case (.number, .number(let number)): return SparkSQLText.double(number)
            case (.boolean, .bool(let flag)): return SparkSQLText.boolean(flag)
            default: return nil
            }
        }
        let item = newVariable()
        let element = kind == .number ? "CAST(\(item) AS DOUBLE)" : item
        let has = { (literal: String) in "exists(\(sql), \(item) -> coalesce(\(element) = \(literal), FALSE))" }
        switch method {
        case .intersects:
            let found = literals.compactMap { $0 }
            guard !found.isEmpty else { return .constant(.bool(false)) }
            let test = "coalesce(\(element) IN (\(found.joined(separator: ", "))), FALSE)"
            return .condition(SparkSQLText.definite("exists(\(sql), \(item) -> \(test))"))
        case .subsetOf:
            let found = literals.compactMap { $0 }
            let test = found.isEmpty ? "FALSE" : "coalesce(\(element) IN (\(found.joined(separator: ", "))), FALSE)"
            return .condition(SparkSQLText.definite("forall(\(sql), \(item) -> \(test))"))
        default:
            // `includes`, `supersetOf`: every value is an item.
            guard literals.allSatisfy({ $0 != nil }) else { return .constant(.bool(false)) }
            let tests = ["\(sql) IS NOT NULL"] + literals.compactMap { $0 }.map(has)
            return .condition(SparkSQLText.definite("(" + tests.joined(separator: " AND ") + ")"))
        }
    }

    /// `sum`, `average`, `min`, `max` of a number field of each event or item (missing values left out;
    /// the sum of none is 0, the others of none missing), added in the events' order as natively.
    private mutating func aggregate(_ method: PQLMethod, _ receiver: Compiled, _ arguments: [PQLNode],
                                    node: PQLNode) -> Compiled? {
        let construct = "`\(method.rawValue)(…)`"
        guard let argument = arguments.first else {
            return fail(node, construct, "only of a field of each event or item")
        }
        guard let range = ranged(receiver, node) else { return nil }
        let variable = newVariable()
        let item = Scope(variable: variable, field: range.field)
        guard case .scalar(let value, .number)? = compile(argument, in: item) else {
            return fail(argument, construct, "only of a number field of each event or item")
        }
        let number = newVariable()
        let values = "filter(transform(\(range.sql), \(variable) -> \(value)), \(number) -> \(number) IS NOT NULL)"
        let total = newVariable()
        let sum = "aggregate(\(values), 0D, (\(total), \(number)) -> \(total) + \(number))"
        switch method {
        case .sum: return .scalar(sum, .number)
        case .average: return .scalar("(CASE WHEN size(\(values)) > 0 THEN \(sum) / size(\(values)) END)", .number)
        case .min: return .scalar("array_min(\(values))", .number)
        default: return .scalar("array_max(\(values))", .number)
        }
    }

    /// PQL's `like` pattern as the anchored Java regular expression the native engine's ICU one
    /// equals: `%` any run, `_` one character (line breaks included), every other character literal.
    static func likeRegex(_ pattern: String) -> String {
        var regex = "(?s)^"
        for scalar in pattern.unicodeScalars {
            switch scalar {
            case "%": regex += ".*"
            case "_": regex += "."
            default:
                let isPlain = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                regex += isPlain ? String(scalar) : "\\x{\(String(scalar.value, radix: 16))}"
            }
        }
        return regex + "$"
    }

    // MARK: chain

    /// `chain(xEvent, timestamp, [steps])`: each step's `count`-th qualifying event (by time, strictly
    /// after the previous step's) found with filter, sort and `try_element_at`, step after step.
    mutating func chain(_ source: PQLNode, timestamp: [String], steps: [PQLChainStep], node: PQLNode,
                        in scope: Scope) -> Compiled? {
        guard case .events(let events)? = compile(source, in: scope) else {
            return fail(source, "`chain` over this value", "only over events")
        }
        var after: String?
        for step in steps {
            let variable = newVariable()
            let inner = Scope(variable: variable, field: environment.event)
            let time = PQLNode(.path(timestamp), start: node.start, end: node.end)
            guard case .scalar(let stepTime, .timestamp)? = compile(time, in: inner) else {
                return fail(node, "`chain` on `\(timestamp.joined(separator: "."))`",
                            "only on a date-time field of the events")
            }
            var tests = ["\(stepTime) IS NOT NULL"]
            for condition in [step.what, step.whereCondition].compactMap({ $0 }) {
                guard let test = compile(condition, in: inner).flatMap({ self.condition($0, condition) }) else {
                    return nil
                }
                tests.append(test)
            }
            if let when = step.when {
                guard let found = range(of: when, node: node, lastAnchorIsDay: false) else { return nil }
                guard let range = found else { return .constant(.bool(false)) }
                tests.append(within(stepTime, .timestamp, range))
            }
            if let after { tests.append("\(stepTime) > \(after)") }
            var needed: Int64 = 1
            if let count = step.count {
                guard Self.isConstant(count), case .constant(let value)? = fold(count) else {
                    return fail(count, "a chain step's count from a field", "only a literal count is supported")
                }
                if case .number(let number) = value { needed = max(1, number.wholeNumber ?? .max) }
            }
            guard needed <= Int64(Int32.max) else { return .constant(.bool(false)) }
            let times = "array_sort(transform(filter(\(events), \(variable) -> \(tests.joined(separator: " AND "))), "
                + "\(variable) -> \(stepTime)))"
            after = "try_element_at(\(times), \(needed))"
        }
        return .condition(after.map { "(\($0) IS NOT NULL)" } ?? "TRUE")
    }
}
