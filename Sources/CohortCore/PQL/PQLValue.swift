/// A value during evaluation. `missing` is an absent attribute: comparisons and functions on it are
/// false (SPEC §2.6), and `notIn` is false too.
public indirect enum PQLValue: Equatable, Sendable {
    case missing
    case bool(Bool)
    case number(Double)
    case string(String)
    /// Milliseconds since 1970 (UTC).
    case time(Int64)
    case list([PQLValue])
    case object(PackedValue)
    /// Events, as their attributes.
    case events([PackedValue])
    /// Keys to values (`groupBy`, `mapEntry`), in the order of the keys' text.
    case map([PQLMapEntry])

    /// What a filter, quantifier or array function ranges over: events, or the objects of a list
    /// (other items are left out); nil for anything else.
    var scopes: (items: [PackedValue], areEvents: Bool)? {
        switch self {
        case .events(let events): return (events, true)
        case .list(let values): return (values.compactMap { if case .object(let object) = $0 { return object } else { return nil } }, false)
        default: return nil
        }
    }

    /// Some of the `scopes` of a value, as the same kind of value (events, or a list of objects).
    static func scopes(_ items: [PackedValue], areEvents: Bool) -> PQLValue {
        areEvents ? .events(items) : .list(items.map(PQLValue.object))
    }

    /// A stored attribute as an evaluation value; RFC 3339 strings stay strings until compared with a time.
    public init(_ value: PackedValue?) {
        guard let value else {
            self = .missing
            return
        }
        switch value.tag {
        case .null: self = .missing
        case .falseValue: self = .bool(false)
        case .trueValue: self = .bool(true)
        case .integer, .number: self = .number(value.numberValue ?? 0)
        case .string: self = .string(value.stringValue ?? "")
        case .array: self = .list(value.elements.map { PQLValue($0) })
        case .object: self = .object(value)
        }
    }

    /// The value as a time, when it is one or a date-time string. A date string (`format: date`,
    /// `YYYY-MM-DD`) is a calendar date, not an instant: it is the start of that day in the
    /// workspace's time zone, where `date(…)`, `today` and `getDayOfMonth()` are worked out too, so
    /// no time zone shifts it.
    func time(in calendar: PQLCalendar) -> Int64? {
        switch self {
        case .time(let milliseconds): return milliseconds
        case .string(let text):
            guard let milliseconds = Timestamp.milliseconds(from: text) else { return nil }
            return text.utf8.count == Self.dateLength ? calendar.start(ofDate: milliseconds) : milliseconds
        default: return nil
        }
    }

    /// The length of `YYYY-MM-DD`; a date-time is longer.
    private static let dateLength = 10
}

/// What an expression is evaluated against: one profile, its events, the clock and other memberships.
public struct PQLContext: Sendable {
    /// The profile's attributes (an object).
    public var attributes: PackedValue
    /// The profile's events' attributes: evaluation reads nothing else of an event, and a packed
    /// value is one reference to copy where a record is several.
    public var events: [PackedValue]
    /// "now", in milliseconds since 1970.
    public var now: Int64
    /// Calendar arithmetic in the workspace's time zone, built once per context (reuse a context
    /// across profiles by replacing its attributes and events).
    let calendar: PQLCalendar
    /// Whether the profile is in another segment (for `inSegment`).
    public var memberships: Set<String>
    /// The profile's identities, which `identityMap` reads (by namespace, each `{"id": …}`).
    public var identities: [Identity] = []

    /// The values of the enclosing lambdas' parameters (`(K, G) => …`), innermost last.
    var lambdaValues: [PQLValue] = []

    /// The object paths resolve against inside a filter (an event's or an array item's fields).
    var scope: PackedValue?
    /// The items bound by enclosing `exists`/`forall` variables, innermost last (compiled paths
    /// know their variable's position).
    var variables: [PackedValue] = []
    /// The scopes around `scope`, outermost first (nil: the profile), for `^` references.
    var outerScopes: [PackedValue?] = []

    /// A copy for evaluating the items of a filter, `where` or array function one level in: the
    /// current scope becomes the one around them, kept only when what is evaluated reads it with `^`
    /// (`keepingScope`), so that other filters cost no allocation per profile.
    func descending(keepingScope: Bool) -> PQLContext {
        guard keepingScope else { return self }
        var inner = self
        inner.outerScopes.append(scope)
        return inner
    }

    public init(attributes: PackedValue, events: [StoredRecord], now: Int64, timeZone: String = "UTC", memberships: Set<String> = []) {
        self.attributes = attributes
        self.events = events.map(\.packedAttributes)
        self.now = now
        self.calendar = PQLCalendar(timeZone: timeZone)
        self.memberships = memberships
    }

    /// A context for attributes given as a tree (tests, `query` over hand-built values).
    public init(attributes: [String: Value], events: [StoredRecord], now: Int64, timeZone: String = "UTC", memberships: Set<String> = []) {
        self.init(attributes: PackedValue(.object(attributes)), events: events, now: now, timeZone: timeZone, memberships: memberships)
    }
}

/// One key and its value in a PQL map.
public struct PQLMapEntry: Equatable, Sendable {
    public var key: PQLValue
    public var value: PQLValue

    /// Entries with one entry per key (the last given wins), in the order of the keys' text.
    static func map(_ entries: [PQLMapEntry]) -> PQLValue {
        var byKey: [String: PQLMapEntry] = [:]
        for entry in entries { byKey[PQLExplainer.describe(entry.key)] = entry }
        return .map(byKey.sorted { $0.key < $1.key }.map(\.value))
    }
}
