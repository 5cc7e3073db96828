import Testing
@testable import CohortCore

/// A `format: date` value is a calendar date, not an instant: in every workspace time zone it is
/// the day it names (SPEC §7), for calendar functions, `occurs on`, comparisons with `date(…)`
/// and time windows.
@Suite struct PQLDateOnlyTests {
    static let zones = ["UTC", "America/Los_Angeles", "Pacific/Auckland", "Pacific/Kiritimati", "Pacific/Pago_Pago",
                        "America/Santiago", "Asia/Kolkata"]

    private func matches(_ text: String, birthDate: String, zone: String,
                         now: String = "2026-11-21T12:00:00Z") throws -> Bool {
        let attributes = PQLFixture.attributes(#"{"person": {"birthDate": "\#(birthDate)"}}"#)
        let context = PQLContext(attributes: attributes, events: [], now: Timestamp.milliseconds(from: now)!, timeZone: zone)
        return try PQLFixture.matches(text, context, in: PQLCheckerTests.environment)
    }

    @Test(arguments: zones)
    func aDateIsTheDayItNamesInEveryZone(zone: String) throws {
        for (text, expected) in [
            ("person.birthDate.getDayOfMonth() = 12", true),
            ("person.birthDate.getMonth() = 4", true),
            ("person.birthDate.getYear() = 1987", true),
            ("person.birthDate occurs on date(1987, 4, 12)", true),
            ("person.birthDate occurs on date(1987, 4, 11)", false),
            ("person.birthDate occurs on date(1987, 4, 13)", false),
            ("person.birthDate = date(1987, 4, 12)", true),
            ("person.birthDate < date(1987, 4, 12)", false),
            ("person.birthDate < date(1987, 4, 13)", true),
            ("person.birthDate occurs between date(1987, 4, 12) and date(1987, 4, 12)", true),
            ("person.birthDate occurs between date(1987, 4, 1) and date(1987, 4, 11)", false),
        ] {
            #expect(try matches(text, birthDate: "1987-04-12", zone: zone) == expected, "\(zone): \(text)")
        }
    }

    /// Chile's clocks skip from 00:00 to 01:00 on 6 September 2026: the day still starts, an hour late.
    @Test func aDayWhoseMidnightIsSkippedIsStillThatDay() throws {
        for text in ["person.birthDate.getDayOfMonth() = 6", "person.birthDate occurs on date(2026, 9, 6)",
                     "person.birthDate = date(2026, 9, 6)"] {
            #expect(try matches(text, birthDate: "2026-09-06", zone: "America/Santiago"), "\(text)")
        }
    }

    /// `N days` windows are calendar days in the workspace's time zone: a date two days before today
    /// is within 2 days, whatever the hour of now.
    @Test(arguments: zones)
    func dayWindowsCountCalendarDays(zone: String) throws {
        let now = "2026-11-21T12:00:00Z"
        let calendar = PQLCalendar(timeZone: zone)
        let moment = try #require(Timestamp.milliseconds(from: now))
        let today = Timestamp.daysFromCivil(year: calendar.component(.year, of: moment), month: calendar.component(.month, of: moment),
                                            day: calendar.component(.day, of: moment))
        let twoDaysAgo = String(Timestamp.rfc3339((today - 2) * ZoneOffsets.day).prefix(10))
        #expect(try matches("person.birthDate occurs <= 2 days before today", birthDate: twoDaysAgo, zone: zone, now: now))
        #expect(try !matches("person.birthDate occurs <= 1 days before today", birthDate: twoDaysAgo, zone: zone, now: now))
    }
}
