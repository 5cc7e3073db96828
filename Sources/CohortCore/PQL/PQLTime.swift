import Foundation
import Synchronization

/// Calendar arithmetic for PQL in the workspace's time zone: `today`, `date(…)`, units, periods.
struct PQLCalendar {
    let calendar: Calendar
    private let offsets: ZoneOffsets

    init(timeZone: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        calendar.firstWeekday = 1
        self.calendar = calendar
        offsets = ZoneOffsets(zone: calendar.timeZone)
    }

    /// Whether a moment is one a calendar can name (within about 285,000 years of 1970); moments
    /// beyond are the ends of time, where calendar steps and starts leave them as they are.
    static func isInCalendar(_ milliseconds: Int64) -> Bool {
        milliseconds > -(1 << 53) && milliseconds < 1 << 53
    }

    func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
    func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The start of the day (or other unit) holding `milliseconds`.
    func start(of unit: PQLTimeUnit, containing milliseconds: Int64) -> Int64 {
        if unit == .millisecond || !Self.isInCalendar(milliseconds) { return milliseconds }
        if unit != .month, unit != .year, let offset = offsets.steadyOffset(around: milliseconds) {
            // Local time is UTC plus one offset here: cut it at the unit (weeks start on Sunday;
            // 1 January 1970 was a Thursday, four days after one).
            let local = milliseconds + offset
            let length: Int64 = switch unit {
            case .second: 1_000
            case .minute: 60_000
            case .hour: 3_600_000
            default: ZoneOffsets.day
            }
            var start = ZoneOffsets.floorDiv(local, length) * length
            if unit == .week { start -= ((ZoneOffsets.floorDiv(local, ZoneOffsets.day) + 4) % 7 + 7) % 7 * ZoneOffsets.day }
            if let moment = offsets.moment(atLocal: start, near: start - offset, from: offset) { return moment }
        }
        let component: Calendar.Component
        switch unit {
        case .millisecond, .second: component = .second
        case .minute: component = .minute
        case .hour: component = .hour
        case .day: component = .day
        case .week: component = .weekOfYear
        case .month: component = .month
        case .year: component = .year
        }
        guard let interval = calendar.dateInterval(of: component, for: date(milliseconds)) else { return milliseconds }
        return self.milliseconds(interval.start)
    }

    /// When the calendar date that starts at `utcMidnight` (UTC) starts in the workspace's time zone.
    func start(ofDate utcMidnight: Int64) -> Int64 {
        guard Self.isInCalendar(utcMidnight) else { return utcMidnight }
        if let offset = offsets.steadyOffset(around: utcMidnight),
           let moment = offsets.moment(atLocal: utcMidnight, near: utcMidnight - offset, from: offset) {
            return moment
        }
        // Near an offset change Foundation's calendar knows, also where the change skips midnight.
        let date = Timestamp.civil(fromDays: ZoneOffsets.floorDiv(utcMidnight, ZoneOffsets.day))
        return make([date.year, date.month, date.day]) ?? utcMidnight
    }

    /// `milliseconds` moved by `amount` units (calendar-aware for days, weeks, months and years).
    func add(_ amount: Int, _ unit: PQLTimeUnit, to milliseconds: Int64) -> Int64 {
        // Calendar steps past any calendar (tens of thousands of years): the end of time that way.
        if unit >= .day, abs(amount) > 10_000_000 { return amount < 0 ? .min : .max }
        if unit >= .day, !Self.isInCalendar(milliseconds) { return milliseconds }
        switch unit {
        case .millisecond: return milliseconds.moved(by: Int64(amount), times: 1)
        case .second: return milliseconds.moved(by: Int64(amount), times: 1000)
        case .minute: return milliseconds.moved(by: Int64(amount), times: 60_000)
        case .hour: return milliseconds.moved(by: Int64(amount), times: 3_600_000)
        case .day, .week:
            // The same local time that many days on, where offsets hold at both ends.
            let days = Int64(amount) * (unit == .day ? 1 : 7) * ZoneOffsets.day
            if let offset = offsets.steadyOffset(around: milliseconds),
               let moved = offsets.moment(atLocal: milliseconds + offset + days, near: milliseconds + days, from: offset) {
                return moved
            }
            fallthrough
        case .month, .year:
            let component: Calendar.Component = unit == .day ? .day : unit == .week ? .weekOfYear : unit == .month ? .month : .year
            guard let moved = calendar.date(byAdding: component, value: amount, to: date(milliseconds)) else { return milliseconds }
            return self.milliseconds(moved)
        }
    }

    /// `date(year, month, day[, hour, minute, second])` in the workspace's time zone. A date whose
    /// midnight a daylight-saving change skips starts when the day does (Chile's clocks go from
    /// 00:00 to 01:00); a local time in such a gap is the time after it.
    func make(_ parts: [Int]) -> Int64? {
        guard parts.allSatisfy({ abs($0) <= 1_000_000 }) else { return nil }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts.count > 1 ? parts[1] : 1
        components.day = parts.count > 2 ? parts[2] : 1
        components.hour = parts.count > 3 ? parts[3] : 0
        components.minute = parts.count > 4 ? parts[4] : 0
        components.second = parts.count > 5 ? parts[5] : 0
        // Valid on the calendar, where no zone's daylight-saving gap can make a date or time invalid.
        guard components.isValidDate(in: Self.utcCalendar), let date = calendar.date(from: components) else {
            return nil
        }
        return milliseconds(date)
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    /// The start and (exclusive) end of a calendar period around `now`.
    func period(_ period: PQLCalendarPeriod, now: Int64) -> (start: Int64, end: Int64) {
        let start = add(period.offset, period.unit, to: start(of: period.unit, containing: now))
        return (start, add(1, period.unit, to: start))
    }

    func component(_ component: Calendar.Component, of milliseconds: Int64) -> Int {
        calendar.component(component, from: date(milliseconds))
    }
}

extension PQLTimeCondition {
    /// Whether `time` satisfies the condition; anchors are already evaluated to times.
    func holds(for time: Int64, anchors: [Int64], now: Int64, calendar: PQLCalendar, endOfDayForLastAnchor: Bool) -> Bool {
        range(anchors: anchors, now: now, calendar: calendar, endOfDayForLastAnchor: endOfDayForLastAnchor).contains(time)
    }

