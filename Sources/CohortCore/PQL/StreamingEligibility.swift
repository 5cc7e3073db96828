/// Whether a segment can be evaluated on every change (streaming) or only on schedule (batch),
/// following Adobe's streaming segmentation rules, with the reason.
///
/// Streaming: profile attributes only; events with no time window or a window of at most 24 hours
/// (alone, in a filter, an `exists`, or a `chain` whose steps stay within 24 hours), possibly with
/// profile attributes; `inSegment` of streaming segments. Batch: anything else — longer windows,
/// calendar periods (`last week`…), aggregates (`sum`, `average`, `min`, `max`), ranking events
/// (`topN`, `bottomN`), `forall`, and segments that depend on batch segments.
public struct StreamingEligibility: Equatable, Sendable {
    public var isStreaming: Bool
    public var reason: String

    public static let day: Int64 = 86_400_000

    /// `modes`: what is already known of the segments this one names through `inSegment`.
    public static func of(_ node: PQLNode, dependencies: PQLChecker.Result, modes: [String: StreamingEligibility]) -> StreamingEligibility {
        if let blocker = firstBatchConstruct(in: node) {
            return StreamingEligibility(isStreaming: false, reason: blocker)
        }
        for segment in dependencies.segments.keys.sorted() where modes[segment]?.isStreaming == false {
            return StreamingEligibility(isStreaming: false, reason: "it depends on the batch segment \"\(segment)\"")
        }
        if !dependencies.readsEvents {
            return StreamingEligibility(isStreaming: true, reason: "it reads profile attributes only")
        }
        return StreamingEligibility(isStreaming: true, reason: "its events have no time window or one of at most 24 hours")
    }

    private static func firstBatchConstruct(in node: PQLNode) -> String? {
        switch node.kind {
        case .call(let receiver, let name, let arguments):
            if PQLRegistry.aggregates.contains(name) { return "it aggregates events with \(name)()" }
            if ["topN", "bottomN"].contains(name), let receiver, readsEvents(receiver) { return "it ranks events with \(name)(), which needs every event" }
            if PQLRegistry.dayFunctions.contains(name) { return "it reads the calendar with \(name)" }
            return ([receiver].compactMap { $0 } + arguments).lazy.compactMap(firstBatchConstruct).first
        case .occurs(let subject, let condition):
            return window(condition) ?? firstBatchConstruct(in: subject)
        case .quantified(let quantifier, _, let source, let condition):
            if quantifier == .forall { return "forall needs every event, so it waits for the batch" }
            return firstBatchConstruct(in: source) ?? firstBatchConstruct(in: condition)
        case .chain(_, _, let steps):
            for step in steps {
                if let when = step.when, let blocker = window(when) { return blocker }
                if let blocker = [step.what, step.whereCondition].compactMap({ $0 }).lazy.compactMap(firstBatchConstruct).first { return blocker }
            }
            return nil
        case .binary(_, let left, let right): return firstBatchConstruct(in: left) ?? firstBatchConstruct(in: right)
        case .not(let operand), .negate(let operand): return firstBatchConstruct(in: operand)
        case .filter(let base, let condition): return firstBatchConstruct(in: base) ?? firstBatchConstruct(in: condition)
        case .member(let base, _): return firstBatchConstruct(in: base)
        case .list(let items): return items.lazy.compactMap(firstBatchConstruct).first
        case .today: return "it uses today, which changes at midnight"
        default: return nil
        }
    }

    /// Whether an expression reaches the profile's events (`xEvent`, filtered or not).
    private static func readsEvents(_ node: PQLNode) -> Bool {
        switch node.kind {
        case .path(let components): return components.first == "xEvent"
        case .filter(let base, _), .member(let base, _): return readsEvents(base)
        case .call(let receiver?, _, _): return readsEvents(receiver)
        default: return false
        }
    }

    /// A time condition that needs batch evaluation, described; nil for windows of at most 24 hours.
    private static func window(_ condition: PQLTimeCondition) -> String? {
        switch condition {
        case .relative(_, let amount, let unit, _, _):
            let hours: Double
            let count = Double(amount.kind.numberText ?? "") ?? .infinity
            switch unit {
            case .millisecond: hours = count / 3_600_000
            case .second: hours = count / 3600
            case .minute: hours = count / 60
            case .hour: hours = count
            case .day: hours = count * 24
            case .week: hours = count * 168
            case .month: hours = count * 24 * 28
            case .year: hours = count * 24 * 365
            }
            return hours <= 24 ? nil : "it has a time window longer than 24 hours"
        case .calendar(_, let unit): return "it uses a calendar period (\(unit.rawValue))"
        case .periods(let from, _): return "it uses a calendar period (\(from.unit.rawValue))"
        case .beforeOrAfter, .between, .on: return "it compares with fixed dates, which the batch evaluation handles"
        }
    }
}

extension PQLNode.Kind {
    /// The literal text of a number node.
    var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }
}
