/// A recursive-descent parser for the PQL subset of SPEC §2.6. Errors say what was expected and
/// point at the offending token.
///
/// Precedence, lowest first: `or`, `and`, `not`, comparisons (`= != < <= > >= in notIn occurs`),
/// `+ -`, `* / %`, unary `-`, then postfix `.name`, `.name(…)` and `[condition]`.
///
/// Nesting is bounded by `NestingLimit.expression`, both in the parser's own recursion and in the
/// height of the tree it builds, so neither it nor any later walk of the tree can exhaust the stack.
public struct PQLParser {
    private let tokens: [PQLToken]
    private var position = 0
    /// How many nested constructs the parser is inside: expressions, `not`s, signs, quantifiers, chains.
    private var nesting = 0

    /// Parses a whole expression; anything left over is an error.
    public static func parse(_ text: String) -> Result<PQLNode, PQLError> {
        switch PQLLexer.tokens(text) {
        case .failure(let error): return .failure(error)
        case .success(let tokens):
            var parser = PQLParser(tokens: tokens)
            do throws(PQLError) {
                let lambda = parser.acceptProfileLambda()
                var node = try parser.expression()
                // The whole text, lambda and all, is the expression (what `explain` shows first).
                if lambda { node = PQLNode(node.kind, start: 0, end: node.end) }
                guard case .end = parser.current.kind else {
                    throw parser.error("expected `and`, `or` or the end of the expression, found \(parser.current.description)")
                }
                return .success(node)
            } catch {
                return .failure(error)
            }
        }
    }

    private init(tokens: [PQLToken]) {
        self.tokens = tokens
    }

    /// Names that stand for the profile itself: `$1` (the first parameter), and the variable of a
    /// lambda around the whole expression, `(Profile) => Profile.homeAddress.city = "Basel"`.
    private var profileNames: Set<String> = ["$1"]
    /// Names that stand for the item an aggregate's `over` ranges over (`sum X.price over X from …`).
    private var itemNames: Set<String> = []
    /// Names bound by `let NAME = value in …`, with their values.
    private var bindings: [String: PQLNode] = [:]
    /// Nodes the uses of `let` names have put in the tree, bounded so that nested `let`s cannot grow
    /// it without limit.
    private var expanded = 0
    static let expansionLimit = 10_000

    /// Takes `(Name) =>` at the start, if it is there.
    private mutating func acceptProfileLambda() -> Bool {
        guard case .symbol("(") = current.kind, case .identifier(let name) = token(after: 1).kind,
              token(after: 2).kind == .symbol(")"), token(after: 3).kind == .symbol("=>") else { return false }
        profileNames.insert(name)
        position += 4
        return true
    }

    private var current: PQLToken { tokens[min(position, tokens.count - 1)] }
    /// The token `offset` places after the current one (the end token past the last).
    private func token(after offset: Int) -> PQLToken { tokens[min(position + offset, tokens.count - 1)] }
    private var previousEnd: Int { position > 0 ? tokens[position - 1].end : 0 }

    // MARK: Levels

    private mutating func expression() throws(PQLError) -> PQLNode {
        try enter()
        defer { nesting -= 1 }
        var left = try conjunction()
        while true {
            let operatorStart = current.start
            guard accept(word: "or") || accept(symbol: "||") else { return left }
            let right = try conjunction()
            left = try node(.binary(.or, left, right), start: left.start, end: right.end, at: operatorStart)
        }
    }

    private mutating func conjunction() throws(PQLError) -> PQLNode {
        var left = try negation()
        while true {
            let operatorStart = current.start
            guard accept(word: "and") || accept(symbol: "&&") else { return left }
            let right = try negation()
            left = try node(.binary(.and, left, right), start: left.start, end: right.end, at: operatorStart)
        }
    }

    private mutating func negation() throws(PQLError) -> PQLNode {
        let start = current.start
        if accept(word: "not") || accept(symbol: "!") {
            try enter()
            defer { nesting -= 1 }
            let operand = try negation()
            return try node(.not(operand), start: start, end: operand.end)
        }
        return try comparison()
    }

