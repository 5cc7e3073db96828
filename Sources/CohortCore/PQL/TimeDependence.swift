/// When the passing of time alone could change a profile's segment memberships: the moments an
/// event or date leaves or enters a window such as `occurs <= 7 days before now`, and the starts of
/// calendar periods (`today`, `this month`, `currentYear()`). Watch mode re-evaluates a profile
/// at its next such moment, so that memberships are always what an evaluation now would give.
public struct TimeDependence: Sendable {
    /// A sliding window: `amount` units before or after now.
    struct Window: Hashable {
        var amount: Int
        var unit: PQLTimeUnit
    }

    private var windows = Set<Window>()
    /// Calendar units whose starts can change a result (`today` → day, `this month` → month).
    private var periods = Set<PQLTimeUnit>()
    /// Whether any segment compares with now at all; without it time changes nothing.
    public private(set) var dependsOnTime = false
    /// Profile paths read by time-dependent segments: date values there are moments too.
    private var profilePathIDs: [[UInt32]] = []
    private let calendar: PQLCalendar
    /// The first period start after a moment, worked out once for the many profiles a step asks
    /// about at that moment (`preparing(for:)`): it is the same for every profile.
    private var periodStart: (now: Int64, moment: Int64?)?

    /// What the time-dependent segments of the set read.
    public init(segments: SegmentSet, timeZone: String) {
        calendar = PQLCalendar(timeZone: timeZone)
        var profilePaths = Set<String>()
        for segment in segments.segments where segment.dependencies.usesTime {
            dependsOnTime = true
            profilePaths.formUnion(segment.dependencies.profilePaths)
            collect(segment.node)
        }
        profilePathIDs = profilePaths.sorted().map { FieldPath.components(of: $0).map(FieldNames.id(of:)) }
    }

    /// This set, with what every profile's `nextChange(after: now, …)` shares worked out once.
    public func preparing(for now: Int64) -> TimeDependence {
        var prepared = self
        prepared.periodStart = (now, firstPeriodStart(after: now))
        return prepared
    }

    /// The first start of a period (`today`: a day, `this month`: a month) after `now`.
    private func firstPeriodStart(after now: Int64) -> Int64? {
        periods.map { calendar.add(1, $0, to: calendar.start(of: $0, containing: now)) }.filter { $0 > now }.min()
    }

    /// The first moment after `now` at which the profile's memberships could change by time alone.
    public func nextChange(after now: Int64, attributes: PackedValue, events: [StoredRecord]) -> Int64? {
        guard dependsOnTime else { return nil }
        var best: Int64?
        func consider(_ moment: Int64) {
            if moment > now, best.map({ moment < $0 }) ?? true { best = moment }
        }
        if let start = periodStart?.now == now ? periodStart?.moment : firstPeriodStart(after: now) { consider(start) }
        var moments = events.map(\.timestamp)
        for path in profilePathIDs {
            if let moment = PQLProgram.lookup(path[...], in: attributes).time(in: calendar) {
                moments.append(moment)
            }
        }
        moments.sort()
        // A moment itself matters once it is reached (`occurs before now`, future events).
        if let next = firstIndex(in: moments, where: { $0.successor > now }) {
            consider(moments[next])
            consider(moments[next].successor)
        }
        // Where a moment leaves or enters a window: the edge moves with the moment, so the first
        // moment whose edge lies ahead gives the earliest edge.
        for window in windows {
            for amount in Set([window.amount - 1, window.amount, window.amount + 1]) {
                for signed in Set([amount, -amount]) {
                    let edge = { (moment: Int64) in self.calendar.add(signed, window.unit, to: moment) }
                    let index = firstIndex(in: moments, where: { edge($0).successor > now }) ?? moments.count
                    if index < moments.count {
                        let crossing = edge(moments[index])
                        consider(crossing)
                        consider(crossing.successor)
                        if window.unit >= .day { considerStepStarts(after: crossing) }
                    }
                    // Month ends and daylight-saving days make calendar steps jump at day and hour
                    // starts, which can lie ahead of an edge that has just passed (within a day).
                    guard window.unit >= .day else { continue }
                    var earlier = index - 1
                    while earlier >= 0, case let passed = edge(moments[earlier]), passed > now - 26 * 3_600_000 {
                        considerStepStarts(after: passed)
                        earlier -= 1
                    }
                }
            }
        }
        return best

        func considerStepStarts(after moment: Int64) {
            consider(nextDay(after: moment))
            consider(calendar.add(1, .hour, to: calendar.start(of: .hour, containing: moment)))
        }
    }

    private func nextDay(after moment: Int64) -> Int64 {
        calendar.add(1, .day, to: calendar.start(of: .day, containing: moment))
    }

    /// The first index of sorted `moments` whose (monotonic) test holds.
    private func firstIndex(in moments: [Int64], where test: (Int64) -> Bool) -> Int? {
        var low = 0
        var high = moments.count
        while low < high {
            let middle = (low + high) / 2
            if test(moments[middle]) { high = middle } else { low = middle + 1 }
        }
        return low < moments.count ? low : nil
    }

    // MARK: Reading the expressions

    private mutating func collect(_ node: PQLNode) {
        switch node.kind {
        case .today:
            periods.insert(.day)
        case .call(let receiver, let name, let arguments):
            if PQLRegistry.dayFunctions.contains(name) { periods.insert(.day) }
            receiver.map { collect($0) }
            arguments.forEach { collect($0) }
        case .occurs(let subject, let condition):
            collect(subject)
            collect(condition)
        case .chain(let source, _, let steps):
            collect(source)
            for step in steps {
                [step.what, step.whereCondition, step.count].compactMap { $0 }.forEach { collect($0) }
                step.when.map { collect($0) }
            }
        case .list(let elements):
            elements.forEach { collect($0) }
        case .filter(let base, let condition):
            collect(base)
            collect(condition)
        case .member(let base, _), .not(let base), .negate(let base):
            collect(base)
        case .binary(_, let left, let right):
            collect(left)
            collect(right)
        case .quantified(_, _, let source, let condition):
            collect(source)
            collect(condition)
        case .lambda(_, let body):
            collect(body)
        case .string, .number, .boolean, .null, .now, .path:
            break
        }
    }

    private mutating func collect(_ condition: PQLTimeCondition) {
        switch condition {
        case .relative(_, let amount, let unit, _, let anchor):
            if case .number(let text) = amount.kind, let value = Int(text), PQLCalendar.isInCalendar(Int64(value)) {
                windows.insert(Window(amount: value, unit: unit))
            } else {
                periods.insert(unit)
            }
            collect(anchor)
        case .calendar(_, let unit):
            periods.insert(unit)
        case .periods(let from, let to):
            periods.insert(from.unit)
            periods.insert(to.unit)
        case .beforeOrAfter(_, let anchor), .on(let anchor):
            periods.insert(.day)
            collect(anchor)
        case .between(let from, let to):
            collect(from)
            collect(to)
        }
    }
}
