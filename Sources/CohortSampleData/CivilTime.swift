import CohortCore

/// A proleptic Gregorian date, converted to and from a day count by the core's integer calendar
/// math: no clock, calendar or time-zone code.
struct CivilDate: Sendable, Equatable {
    let year: Int
    let month: Int
    let day: Int

    init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01.
    init(daysSince1970 days: Int) {
        let date = CohortCore.Timestamp.civil(fromDays: Int64(days))
        self.init(date.year, date.month, date.day)
    }

    /// Days since 1970-01-01 (negative before).
    var daysSince1970: Int {
        Int(CohortCore.Timestamp.daysFromCivil(year: year, month: month, day: day))
    }

    /// `YYYY-MM-DD`.
    var iso: String {
        "\(zeroPadded(year, width: 4))-\(zeroPadded(month, width: 2))-\(zeroPadded(day, width: 2))"
    }
}

/// A UTC instant with one-second resolution, at or after 1970-01-01T00:00:00Z.
struct Timestamp: Sendable, Equatable {
    let secondsSince1970: Int

    init(day: Int, secondOfDay: Int) {
        secondsSince1970 = day * 86_400 + secondOfDay
    }

    /// `YYYY-MM-DDThh:mm:ssZ`.
    var iso: String {
        let second = secondsSince1970 % 86_400
        let date = CivilDate(daysSince1970: secondsSince1970 / 86_400)
        let clock = [second / 3600, second / 60 % 60, second % 60].map { zeroPadded($0, width: 2) }
        return "\(date.iso)T\(clock.joined(separator: ":"))Z"
    }

    /// The day number (days since 1970-01-01).
    var day: Int { secondsSince1970 / 86_400 }
}

/// The span the sample data covers: a build "as of" 2026-11-21 sees activity up to the day before.
enum SampleWindow {
    static let firstDay = CivilDate(2025, 11, 1).daysSince1970
    static let lastDay = CivilDate(2026, 11, 20).daysSince1970
    static let days = firstDay...lastDay

    /// The last `count` days of the window.
    static func lastDays(_ count: Int) -> ClosedRange<Int> {
        (lastDay - count + 1)...lastDay
    }
}

extension SplitMix64 {
    /// A uniform instant within a day of `days`, between `fromHour`:00 and `toHour`:00.
    mutating func timestamp(in days: ClosedRange<Int>, fromHour: Int = 0, toHour: Int = 24) -> Timestamp {
        Timestamp(day: int(in: days), secondOfDay: int(in: (fromHour * 3600)...(toHour * 3600 - 1)))
    }
}
