import Foundation
import Synchronization

/// The UTC offsets of one time zone, known per UTC day: where a zone's offset stays the same
/// from the day before a moment to two days after, local time there is the moment plus that
/// offset, so steps of days and weeks and starts of days, hours and weeks are plain arithmetic.
/// `PQLCalendar` takes Foundation's calendar only within a day of an offset change (daylight-
/// saving days), and for months and years.
final class ZoneOffsets: Sendable {
    static let day: Int64 = 86_400_000

    private let zone: TimeZone
    /// The days most moments fall on, worked out once per zone and process and read without a lock
    /// (segment evaluation asks about them millions of times a build, from every core).
    private let table: SteadyOffsetTable
    /// Days outside `table`, as they are asked about: UTC day number → the steady offset, or nil.
    private let known = Mutex<[Int64: Int64?]>([:])

    init(zone: TimeZone) {
        self.zone = zone
        table = SteadyOffsetTable.shared(for: zone)
    }

    /// The offset that holds around `milliseconds` (a day either side), or nil near an offset change.
    func steadyOffset(around milliseconds: Int64) -> Int64? {
        let day = Self.floorDiv(milliseconds, Self.day)
        if let offset = table.steadyOffset(onDay: day) { return offset }
        if let offset = known.withLock({ $0[day] }) { return offset }
        let offset = SteadyOffsetTable.steadyOffset(onDay: day, in: zone)
        known.withLock { $0[day] = offset }
        return offset
    }

    /// The moment whose local time is `local`, when one offset holds around it; `near` is a moment
    /// whose offset is at most a daylight-saving step (two hours) from it. Nil near an offset change,
    /// where a local time can be missing or there twice, and across larger changes (a zone moving
    /// across the date line), where Foundation's calendar steps do not keep the local time.
    func moment(atLocal local: Int64, near guess: Int64, from offset: Int64) -> Int64? {
        guard let target = steadyOffset(around: guess), abs(target - offset) <= 2 * 3_600_000,
              steadyOffset(around: local - target) == target else { return nil }
        return local - target
    }

    static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}

/// A zone's steady offsets (`ZoneOffsets`) for every UTC day from 1960 to 2100, sampled from the
/// zone once: an array read instead of a lookup under a lock.
final class SteadyOffsetTable: Sendable {
    /// The first day the table covers (1 January 1960).
    private static let firstDay: Int64 = -3_653
    /// Days covered (to 1 January 2100).
    private static let dayCount = 51_135
    /// Marks a day within a day of an offset change.
    private static let changing = Int32.min
    private static let tables = Mutex<[String: SteadyOffsetTable]>([:])

    /// Per day from `firstDay`: the steady offset in seconds, or `changing`.
    private let offsets: [Int32]

    private init(zone: TimeZone) {
        // One sample per day start, from the day before the first to two days after the last.
        let samples = (Self.firstDay - 1..<Self.firstDay + Int64(Self.dayCount) + 2).map { Self.sample($0, in: zone) }
        offsets = (0..<Self.dayCount).map { index in
            let before = samples[index], after = samples[index + 2], later = samples[index + 3]
            return before == after && after == later ? Int32(before) : Self.changing
        }
    }

    /// The table of `zone`, made the first time it is asked for.
    static func shared(for zone: TimeZone) -> SteadyOffsetTable {
        tables.withLock { tables in
            if let table = tables[zone.identifier] { return table }
            let table = SteadyOffsetTable(zone: zone)
            tables[zone.identifier] = table
            return table
        }
    }

    /// The steady offset (ms) on `day`: `.some(nil)` near a change, nil outside the table.
    func steadyOffset(onDay day: Int64) -> Int64?? {
        let index = day - Self.firstDay
        guard index >= 0, index < Self.dayCount else { return nil }
        let offset = offsets[Int(index)]
        return .some(offset == Self.changing ? nil : Int64(offset) * 1000)
    }

    /// The steady offset (ms) on `day` asked of the zone itself: offsets change at most once in a
    /// few days in every zone, so the starts of the day before, the day after and the one after that tell.
    static func steadyOffset(onDay day: Int64, in zone: TimeZone) -> Int64? {
        let samples = [day - 1, day + 1, day + 2].map { sample($0, in: zone) }
        return samples.allSatisfy({ $0 == samples[0] }) ? Int64(samples[0]) * 1000 : nil
    }

    private static func sample(_ day: Int64, in zone: TimeZone) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(day * ZoneOffsets.day) / 1000))
    }
}