    private mutating func comparison() throws(PQLError) -> PQLNode {
        let left = try additive()
        if case .symbol(let symbol) = current.kind, let op = Self.comparisons[symbol] {
            position += 1
            let right = try additive()
            return try node(.binary(op, left, right), start: left.start, end: right.end)
        }
        for (word, op) in [("in", PQLBinaryOperator.in), ("notIn", .notIn)] where accept(word: word) {
            let right = try additive()
            return try node(.binary(op, left, right), start: left.start, end: right.end)
        }
        for word in ["like", "matches"] where accept(word: word) {
            // The infix form of the older docs: `firstName like "John%"`.
            let pattern = try additive()
            return try node(.call(receiver: left, name: word, arguments: [pattern]),
                            start: left.start, end: pattern.end)
        }
        if accept(word: "occurs") {
            let condition = try timeCondition()
            return try node(.occurs(left, condition), start: left.start, end: previousEnd)
        }
        return left
    }

    private static let comparisons: [String: PQLBinaryOperator] = [
        "=": .equal, "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    private mutating func additive() throws(PQLError) -> PQLNode {
        var left = try multiplicative()
        while case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            let operatorStart = current.start
            position += 1
            let right = try multiplicative()
            left = try node(.binary(symbol == "+" ? .plus : .minus, left, right),
                            start: left.start, end: right.end, at: operatorStart)
        }
        return left
    }

    private mutating func multiplicative() throws(PQLError) -> PQLNode {
        var left = try unary()
        while case .symbol(let symbol) = current.kind, let op = ["*": PQLBinaryOperator.times, "/": .divide, "%": .remainder][symbol] {
            let operatorStart = current.start
            position += 1
            let right = try unary()
            left = try node(.binary(op, left, right), start: left.start, end: right.end, at: operatorStart)
        }
        return left
    }

    private mutating func unary() throws(PQLError) -> PQLNode {
        let start = current.start
        if accept(symbol: "-") {
            try enter()
            defer { nesting -= 1 }
            let operand = try unary()
            return try node(.negate(operand), start: start, end: operand.end)
        }
        return try postfix()
    }

    private mutating func postfix() throws(PQLError) -> PQLNode {
        var base = try primary()
        if case .path(var components) = base.kind {
            // `a.b.c` is one path: its names are gathered in one array, not copied once per name.
            while case .symbol(".") = current.kind, case .identifier(let name) = token(after: 1).kind,
                  token(after: 2).kind != .symbol("(") {
                components.append(name)
                position += 2
            }
            // `$1.homeAddress` and `Profile.homeAddress` are the profile's `homeAddress`; `X.price` in
            // `sum X.price over X from …` is the item's `price`.
            if components.count > 1, profileNames.contains(components[0]) || itemNames.contains(components[0]) {
                components.removeFirst()
            }
            if let bound = bindings[components[0]] {
                // A `let` name stands for its value (and `S.field` for the value's field).
                expanded += bound.size(upTo: Self.expansionLimit)
                if expanded > Self.expansionLimit {
                    throw PQLError(offset: base.start, message: "the `let` names here stand for more than \(Self.expansionLimit) parts of an expression in all; "
                        + "name smaller values, or use each name fewer times")
                }
                base = PQLNode(bound.kind, start: base.start, end: base.end)
                for name in components.dropFirst() {
                    base = try node(.member(base: base, name: name), start: base.start, end: previousEnd)
                }
            } else {
                base = PQLNode(.path(components), start: base.start, end: previousEnd)
            }
        }
        while true {
            let suffixStart = current.start
            if accept(symbol: ".") {
                let name = try identifier(what: "a field or function name after '.'")
                if accept(symbol: "(") {
                    let arguments = try argumentList()
                    base = try node(.call(receiver: base, name: name, arguments: arguments),
                                    start: base.start, end: previousEnd, at: suffixStart)
                } else {
                    base = try node(.member(base: base, name: name),
                                    start: base.start, end: previousEnd, at: suffixStart)
                }
            } else if case .symbol("[") = current.kind {
                position += 1
                let condition = try expression()
                try expect(symbol: "]", opened: suffixStart, what: "filter")
                base = try node(.filter(base: base, condition: condition),
                                start: base.start, end: previousEnd, at: suffixStart)
            } else {
                return base
            }
        }
    }

    private mutating func primary() throws(PQLError) -> PQLNode {
        let token = current
        switch token.kind {
        case .string(let text):
            position += 1
            return PQLNode(.string(text), start: token.start, end: token.end)
        case .number(let text):
            guard Double(text)?.isFinite == true else {
                throw PQLError(offset: token.start, message: "the number \(text) \(NumberRange.doubleOverflow)")
            }
            position += 1
            return PQLNode(.number(text), start: token.start, end: token.end)
        case .symbol("("):
            position += 1
            let inner = try expression()
            try expect(symbol: ")", opened: token.start, what: "parenthesis")
            return PQLNode(inner.kind, start: token.start, end: previousEnd)
        case .symbol("["):
            position += 1
            var elements: [PQLNode] = []
            if !accept(symbol: "]") {
                repeat { elements.append(try expression()) } while accept(symbol: ",")
                try expect(symbol: "]", opened: token.start, what: "list")
            }
            return try node(.list(elements), start: token.start, end: previousEnd)
        case .identifier(let name):
            return try identifierExpression(name, token: token)
        case .symbol("^"):
            // `^^.person.gender`: a field of a scope around this filter's (`^` one up, `^^` two).
            var carets = ""
            while accept(symbol: "^") { carets += "^" }
            guard case .symbol(".") = current.kind, case .identifier = self.token(after: 1).kind else {
                throw error("expected a field after `\(carets)`, as in `\(carets).person.gender`, found \(current.description)")
            }
            return PQLNode(.path([carets]), start: token.start, end: previousEnd)
        case .end:
            throw error("the expression ends too early; expected a value, a field or a function")
        case .symbol(let symbol):
            throw error("unexpected '\(symbol)'; expected a value, a field or a function")
        }
    }

    private mutating func identifierExpression(_ name: String, token: PQLToken) throws(PQLError) -> PQLNode {
        position += 1
        // Keywords are read in any case (`TRUE`, `Select`), as Adobe's PQL reads them.
        let keyword = name.lowercased()
        switch keyword {
        case "true", "false": return PQLNode(.boolean(keyword == "true"), start: token.start, end: token.end)
        case "null": return PQLNode(.null, start: token.start, end: token.end)
        case "now": return PQLNode(.now, start: token.start, end: token.end)
        case "today": return PQLNode(.today, start: token.start, end: token.end)
        case "yesterday", "tomorrow":
            return PQLNode(.call(receiver: nil, name: keyword, arguments: []), start: token.start, end: token.end)
        case "exists", "forall", "select":
            if case .identifier = current.kind { return try quantified(PQLQuantifier(rawValue: keyword) ?? .exists, start: token.start) }
        case "chain":
            if accept(symbol: "(") { return try chain(start: token.start) }
        case "let":
            if case .identifier = current.kind, self.token(after: 1).kind == .symbol("=") { return try letIn(start: token.start) }
        case "sum", "average", "min", "max":
            if case .identifier = current.kind, overFollows { return try aggregateOver(keyword, start: token.start) }
        case "and", "or", "in", "notin", "occurs", "where", "from":
            throw PQLError(offset: token.start, message: "`\(name)` cannot start a value; expected a value, a field or a function")
        default:
            break
        }
        if accept(symbol: "(") {
            let arguments = try argumentList()
            return try node(.call(receiver: nil, name: name, arguments: arguments),
                            start: token.start, end: previousEnd)
        }
        return PQLNode(.path([name]), start: token.start, end: token.end)
    }

    /// After `(`: comma-separated arguments and `)`.
    private mutating func argumentList() throws(PQLError) -> [PQLNode] {
        let open = previousEnd - 1
        var arguments: [PQLNode] = []
        if accept(symbol: ")") { return arguments }
        repeat {
            if let lambda = try lambda() {
                arguments.append(lambda)
            } else {
                arguments.append(try expression())
            }
        } while accept(symbol: ",")
        try expect(symbol: ")", opened: open, what: "argument list")
        return arguments
    }

    /// `(K, G) => body`, if that comes next (an argument of a map's `map(…)`).
    private mutating func lambda() throws(PQLError) -> PQLNode? {
        guard case .symbol("(") = current.kind else { return nil }
        var offset = 1
        var names: [String] = []
        while case .identifier(let name) = token(after: offset).kind {
            names.append(name)
            offset += 1
            guard token(after: offset).kind == .symbol(",") else { break }
            offset += 1
        }
        guard !names.isEmpty, token(after: offset).kind == .symbol(")"), token(after: offset + 1).kind == .symbol("=>") else { return nil }
        let start = current.start
        position += offset + 2
        try enter()
        defer { nesting -= 1 }
        let body = try expression()
        return try node(.lambda(parameters: names, body: body), start: start, end: body.end)
    }

    private mutating func quantified(_ quantifier: PQLQuantifier, start: Int) throws(PQLError) -> PQLNode {
        try enter()
        defer { nesting -= 1 }
        let variable = try identifier(what: "a variable name, as in `\(quantifier.rawValue) E from xEvent where …`")
        try expect(word: "from", context: "after `\(quantifier.rawValue) \(variable)`")
        let source = try postfix()
        var condition = PQLNode(.boolean(true), start: previousEnd, end: previousEnd)
        // `exists E from xEvent where …` or, as Adobe's reference also writes it, `… from xEvent : …`.
        if accept(word: "where") || accept(symbol: ":") { condition = try expression() }
        if accept(symbol: ",") {
            // `exists E from xEvent where …, I from E.productListItems where …`: the next variable ranges
            // over what the earlier ones reach, and both conditions must hold.
            let inner = try quantified(quantifier == .forall ? .forall : .exists, start: current.start)
            condition = try node(.binary(.and, condition, inner), start: condition.start, end: inner.end)
        }
        return try node(.quantified(quantifier, variable: variable, source: source, condition: condition),
                        start: start, end: condition.end)
    }

    // MARK: let and over

    /// After `let`: `NAME = value in body`; the body reads NAME as the value (Adobe's misc functions).
    private mutating func letIn(start: Int) throws(PQLError) -> PQLNode {
        try enter()
        defer { nesting -= 1 }
        let name = try identifier(what: "a name, as in `let S = (…) in (…)`")
        try expect(symbol: "=", context: "after `let \(name)`")
        // Above comparisons, so that `in` ends the value.
        let value = try additive()
        try expect(word: "in", context: "after the value of `let \(name)`")
        let saved = bindings[name]
        bindings[name] = value
        defer { bindings[name] = saved }
        let body = try expression()
        return PQLNode(body.kind, start: start, end: body.end)
    }

    /// Whether `X over` comes next (an aggregate over the items of an array: `sum X.f over X from …`).
    private var overFollows: Bool {
        var offset = 0
        while case .identifier = token(after: offset).kind, token(after: offset + 1).kind == .symbol(".") { offset += 2 }
        guard case .identifier = token(after: offset).kind, case .identifier(let word) = token(after: offset + 1).kind else { return false }
        return word.lowercased() == "over"
    }

    /// After `sum` (or `average`, `min`, `max`): `VALUE over X from SOURCE [where CONDITION]`, the
    /// aggregate of VALUE over the items of SOURCE that meet CONDITION, X naming the item.
    private mutating func aggregateOver(_ name: String, start: Int) throws(PQLError) -> PQLNode {
        try enter()
        defer { nesting -= 1 }
        // The value is read once the variable is known: skip to `over`, read the variable, come back.
        let valueStart = position
        while !(current.kind == .identifier("over") || current.kind == .identifier("OVER")), current.kind != .end { position += 1 }
        position += 1
        let variable = try identifier(what: "the variable after `over`, as in `sum X.price over X from xEvent`")
        let afterVariable = position
        let savedItems = itemNames
        itemNames.insert(variable)
        defer { itemNames = savedItems }
        position = valueStart
        let value = try postfix()
        guard position + 2 == afterVariable else { throw error("expected `over` after the value of `\(name)`, found \(current.description)") }
        position = afterVariable
        try expect(word: "from", context: "after `over \(variable)`")
        itemNames = savedItems
        let source = try postfix()
        itemNames.insert(variable)
        var items = source
        if accept(word: "where") || accept(symbol: ":") {
            let condition = try expression()
            items = try node(.filter(base: source, condition: condition), start: source.start, end: condition.end)
        }
        return try node(.call(receiver: items, name: name, arguments: [value]), start: start, end: previousEnd)
    }

    // MARK: Time

    /// `last week`, `this month`, `next year`, if that is what comes next.
    private mutating func calendarPeriod() throws(PQLError) -> PQLCalendarPeriod? {
        for (word, offset) in [("last", -1), ("this", 0), ("next", 1)] where accept(word: word) {
            return PQLCalendarPeriod(offset: offset, unit: try unit())
        }
        return nil
    }

    private mutating func timeCondition() throws(PQLError) -> PQLTimeCondition {
        if accept(word: "between") {
            if let from = try calendarPeriod() {
                try expect(word: "and", context: "in `occurs between … and …`")
                guard let to = try calendarPeriod() else {
                    throw error("expected a calendar period such as `last week` after `and`, found \(current.description)")
                }
                return .periods(from: from, to: to)
            }
            let from = try additive()
            try expect(word: "and", context: "in `occurs between … and …`")
            return .between(from, try additive())
        }
        if accept(word: "on") { return .on(try additive()) }
        if let period = try calendarPeriod() { return .calendar(offset: period.offset, unit: period.unit) }
        if accept(word: "before") { return .beforeOrAfter(after: false, anchor: try additive()) }
        if accept(word: "after") { return .beforeOrAfter(after: true, anchor: try additive()) }
        if startsBareAnchor {
            // `occurs date(2017, 10, 1)`, `occurs yesterday`, `WHEN(today)`: on that day.
            return .on(try additive())
        }
        var comparison = PQLBinaryOperator.equal
        if case .symbol(let symbol) = current.kind, let op = Self.comparisons[symbol] {
            position += 1
            comparison = op
        }
        let amount = try unary()
        let unit = try unit()
        let after: Bool
        if accept(word: "before") {
            after = false
        } else if accept(word: "after") {
            after = true
        } else {
            throw error("expected `before` or `after`, found \(current.description)")
        }
        return .relative(comparison: comparison, amount: amount, unit: unit, after: after, anchor: try additive())
    }

    /// Whether the time condition is a bare day: `now`, `today`, `yesterday`, `tomorrow`, `date(…)` or a field.
    private var startsBareAnchor: Bool {
        guard case .identifier(let word) = current.kind else { return false }
        return !["last", "this", "next"].contains(word.lowercased()) && PQLTimeUnit(word: word) == nil
    }

    private mutating func unit() throws(PQLError) -> PQLTimeUnit {
        if case .identifier(let word) = current.kind, let unit = PQLTimeUnit(word: word) {
            position += 1
            return unit
        }
        let units = PQLTimeUnit.allCases.map(\.rawValue)
        var hint = ""
        if case .identifier(let word) = current.kind { hint = Suggestion.hint(for: word, in: units) }
        throw error("expected a time unit (\(units.joined(separator: ", ")), singular or plural), found \(current.description)\(hint)")
    }

    // MARK: chain

    /// After `chain(`: the event source, the timestamp field and the bracketed steps.
    private mutating func chain(start: Int) throws(PQLError) -> PQLNode {
        try enter()
        defer { nesting -= 1 }
        let open = previousEnd - 1
        let source = try postfix()
        try expect(symbol: ",", context: "after the events of chain(…)")
        let timestampStart = current.start
        guard case .path(let timestamp) = try postfix().kind else {
            throw PQLError(offset: timestampStart, message: "expected the timestamp field of the events, e.g. `timestamp`")
        }
        try expect(symbol: ",", context: "after the timestamp field of chain(…)")
        let listOpen = current.start
        try expect(symbol: "[", context: "to start the steps of chain(…)")
        var steps: [PQLChainStep] = []
        repeat { steps.append(try chainStep()) } while accept(symbol: ",")
        try expect(symbol: "]", opened: listOpen, what: "list of chain steps")
        try expect(symbol: ")", opened: open, what: "chain(")
        return try node(.chain(source: source, timestamp: timestamp, steps: steps), start: start, end: previousEnd)
    }

    private mutating func chainStep() throws(PQLError) -> PQLChainStep {
        var step = PQLChainStep(label: nil, what: nil, when: nil, whereCondition: nil, count: nil, start: current.start)
        if case .identifier(let label) = current.kind, tokens[min(position + 1, tokens.count - 1)].kind == .symbol(":") {
            step.label = label
            position += 2
        }
        while case .identifier(let word) = current.kind, case let clause = word.uppercased(),
              ["WHAT", "WHEN", "WHERE", "COUNT"].contains(clause) {
            position += 1
            let open = current.start
            try expect(symbol: "(", context: "after \(clause)")
            switch clause {
            case "WHAT": step.what = try expression()
            case "WHEN": step.when = try timeCondition()
            case "WHERE": step.whereCondition = try expression()
            default: step.count = try expression()
            }
            try expect(symbol: ")", opened: open, what: clause)
        }
        if step.what == nil && step.when == nil && step.whereCondition == nil && step.count == nil {
            throw error("expected a chain step such as `A: WHAT(eventType = \"…\") WHEN(<= 7 days before now)`, found \(current.description)")
        }
        return step
    }

    // MARK: Nesting

    /// Goes one construct deeper; the caller steps back out with `defer { nesting -= 1 }`.
    private mutating func enter() throws(PQLError) {
        nesting += 1
        if nesting > NestingLimit.expression { throw tooDeep(at: current.start) }
    }

    /// A node with children, refused when its tree would be deeper than the limit; `offset` is where
    /// the error points: the operator that adds the level, else the node's start.
    private func node(_ kind: PQLNode.Kind, start: Int, end: Int, at offset: Int? = nil) throws(PQLError) -> PQLNode {
        let node = PQLNode(kind, start: start, end: end)
        if node.height > NestingLimit.expression { throw tooDeep(at: offset ?? start) }
        return node
    }

    private func tooDeep(at offset: Int) -> PQLError {
        PQLError(offset: offset, message: "the expression nests more than \(NestingLimit.expression) levels deep here "
            + "(brackets, `not`s, calls and chained operators each add one); write `x in [\"a\", \"b\", …]` "
            + "instead of a long chain of `or`, or split it into segments combined with inSegment(\"…\")")
    }

    // MARK: Tokens

    /// Takes the keyword `word` (in any case) if it comes next.
    private mutating func accept(word: String) -> Bool {
        guard case .identifier(let name) = current.kind, name.count == word.count, name.lowercased() == word.lowercased() else {
            return false
        }
        position += 1
        return true
    }

    private mutating func accept(symbol: String) -> Bool {
        guard case .symbol(symbol) = current.kind else { return false }
        position += 1
        return true
    }

    private mutating func identifier(what: String) throws(PQLError) -> String {
        guard case .identifier(let name) = current.kind else { throw error("expected \(what), found \(current.description)") }
        position += 1
        return name
    }

    private mutating func expect(word: String, context: String) throws(PQLError) {
        guard accept(word: word) else { throw error("expected `\(word)` \(context), found \(current.description)") }
    }

    private mutating func expect(symbol: String, context: String) throws(PQLError) {
        guard accept(symbol: symbol) else { throw error("expected '\(symbol)' \(context), found \(current.description)") }
    }

    private mutating func expect(symbol: String, opened: Int, what: String) throws(PQLError) {
        guard accept(symbol: symbol) else {
            var problem = error("expected '\(symbol)' to close the \(what), found \(current.description)")
            problem.opened = opened
            throw problem
        }
    }

    private func error(_ message: String) -> PQLError {
        PQLError(offset: current.start, message: message)
    }
}
