/// `inbox/web-events/web-events.ndjson`: Web SDK events of known and anonymous visitors — an ECID on every
/// event, the CRM id once the visitor has logged in — with a few junk lines.
enum WebEventGenerator {
    static let path = "inbox/web-events/web-events.ndjson"

    static func generate(_ population: Population, members: [Member], seed: UInt64) -> GeneratedFile {
        var log = WebEventLog(rng: SplitMix64(seed: seed, stream: 5))
        let loyaltyCrmIds = Set(members.filter(\.linked).map(\.person.crmId))
        let visitors = addKnownVisitors(population, loyaltyCrmIds: loyaltyCrmIds, to: &log)
        addSharedDevices(visitors, to: &log)
        // Anonymous visitors, three in ten of all visitors, never log in.
        for _ in 0..<(visitors.count * 3 / 7) {
            let device = log.newDevice()
            for _ in 0..<(1 + log.rng.weightedIndex([60, 30, 10])) {
                log.add(WebVisit(logsIn: false), device: device, crmId: nil, day: log.recentBiasedDay(in: SampleWindow.days))
            }
        }
        log.addJunk(identityMap: .object([("ECID", WebEventLog.identity("anonymous", state: "ambiguous", primary: true))]))
        let shortECID = log.rng.digits(12)
        log.addJunk(identityMap: .object([("ECID", WebEventLog.identity(shortECID, state: "ambiguous", primary: true))]))
        log.addJunk(identityMap: .object([]))

        var lines = log.lines()
        // A line cut short mid-write: the first 40 characters of the line before it.
        lines.insert(String(lines[lines.count / 2 - 1].prefix(40)), at: lines.count / 2)
        return GeneratedFile(path: path, contents: lines.map { $0 + "\n" }.joined(), records: lines.count)
    }

    /// Danny and three quarters of the CRM people, on one or two devices each; returns them, Danny first.
    private static func addKnownVisitors(
        _ population: Population, loyaltyCrmIds: Set<String>, to log: inout WebEventLog
    ) -> [Person] {
        var others = Array(population.crm.dropFirst())
        log.rng.shuffle(&others)
        let visitors = [population.crm[0]] + others.prefix(others.count * 3 / 4)
        // Twelve visitors outside the loyalty programme (so with no purchases) leave a cart in the last week.
        let abandoners = visitors.indices.filter { $0 >= 7 && !loyaltyCrmIds.contains(visitors[$0].crmId) }.prefix(12)

        for (index, person) in visitors.enumerated() {
            let deviceCount = index == 0 ? 2 : (log.rng.percent(40) ? 2 : 1)
            for number in 0..<deviceCount {
                let device = log.newDevice(type: index == 0 ? ["desktop", "mobile"][number] : nil)
                // The first visit on each device logs in, so that every device is linked to its owner.
                for visit in 0..<(1 + log.rng.weightedIndex([50, 35, 15])) {
                    let day = log.recentBiasedDay(in: SampleWindow.days)
                    let logsIn = visit == 0 || log.rng.percent(60)
                    log.add(WebVisit(logsIn: logsIn), device: device, crmId: person.crmId, day: day)
                }
                guard number == 0 else { continue }
                if index == 0 {
                    // Danny puts the Abominable Hoodie in his cart online, then buys it in a store two days later.
                    let visit = WebVisit(logsIn: true, focus: Catalog.abominableHoodie, mayCheckOut: false)
                    log.add(visit, device: device, crmId: person.crmId, day: CivilDate(2026, 11, 16).daysSince1970)
                } else if abandoners.contains(index) {
                    let visit = WebVisit(logsIn: true, focus: log.rng.pick(Catalog.products), mayCheckOut: false)
                    log.add(visit, device: device, crmId: person.crmId, day: log.rng.int(in: SampleWindow.lastDays(6)))
                }
            }
        }
        return visitors
    }

    /// Three shared devices: one ECID each, on which visitors 1 and 2 (3 and 4, 5 and 6) log in, one in each
    /// half of the window.
    private static func addSharedDevices(_ visitors: [Person], to log: inout WebEventLog) {
        let middle = (SampleWindow.firstDay + SampleWindow.lastDay) / 2
        for pair in 0..<3 {
            let device = log.newDevice(type: pair == 1 ? "desktop" : "tablet")
            let users = [
                (visitors[1 + 2 * pair], SampleWindow.firstDay...middle),
                (visitors[2 + 2 * pair], (middle + 1)...SampleWindow.lastDay),
            ]
            for (person, days) in users {
                for _ in 0..<2 {
                    log.add(WebVisit(logsIn: true), device: device, crmId: person.crmId, day: log.rng.int(in: days))
                }
            }
        }
    }
}
