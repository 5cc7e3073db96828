/// One generated person: the identity and contact details every dataset draws from.
struct Person: Sendable {
    var crmId: String
    var firstName: String
    var lastName: String
    var gender: String
    var birthDate: CivilDate
    /// Nil when the CRM has no email address for the person.
    var email: String?
    var phone: String
    /// An index into `Places.cities`.
    var city: Int
    var postalCode: String
    /// The marketing email consent, `y`, `n`, `dy` or `p`.
    var consent: String
    /// When the CRM last changed the record.
    var updated: Timestamp
}

/// Makes people one at a time, keeping their emails and phone numbers unique.
private struct PersonFactory {
    private var phoneCounters = Array(repeating: 0, count: Places.cities.count)
    private var ordinal = 0

    private static let genders = ["male", "female", "not_specified"]
    private static let domains = ["example.com", "example.org", "example.net"]
    private static let birthDays = CivilDate(1950, 1, 1).daysSince1970...CivilDate(2006, 12, 31).daysSince1970
    private static let crmUpdateDays = SampleWindow.firstDay...CivilDate(2026, 10, 31).daysSince1970

    mutating func make(
        rng: inout SplitMix64, gender: String? = nil, firstName: String? = nil, lastName: String? = nil, city: Int? = nil
    ) -> Person {
        ordinal += 1
        let gender = gender ?? Self.genders[rng.weightedIndex([48, 48, 4])]
        let givenNames = gender == "male" ? Names.male : gender == "female" ? Names.female : Names.male + Names.female
        let first = firstName ?? rng.pick(givenNames)
        let last = lastName ?? rng.pick(Names.family)
        let city = city ?? Places.randomCity(rng: &rng)
        phoneCounters[city] += 1
        // 37 is prime to 1000, so the first thousand people get distinct numbers.
        let local = "\(Self.letters(first)).\(Self.letters(last))\((ordinal * 37 + 11) % 1000)"
        return Person(
            crmId: rng.hex(32),
            firstName: first,
            lastName: last,
            gender: gender,
            birthDate: CivilDate(daysSince1970: rng.int(in: Self.birthDays)),
            email: "\(local)@\(Self.domains[rng.weightedIndex([60, 25, 15])])",
            phone: Places.cities[city].phonePrefix + zeroPadded(phoneCounters[city], width: 4),
            city: city,
            postalCode: Places.postalCode(in: Places.cities[city], rng: &rng),
            consent: ["y", "dy", "n", "p"][rng.weightedIndex([55, 15, 20, 10])],
            updated: rng.timestamp(in: Self.crmUpdateDays, fromHour: 6, toHour: 22)
        )
    }

    private static func letters(_ name: String) -> String {
        String(name.filter(\.isLetter)).lowercased()
    }
}

/// Everyone in the sample data, generated once and grouped by the datasets they appear in.
struct Population: Sendable {
    static let dannyCrmId = "112ca06ed53d3db37e4cea49cc45b71e"

    /// The people of the CRM export; `crm[0]` is Danny Wright, the tutorial's customer.
    /// Five have no email address and one has the junk address `test@test.com`.
    let crm: [Person]
    /// The index in `crm` of the person the CRM export lists twice.
    let movedIndex: Int
    /// The second, later CRM record of `crm[movedIndex]`: another city in the same country.
    let moved: Person
    /// Three people whose only CRM records are defective.
    let crmRejected: [Person]
    /// People only in the DMA CSV export: `dmaNew[0]` is named O"Neil, `dmaNew[1]` lives in Portland,
    /// `dmaNew[2]` has no email address.
    let dmaNew: [Person]
    /// Loyalty members the CRM does not know.
    let loyaltyOnly: [Person]

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed, stream: 1)
        var factory = PersonFactory()

        var danny = factory.make(rng: &rng, gender: "male", firstName: "Danny", lastName: "Wright", city: Places.portland)
        danny.crmId = Self.dannyCrmId
        danny.birthDate = CivilDate(1987, 4, 12)
        danny.consent = "y"
        var crm = [danny]
        for _ in 1..<245 { crm.append(factory.make(rng: &rng)) }
        var others = Array(crm.indices.dropFirst())
        rng.shuffle(&others)
        for index in others.prefix(5) { crm[index].email = nil }
        crm[others[5]].email = "test@test.com"
        self.crm = crm

        movedIndex = others[6]
        var moved = crm[movedIndex]
        moved.city = Places.otherCity(inCountryOf: moved.city, rng: &rng)
        moved.postalCode = Places.postalCode(in: Places.cities[moved.city], rng: &rng)
        moved.updated = rng.timestamp(in: (moved.updated.day + 1)...SampleWindow.lastDay, fromHour: 6, toHour: 22)
        self.moved = moved

        crmRejected = (0..<3).map { _ in factory.make(rng: &rng) }

        var dmaNew = [
            factory.make(rng: &rng, lastName: "O\"Neil"),
            factory.make(rng: &rng, city: Places.portland),
        ]
        for _ in 2..<20 { dmaNew.append(factory.make(rng: &rng)) }
        dmaNew[2].email = nil
        self.dmaNew = dmaNew

        loyaltyOnly = (0..<60).map { _ in factory.make(rng: &rng) }
    }
}
