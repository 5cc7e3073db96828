import Foundation
import Synchronization

/// The UTC offsets of one time zone, remembered per UTC day: where a zone's offset stays the same
/// from the day before a moment to two days after, calendar steps of days, weeks, hours and
/// minutes there are plain arithmetic, and `PQLCalendar` takes Foundation's calendar only around
/// offset changes (daylight-saving days), and for months and years.
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

    static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
