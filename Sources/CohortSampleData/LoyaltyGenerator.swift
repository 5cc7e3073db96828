/// A loyalty programme member, as the loyalty file lists them.
struct Member: Sendable {
    let loyaltyId: Int
    let person: Person
    /// Whether the loyalty record carries the member's CRM id.
    let linked: Bool
    let tier: String
    let points: Int
    let joinDate: CivilDate
    let updated: Timestamp
    /// Whether the record is written with a deliberate fault (such a member makes no purchases).
    let defect: LoyaltyGenerator.Defect
}

/// `inbox/loyalty/luma-loyalty.json`: the loyalty programme's members, ~70% of them known to the CRM.
enum LoyaltyGenerator {
    static let path = "inbox/loyalty/luma-loyalty.json"
    static let dannyLoyaltyId = 5_625_458

    /// A fault written into a record on purpose.
    enum Defect: Sendable {
        case none, tierNotInEnum, pointsNotNumber
    }

    private static let tiers = ["bronze", "silver", "gold", "platinum"]
    private static let tierPoints = [0...2_499, 2_500...7_499, 7_500...19_999, 20_000...60_000]
    private static let joinDays = CivilDate(2012, 1, 1).daysSince1970...CivilDate(2026, 6, 30).daysSince1970

    /// 200 members: Danny (as "Daniel") first, then 139 CRM people and 60 loyalty-only people in random order.
    static func members(_ population: Population, rng: inout SplitMix64) -> [Member] {
        var usedIds: Set<Int> = [dannyLoyaltyId]
        func newId() -> Int {
            while true {
                let id = rng.int(in: 1_000_000...9_999_999)
                if usedIds.insert(id).inserted { return id }
            }
        }
        var danny = population.crm[0]
        danny.firstName = "Daniel"
        var members = [
            Member(
                loyaltyId: dannyLoyaltyId, person: danny, linked: true, tier: "gold", points: rng.int(in: tierPoints[2]),
                joinDate: CivilDate(2019, 5, 1),
                updated: rng.timestamp(in: SampleWindow.lastDays(30), fromHour: 6, toHour: 22), defect: .none
            ),
        ]
        var crmPeople = Array(population.crm.dropFirst())
        rng.shuffle(&crmPeople)
        var enrolled = crmPeople.prefix(139).map { ($0, true) } + population.loyaltyOnly.map { ($0, false) }
        rng.shuffle(&enrolled)
        for (position, (person, linked)) in enrolled.enumerated() {
            let tier = rng.weightedIndex([45, 30, 18, 7])
            let defect: Defect = position == 76 ? .tierNotInEnum : position == 153 ? .pointsNotNumber : .none
            members.append(Member(
                loyaltyId: newId(), person: person, linked: linked, tier: tiers[tier], points: rng.int(in: tierPoints[tier]),
                joinDate: CivilDate(daysSince1970: rng.int(in: joinDays)),
                updated: rng.timestamp(in: SampleWindow.days, fromHour: 6, toHour: 22), defect: defect
            ))
        }
        return members
    }

    static func generate(_ members: [Member]) -> GeneratedFile {
        let records = members.map(record)
        return GeneratedFile(path: path, contents: OrderedJSONWriter.pretty(.array(records)) + "\n", records: records.count)
    }

    private static func record(_ member: Member) -> JSON {
        .object([
            ("_techmarketingdemos", .nested("systemIdentifier", value: .object([
                ("loyaltyId", .int(member.loyaltyId)),
                ("crmId", member.linked ? .string(member.person.crmId) : .null),
            ]))),
            ("loyalty", .object([
                ("points", member.defect == .pointsNotNumber ? .string("lots") : .int(member.points)),
                ("tier", .string(member.defect == .tierNotInEnum ? "diamond" : member.tier)),
                ("joinDate", .string(member.joinDate.iso)),
            ])),
            ("person", .nested("name", value: .object([
                ("firstName", .string(member.person.firstName)), ("lastName", .string(member.person.lastName)),
            ]))),
            ("homeAddress", .nested("city", value: .string(Places.cities[member.person.city].name))),
            ("extSourceSystemAudit", .nested("lastUpdatedDate", value: .string(member.updated.iso))),
        ])
    }
}
