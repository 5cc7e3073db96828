/// Comparisons, `in`, `and`/`or` and time conditions on Spark, as `PQLProgram.compare` decides them.
extension SparkPQLCompiler {
    mutating func binary(_ op: PQLBinaryOperator, _ left: PQLNode, _ right: PQLNode, node: PQLNode,
                         in scope: Scope) -> Compiled? {
        switch op {
        case .and, .or:
            // Both sides compiled before either is given up on, so that every unsupported part is reported.
            let lhs = compile(left, in: scope).flatMap { condition($0, left) }
            let rhs = compile(right, in: scope).flatMap { condition($0, right) }
            guard let lhs, let rhs else { return nil }
            return .condition("(\(lhs) \(op == .and ? "AND" : "OR") \(rhs))")
        case .plus, .minus, .times, .divide, .remainder:
            return fail(node, "arithmetic `\(op.rawValue)` on a field", "arithmetic on fields is not supported")
        case .in, .notIn:
            let lhs = compile(left, in: scope)
            let rhs = compile(right, in: scope)
            guard let lhs, let rhs else { return nil }
            return membership(lhs, rhs, negated: op == .notIn, node: node)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let lhs = compile(left, in: scope)
            let rhs = compile(right, in: scope)
            guard let lhs, let rhs else { return nil }
            switch (lhs, rhs) {
            case (.scalar(let sql, let kind), .constant(let value)): return compare(op, sql, kind, value, node: node)
            case (.constant(let value), .scalar(let sql, let kind)):
                return compare(op.flipped, sql, kind, value, node: node)
            case (.scalar(let a, let kind), .scalar(let b, let other)) where kind == other:
                switch kind {
                case .string, .number: return .condition(SparkSQLText.definite("\(a) \(op.sparkSymbol) \(b)"))
                case .boolean:
                    // Two booleans only ever compare as equal: `!=` never holds (as natively).
                    guard op == .equal else { return .constant(.bool(false)) }
                    return .condition(SparkSQLText.definite("\(a) = \(b)"))
                case .timestamp, .date:
                    return fail(node, "a comparison of two date fields", "the native engine compares their text")
                }
            default:
                return fail(node, "this comparison",
                            "only a field compared with a literal value or a field of its type is supported")
            }
        }
    }

    /// `field op constant`, with PQL's rules: missing is false, values of other types never compare.
    private mutating func compare(_ op: PQLBinaryOperator, _ sql: String, _ kind: Kind, _ value: PQLValue,
                                  node: PQLNode) -> Compiled? {
        switch (kind, value) {
        case (_, .missing): return .constant(.bool(false))
        case (_, .list(let items)):
            // A value and a list compare when some item does.
            var alternatives: [String] = []
            for item in items {
                switch compare(op, sql, kind, item, node: node) {
                case nil: return nil
                case .condition(let test)?: alternatives.append(test)
                case .constant(.bool(true))?: return .constant(.bool(true))
                default: continue
                }
            }
            guard !alternatives.isEmpty else { return .constant(.bool(false)) }
            return .condition("(" + alternatives.joined(separator: " OR ") + ")")
        case (.string, .time), (.timestamp, .string), (.date, .string):
            return fail(node, "a comparison of a text field with a date-time",
                        "the native engine reads the text of each value as a time")
        case (.string, .string(let text)):
            return .condition(SparkSQLText.definite("\(sql) \(op.sparkSymbol) \(SparkSQLText.string(text))"))
        case (.number, .number(let number)):
            guard let literal = SparkSQLText.double(number) else { return .constant(.bool(false)) }
            return .condition(SparkSQLText.definite("\(sql) \(op.sparkSymbol) \(literal)"))
        case (.boolean, .bool(let flag)):
            guard op == .equal else { return .constant(.bool(false)) }
            return .condition(SparkSQLText.definite("\(sql) = \(SparkSQLText.boolean(flag))"))
        case (.timestamp, .time(let time)), (.date, .time(let time)):
            let range: PQLTimeRange = switch op {
            case .equal: PQLTimeRange(time, time.successor)
            case .notEqual: PQLTimeRange(time, time.successor, excluded: true)
            case .less: PQLTimeRange(.min, time)
            case .lessOrEqual: PQLTimeRange(.min, time.successor)
            case .greater: PQLTimeRange(time.successor, .max)
            default: PQLTimeRange(time, .max)
            }
            return .condition(within(sql, kind, range))
        default:
            return .constant(.bool(false))
        }
    }

