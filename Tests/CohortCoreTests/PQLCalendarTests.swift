import CohortSampleData
import Foundation
import Testing
@testable import CohortCore

/// Calendar steps done as arithmetic where a zone's offset holds are what Foundation's calendar
/// gives, in zones with daylight saving (whole and half hours), without, and across their changes.
@Suite struct PQLCalendarTests {
    static let zones = ["UTC", "America/Los_Angeles", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "America/Sao_Paulo", "Pacific/Apia"]

    static func reference(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        calendar.firstWeekday = 1
        return calendar
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    @Test(arguments: zones)
    func stepsAndStartsAreFoundations(zone: String) {
        let calendar = PQLCalendar(timeZone: zone)
        let reference = Self.reference(zone)
        var generator = SplitMix64(seed: UInt64(Self.zones.firstIndex(of: zone) ?? 0) + 1)
        let units: [(PQLTimeUnit, Calendar.Component)] = [(.second, .second), (.minute, .minute), (.hour, .hour), (.day, .day), (.week, .weekOfYear)]
        for round in 0..<4_000 {
            // Half the moments near daylight-saving changes (March, October, November around 1–3 am).
            var moment = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            if round % 2 == 0, let change = reference.timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: Double(moment) / 1000)) {
                moment = Self.milliseconds(change) + Int64.random(in: -3 * 86_400_000...3 * 86_400_000, using: &generator)
            }
            let date = Date(timeIntervalSince1970: Double(moment) / 1000)
            for (unit, component) in units {
                let start = reference.dateInterval(of: component, for: date).map { Self.milliseconds($0.start) }
                #expect(calendar.start(of: unit, containing: moment) == start, "\(zone) \(unit) start of \(moment)")
            }
            let amount = Int.random(in: -400...400, using: &generator)
            for (unit, component) in [(PQLTimeUnit.day, Calendar.Component.day), (.week, .weekOfYear)] {
                let moved = reference.date(byAdding: component, value: amount, to: date).map(Self.milliseconds)
                #expect(calendar.add(amount, unit, to: moment) == moved, "\(zone) \(amount) \(unit) from \(moment)")
            }
        }
    }
}

/// The per-day table of steady offsets says what asking the zone says, on every kind of zone.
@Suite struct SteadyOffsetTableTests {
    @Test func theTableIsWhatTheZoneSays() {
        let identifiers = TimeZone.knownTimeZoneIdentifiers.sorted()
        var generator = SplitMix64(seed: 15)
        for identifier in stride(from: 0, to: identifiers.count, by: 12).map({ identifiers[$0] }) + PQLCalendarTests.zones {
            let zone = TimeZone(identifier: identifier)!
            let table = SteadyOffsetTable.shared(for: zone)
            // The edges of the table, and days near the zone's changes and anywhere.
            var days: [Int64] = [-3_654, -3_653, -3_652, 51_130, 47_481, 47_482]
            for _ in 0..<150 { days.append(Int64.random(in: -3_653..<47_482, using: &generator)) }
            var moment = Date(timeIntervalSince1970: 0)
            for _ in 0..<20 {
                guard let change = zone.nextDaylightSavingTimeTransition(after: moment) else { break }
                let day = ZoneOffsets.floorDiv(Int64(change.timeIntervalSince1970 * 1000), ZoneOffsets.day)
                days += (day - 3...day + 3)
                moment = change
            }
            for day in days {
                let asked = SteadyOffsetTable.steadyOffset(onDay: day, in: zone)
                if let kept = table.steadyOffset(onDay: day) {
                    #expect(kept == asked, "\(identifier) day \(day)")
                } else {
                    #expect(day < -3_653 || day >= 47_482, "\(identifier) day \(day) is in the table")
                }
                #expect(ZoneOffsets(zone: zone).steadyOffset(around: day * ZoneOffsets.day + 3_600_000) == asked)
            }
        }
    }
}