    /// The times the condition accepts for these anchors and this now: the calendar work is done
    /// here once, and each event's time is then two comparisons.
    func range(anchors: [Int64], now: Int64, calendar: PQLCalendar, endOfDayForLastAnchor: Bool) -> PQLTimeRange {
        switch self {
        case .relative(let comparison, _, let unit, let after, _):
            // anchors: [amount, anchor]. "<= 7 days before now" is the window from 7 days ago to now.
            let amount = Int(anchors[0])
            let anchor = anchors[1]
            let boundary = calendar.add(after ? amount : -amount, unit, to: anchor)
            let lower = min(anchor, boundary)
            let upper = max(anchor, boundary)
            switch comparison {
            case .lessOrEqual: return PQLTimeRange(lower, upper.successor)
            case .less: return after ? PQLTimeRange(lower, upper) : PQLTimeRange(lower.successor, upper.successor)
            case .greaterOrEqual: return after ? PQLTimeRange(upper, .max) : PQLTimeRange(.min, lower.successor)
            case .greater: return after ? PQLTimeRange(upper.successor, .max) : PQLTimeRange(.min, lower)
            default:
                // "= 3 hours before now": during the third hour before now.
                let end = calendar.add(after ? amount + 1 : -(amount - 1), unit, to: anchor)
                return PQLTimeRange(boundary, end, excluded: comparison == .notEqual)
            }
        case .beforeOrAfter(let after, _):
            return after ? PQLTimeRange(anchors[0].successor, .max) : PQLTimeRange(.min, anchors[0])
        case .between:
            let end = endOfDayForLastAnchor ? calendar.add(1, .day, to: anchors[1]).predecessor : anchors[1]
            return PQLTimeRange(anchors[0], end.successor)
        case .on:
            let day = calendar.start(of: .day, containing: anchors[0])
            return PQLTimeRange(day, calendar.add(1, .day, to: day))
        case .calendar(let offset, let unit):
            let period = calendar.period(PQLCalendarPeriod(offset: offset, unit: unit), now: now)
            return PQLTimeRange(period.start, period.end)
        case .periods(let from, let to):
            let first = calendar.period(from, now: now)
            let last = calendar.period(to, now: now)
            return PQLTimeRange(min(first.start, last.start), max(first.end, last.end))
        }
    }

    /// The expressions whose values the condition needs, in the order `holds` reads them.
    var anchorNodes: [PQLNode] {
        switch self {
        case .relative(_, let amount, _, _, let anchor): return [amount, anchor]
        case .beforeOrAfter(_, let anchor), .on(let anchor): return [anchor]
        case .between(let from, let to): return [from, to]
        case .calendar, .periods: return []
        }
    }
}

/// The times a time condition accepts: from `lower` up to but not including `upper`, or with
/// `excluded` every time outside that.
struct PQLTimeRange: Equatable, Sendable {
    var lower: Int64
    var upper: Int64
    var excluded = false

    init(_ lower: Int64, _ upper: Int64, excluded: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.excluded = excluded
    }

    func contains(_ time: Int64) -> Bool {
        (time >= lower && time < upper) != excluded
    }
}

/// The last range a time condition worked out, for the next profile evaluated at the same now
/// with the same anchors (most profiles): calendar arithmetic is then done once per build, not
/// once per profile.
final class PQLTimeRangeCache: Sendable {
    private struct Entry {
        var anchors: [Int64]
        var now: Int64
        var zone: TimeZone
        var range: PQLTimeRange
    }

    private let last = Mutex<Entry?>(nil)

    func range(anchors: [Int64], now: Int64, calendar: PQLCalendar, compute: () -> PQLTimeRange) -> PQLTimeRange {
        let zone = calendar.calendar.timeZone
        if let entry = last.withLock({ $0 }), entry.now == now, entry.anchors == anchors, entry.zone == zone { return entry.range }
        let range = compute()
        last.withLock { $0 = Entry(anchors: anchors, now: now, zone: zone, range: range) }
        return range
    }
}

extension Int64 {
    /// `self + amount × length`, held at Int64's ends instead of overflowing.
    func moved(by amount: Int64, times length: Int64) -> Int64 {
        let (step, overflowed) = amount.multipliedReportingOverflow(by: length)
        if overflowed { return (amount < 0) != (length < 0) ? .min : .max }
        let (sum, beyond) = addingReportingOverflow(step)
        return beyond ? (step < 0 ? .min : .max) : sum
    }

    /// The next moment, or the last one at the end of time.
    var successor: Int64 { self == .max ? .max : self + 1 }
    /// The moment before, or the first one at the start of time.
    var predecessor: Int64 { self == .min ? .min : self - 1 }
}

extension Double {
    /// The number as a whole Int64 when it is finite and exact as a double (within ±2^53), else nil:
    /// what time arithmetic takes from an expression without risking an overflow.
    var wholeNumber: Int64? {
        guard isFinite, abs(self) <= 9_007_199_254_740_992 else { return nil }
        return Int64(self.rounded(.towardZero))
    }
}
