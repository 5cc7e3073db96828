import Foundation
import Synchronization

/// The UTC offsets of one time zone, remembered per UTC day: where a zone's offset stays the same
/// from the day before a moment to two days after, local time there is the moment plus that
/// offset, so steps of days and weeks and starts of days, hours and weeks are plain arithmetic.
/// `PQLCalendar` takes Foundation's calendar only within a day of an offset change (daylight-
/// saving days), and for months and years.
final class ZoneOffsets: Sendable {
    static let day: Int64 = 86_400_000

    private let zone: TimeZone
    /// UTC day number → the offset (ms) that holds from the start of the day before to the end of
    /// the day after, or nil when it changes in between.
    private let known = Mutex<[Int64: Int64?]>([:])

    init(zone: TimeZone) {
        self.zone = zone
    }

    /// The offset that holds around `milliseconds` (a day either side), or nil near an offset change.
    func steadyOffset(around milliseconds: Int64) -> Int64? {
        let day = Self.floorDiv(milliseconds, Self.day)
        if let offset = known.withLock({ $0[day] }) { return offset }
        // Offsets change at most once in a few days in every zone, so three samples tell.
        let samples = [day - 1, day + 1, day + 2].map { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0 * Self.day) / 1000)) }
        let offset: Int64? = samples.allSatisfy({ $0 == samples[0] }) ? Int64(samples[0]) * 1000 : nil
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
