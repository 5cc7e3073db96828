/// A node of a parsed PQL expression with the UTF-8 range of the text it came from.
public struct PQLNode: Equatable, Sendable {
    public indirect enum Kind: Equatable, Sendable {
        case string(String)
        /// The number as written.
        case number(String)
        case boolean(Bool)
        case null
        case list([PQLNode])
        case now
        case today
        /// A dotted path: profile attributes, `xEvent`, or a quantifier's variable and its fields.
        case path([String])
        /// `receiver.name(arguments)` or, without a receiver, `name(arguments)`.
        case call(receiver: PQLNode?, name: String, arguments: [PQLNode])
        /// `base[condition]`: events or array items that satisfy the condition.
        case filter(base: PQLNode, condition: PQLNode)
        /// A field of a value that is not a plain path, e.g. `if(…).name`.
        case member(base: PQLNode, name: String)
        case not(PQLNode)
        case negate(PQLNode)
        case binary(PQLBinaryOperator, PQLNode, PQLNode)
        /// `timestamp occurs …`.
        case occurs(PQLNode, PQLTimeCondition)
        /// `exists X from xEvent where …`, `forall …`, `select …`.
        case quantified(PQLQuantifier, variable: String, source: PQLNode, condition: PQLNode)
        /// `chain(xEvent, timestamp, [A: WHAT(…) WHEN(…) …, …])`.
        case chain(source: PQLNode, timestamp: [String], steps: [PQLChainStep])
        /// `(K, G) => body`: the function a map's `map(…)` applies to each key and value.
        case lambda(parameters: [String], body: PQLNode)
    }

    public let kind: Kind
    public var start: Int
    public var end: Int
    /// How many nodes deep the tree under this node is, this one included (1 for a leaf); the parser
    /// keeps it within `NestingLimit.expression`, so every walk over the tree stays within the stack.
    public let height: Int

    public init(_ kind: Kind, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
        height = 1 + Self.children(of: kind).reduce(0) { max($0, $1.height) }
    }

    /// Whether a `^` reference (a field of a scope around a filter) is anywhere under this node: only
    /// then does evaluating it need the scopes around the current one.
    var readsAroundScope: Bool {
        if case .path(let components) = kind, components.first?.first == "^" { return true }
        return Self.children(of: kind).contains { $0.readsAroundScope }
    }

    /// How many nodes the tree under this node holds, this one included, counted no further than `limit`.
    func size(upTo limit: Int) -> Int {
        var count = 1
        for child in Self.children(of: kind) where count <= limit { count += child.size(upTo: limit - count) }
        return count
    }

    /// The nodes directly under a node of this kind, those of time conditions and chain steps included.
    private static func children(of kind: Kind) -> [PQLNode] {
        switch kind {
        case .string, .number, .boolean, .null, .now, .today, .path: return []
        case .list(let items): return items
        case .call(let receiver, _, let arguments): return (receiver.map { [$0] } ?? []) + arguments
        case .filter(let base, let condition): return [base, condition]
        case .member(let base, _), .not(let base), .negate(let base): return [base]
        case .binary(_, let left, let right): return [left, right]
        case .occurs(let subject, let condition): return [subject] + condition.nodes
        case .quantified(_, _, let source, let condition): return [source, condition]
        case .lambda(_, let body): return [body]
        case .chain(let source, _, let steps):
            return [source] + steps.flatMap { step in
                [step.what, step.whereCondition, step.count].compactMap { $0 } + (step.when?.nodes ?? [])
            }
        }
    }
}

public enum PQLBinaryOperator: String, CaseIterable, Sendable {
    case or, and
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in`, notIn
    case plus = "+", minus = "-", times = "*", divide = "/", remainder = "%"
}

public enum PQLQuantifier: String, Sendable {
    case exists, forall, select
}

/// Calendar and duration units, singular or plural in the text.
public enum PQLTimeUnit: String, CaseIterable, Comparable, Sendable {
    case millisecond, second, minute, hour, day, week, month, year

    /// Shorter units first.
    public static func < (lhs: PQLTimeUnit, rhs: PQLTimeUnit) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// A unit's name, singular or plural, in any case (`days`, `DAY`).
    init?(word: String) {
        let word = word.lowercased()
        let singular = word.hasSuffix("s") ? String(word.dropLast()) : word
        self.init(rawValue: singular)
    }
}

/// What follows `occurs`.
public indirect enum PQLTimeCondition: Equatable, Sendable {
    /// `occurs <= 7 days before now`; `comparison` is `=` when the text has none.
    case relative(comparison: PQLBinaryOperator, amount: PQLNode, unit: PQLTimeUnit, after: Bool, anchor: PQLNode)
    /// `occurs before today`, `occurs after date(2025, 1, 1)`.
    case beforeOrAfter(after: Bool, anchor: PQLNode)
    /// `occurs between date(…) and date(…)`.
    case between(PQLNode, PQLNode)
    /// `occurs on date(…)`: the same calendar day.
    case on(PQLNode)
    /// `occurs last week`, `this month`, `next year`: a calendar period around now.
    case calendar(offset: Int, unit: PQLTimeUnit)
    /// `occurs between last month and last week`: from the start of one period to the end of the other.
    case periods(from: PQLCalendarPeriod, to: PQLCalendarPeriod)

    /// The expressions the condition holds.
    var nodes: [PQLNode] {
        switch self {
        case .relative(_, let amount, _, _, let anchor): return [amount, anchor]
        case .beforeOrAfter(_, let anchor), .on(let anchor): return [anchor]
        case .between(let from, let to): return [from, to]
        case .calendar, .periods: return []
        }
    }
}

/// A calendar period relative to now: `last week` is offset -1, unit week.
public struct PQLCalendarPeriod: Equatable, Sendable {
    public var offset: Int
    public var unit: PQLTimeUnit

    public init(offset: Int, unit: PQLTimeUnit) {
        self.offset = offset
        self.unit = unit
    }
}

/// One step of `chain(…)`: which event, when (relative to the previous step or now), where, how many.
public struct PQLChainStep: Equatable, Sendable {
    public var label: String?
    public var what: PQLNode?
    public var when: PQLTimeCondition?
    public var whereCondition: PQLNode?
    public var count: PQLNode?
    public var start: Int
}