    /// `field in [literals]` / `notIn`: false where the field is missing, either way.
    private mutating func membership(_ lhs: Compiled, _ rhs: Compiled, negated: Bool, node: PQLNode) -> Compiled? {
        guard case .scalar(let sql, let kind) = lhs, case .constant(let list) = rhs else {
            if case .constant = lhs, case .constant = rhs { return rhs }
            return fail(node, negated ? "`notIn`" : "`in`", "only a field in a list of literal values is supported")
        }
        guard case .list(let items) = list else { return .constant(.bool(false)) }
        var alternatives: [String] = []
        for item in items {
            switch (kind, item) {
            case (.string, .string(let text)): alternatives.append("\(sql) = \(SparkSQLText.string(text))")
            case (.number, .number(let number)):
                if let literal = SparkSQLText.double(number) { alternatives.append("\(sql) = \(literal)") }
            case (.boolean, .bool(let flag)): alternatives.append("\(sql) = \(SparkSQLText.boolean(flag))")
            case (.timestamp, .time(let time)), (.date, .time(let time)):
                alternatives.append(within(sql, kind, PQLTimeRange(time, time.successor)))
            case (.string, .time), (.timestamp, .string), (.date, .string), (_, .list):
                return fail(node, negated ? "`notIn`" : "`in`",
                            "the native engine reads these values' text as times or lists")
            default: continue
            }
        }
        guard !alternatives.isEmpty else { return .condition(negated ? "(\(sql) IS NOT NULL)" : "FALSE") }
        let found = "(" + alternatives.joined(separator: " OR ") + ")"
        return .condition(SparkSQLText.definite(negated ? "NOT \(found)" : found))
    }

    /// `subject occurs …` on a date or date-time field, with every anchor a literal (now, today, date(…), …).
    mutating func occurs(_ subject: PQLNode, _ timeCondition: PQLTimeCondition, node: PQLNode,
                         in scope: Scope) -> Compiled? {
        guard let compiled = compile(subject, in: scope) else { return nil }
        guard case .scalar(let sql, let kind) = compiled, kind == .timestamp || kind == .date else {
            return fail(subject, "`occurs` on this value", "only a date or date-time field can occur on Spark")
        }
        guard let found = range(of: timeCondition, node: node) else { return nil }
        guard let range = found else { return .constant(.bool(false)) }
        return .condition(within(sql, kind, range))
    }

    /// The range of times a condition accepts at `now`; `.some(nil)` when an anchor is no time (the
    /// condition is then false, as natively), nil when an anchor is not a literal.
    mutating func range(of timeCondition: PQLTimeCondition, node: PQLNode,
                        lastAnchorIsDay: Bool? = nil) -> PQLTimeRange?? {
        var anchors: [Int64] = []
        for anchor in timeCondition.anchorNodes {
            guard Self.isConstant(anchor), case .constant(let value)? = fold(anchor) else {
                _ = fail(anchor, "a time window anchored on a field",
                         "only literal anchors (now, today, date(…)) are supported")
                return nil
            }
            switch value {
            case .number(let number):
                guard let whole = number.wholeNumber else { return .some(nil) }
                anchors.append(whole)
            default:
                guard let time = value.time(in: calendar) else { return .some(nil) }
                anchors.append(time)
            }
        }
        var isDay = false
        if case .call(nil, "date", let arguments)? = timeCondition.anchorNodes.last?.kind {
            isDay = arguments.count == 3
        }
        return timeCondition.range(anchors: anchors, now: now, calendar: calendar,
                                   endOfDayForLastAnchor: lastAnchorIsDay ?? isDay)
    }

    /// Whether a time (BIGINT ms) or a date (the start of its day in the workspace's zone) is in `range`.
    func within(_ sql: String, _ kind: Kind, _ range: PQLTimeRange) -> String {
        var bounds: [String] = []
        if kind == .timestamp {
            if range.lower != .min { bounds.append("\(sql) >= \(SparkSQLText.long(range.lower))") }
            if range.upper != .max { bounds.append("\(sql) < \(SparkSQLText.long(range.upper))") }
        } else {
            // A day is in the range when its start is: the first day starting at or after each bound.
            switch firstDay(startingAtOrAfter: range.lower) {
            case .none: bounds.append("FALSE")
            case .some(nil): break
            case .some(let day?): bounds.append("unix_date(\(sql)) >= \(day)")
            }
            switch firstDay(startingAtOrAfter: range.upper) {
            case .none: break
            case .some(nil): bounds.append("FALSE")
            case .some(let day?): bounds.append("unix_date(\(sql)) < \(day)")
            }
        }
        let inside = bounds.isEmpty ? "\(sql) IS NOT NULL" : bounds.joined(separator: " AND ")
        // A missing time is in no range and outside none.
        return SparkSQLText.definite(range.excluded ? "(\(sql) IS NOT NULL AND NOT (\(inside)))" : "(\(inside))")
    }

    /// The first day (days since 1970-01-01) whose start in the workspace's zone is at or after
    /// `moment`; `.some(nil)` when every day is (the moment is before any calendar), nil when none is.
    private func firstDay(startingAtOrAfter moment: Int64) -> Int64?? {
        guard PQLCalendar.isInCalendar(moment) else { return moment < 0 ? .some(nil) : nil }
        var day = ZoneOffsets.floorDiv(moment, ZoneOffsets.day) - 2
        while calendar.start(ofDate: day * ZoneOffsets.day) < moment { day += 1 }
        return .some(day)
    }
}

extension PQLBinaryOperator {
    /// The comparison with its sides swapped (`1 < x` is `x > 1`).
    var flipped: PQLBinaryOperator {
        switch self {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return self
        }
    }

    /// The Spark SQL comparison operator.
    var sparkSymbol: String { self == .notEqual ? "<>" : rawValue }
}
