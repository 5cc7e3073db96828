import Foundation

/// How a PQL value expression is spread over profiles, the way AEP previews a computed attribute:
/// how many profiles have a value, and for numbers their minimum, maximum and mean, for other values
/// each distinct value with how many profiles have it (a list counts once per distinct item).
public struct ValueDistribution: Equatable, Sendable {
    /// A distinct value, as `PQLExplainer.describe` writes it, and how many profiles have it.
    public struct Entry: Equatable, Sendable {
        public var value: PQLValue
        public var text: String
        public var count: Int
    }

    /// Profiles looked at, and how many of them had a value.
    public private(set) var profiles = 0
    public private(set) var withValue = 0
    /// The numbers seen (one per profile, or per list item), their sum, smallest and largest.
    public private(set) var numbers = 0
    public private(set) var minimum: Double?
    public private(set) var maximum: Double?
    private var sum = 0.0
    private var counts: [String: Entry] = [:]

    public init() {}

    /// Whether a query is a value to spread rather than a condition to count: anything but a
    /// boolean, a filter or a `select` (`xEvent[…]`: has such events), bare fields included.
    public static func isValue(_ node: PQLNode, of type: PQLType) -> Bool {
        switch node.kind {
        case .filter, .quantified: return false
        default: return type != .boolean && type != .unknown
        }
    }

    /// Adds one profile's value.
    public mutating func add(_ value: PQLValue) {
        profiles += 1
        let items: [PQLValue]
        switch value {
        case .missing: return
        case .map(let entries) where entries.isEmpty: return
        case .list(let list):
            items = list.filter { $0 != .missing }
            if items.isEmpty { return }
        case .events(let events):
            items = [.number(Double(events.count))]
        default: items = [value]
        }
        withValue += 1
        var seen = Set<String>()
        for item in items {
            if case .number(let number) = item {
                numbers += 1
                sum += number
                minimum = Swift.min(minimum ?? number, number)
                maximum = Swift.max(maximum ?? number, number)
            }
            let text = PQLExplainer.describe(item)
            if seen.insert(text).inserted { counts[text, default: Entry(value: item, text: text, count: 0)].count += 1 }
        }
    }

    /// The mean of the numbers seen, if any.
    public var mean: Double? { numbers == 0 ? nil : sum / Double(numbers) }

    /// The most common values first (then in text order), at most `limit`.
    public func topValues(_ limit: Int) -> [Entry] {
        counts.values.sorted { ($1.count, $0.text) < ($0.count, $1.text) }.prefix(limit).map { $0 }
    }

    /// How many distinct values were seen.
    public var distinctValues: Int { counts.count }

    /// The report `cohort query` prints: who has a value, the numbers' range and mean, the most common values.
    public func lines(expression: String, limit: Int) -> [String] {
        var lines = ["\(expression): \(withValue) of \(profiles) profiles have a value"]
        if let minimum, let maximum, let mean {
            lines.append("  numbers: \(numbers), min \(JSONWriter.formatted(minimum)), max \(JSONWriter.formatted(maximum)), "
                         + "mean \(JSONWriter.formatted((mean * 1000).rounded() / 1000))")
        }
        let top = topValues(limit)
        guard !top.isEmpty else { return lines }
        let more = distinctValues - top.count
        lines.append("  \(distinctValues) distinct value\(distinctValues == 1 ? "" : "s")" + (more > 0 ? ", the \(top.count) most common:" : ":"))
        let width = top.map(\.text.count).max() ?? 0
        for entry in top { lines.append("    " + entry.text.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(entry.count)") }
        return lines
    }

    /// A value as JSON: strings, numbers and booleans as themselves, dates as RFC 3339, others as described.
    private static func json(_ entry: Entry) -> Value {
        switch entry.value {
        case .string(let text): return .string(text)
        case .number(let number): return .number(number)
        case .bool(let flag): return .bool(flag)
        case .time(let milliseconds): return .string(Timestamp.rfc3339(milliseconds))
        default: return .string(entry.text)
        }
    }

    /// The report as JSON: `{"profiles","withValue","distinctValues","values":[{"value","count"}],"numbers":{…}}`.
    public func json(limit: Int) -> Value {
        var object: [String: Value] = [
            "profiles": .integer(Int64(profiles)),
            "withValue": .integer(Int64(withValue)),
            "distinctValues": .integer(Int64(distinctValues)),
            "values": .array(topValues(limit).map { .object(["value": Self.json($0), "count": .integer(Int64($0.count))]) }),
        ]
        if let minimum, let maximum, let mean {
            object["numbers"] = .object(["count": .integer(Int64(numbers)), "min": .number(minimum), "max": .number(maximum), "mean": .number(mean)])
        }
        return .object(object)
    }
}
