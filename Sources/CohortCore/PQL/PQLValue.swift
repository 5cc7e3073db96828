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
    case object([String: Value])
    case events([StoredRecord])

    /// A stored attribute as an evaluation value; RFC 3339 strings stay strings until compared with a time.
    public init(_ value: Value?) {
        switch value {
        case nil, .null?: self = .missing
        case .bool(let flag)?: self = .bool(flag)
        case .integer(let number)?: self = .number(Double(number))
        case .number(let number)?: self = .number(number)
        case .string(let text)?: self = .string(text)
        case .array(let items)?: self = .list(items.map { PQLValue($0) })
        case .object(let members)?: self = .object(members)
        }
    }

    /// The value as a time, when it is one or a date/date-time string.
    var asTime: Int64? {
        switch self {
        case .time(let milliseconds): return milliseconds
        case .string(let text): return Timestamp.milliseconds(from: text)
        default: return nil
        }
    }
}

/// What an expression is evaluated against: one profile, its events, the clock and other memberships.
public struct PQLContext: Sendable {
    public var attributes: [String: Value]
    public var events: [StoredRecord]
    /// "now", in milliseconds since 1970.
    public var now: Int64
    /// Calendar arithmetic in the workspace's time zone, built once per context (reuse a context
    /// across profiles by replacing its attributes and events).
    let calendar: PQLCalendar
    /// Whether the profile is in another segment (for `inSegment`).
    public var memberships: Set<String>

    /// The object paths resolve against inside a filter (an event's or an array item's fields).
    var scope: [String: Value]?
    var variables: [String: [String: Value]] = [:]

    public init(attributes: [String: Value], events: [StoredRecord], now: Int64, timeZone: String = "UTC", memberships: Set<String> = []) {
        self.attributes = attributes
        self.events = events
        self.now = now
        self.calendar = PQLCalendar(timeZone: timeZone)
        self.memberships = memberships
    }
}
