/// One person of the benchmark data. Everything is derived from the person's index and the seed,
/// so a drop can refer to person 123 without keeping the first 122 in memory.
struct BenchmarkPerson {
    enum Kind {
        /// In the CRM's JSON export (six in ten).
        case crm
        /// In the CRM's CSV export (one in ten).
        case dma
        /// A loyalty member the CRM does not know (one in ten).
        case loyaltyOnly
        /// A web visitor who never logs in (two in ten).
        case anonymous
    }

    var index: Int
    var kind: Kind
    var crmId: String
    var loyaltyId: Int
    var firstName: String
    var lastName: String
    var email: String
    var phone: String
    var city: Int
    var consent: String
    var tier: String
    /// The ECIDs of the person's devices; one of them may be shared with the next person.
    var devices: [String]

    /// CRM people in the first three tenths also have a loyalty account, as do loyalty-only members.
    var isLoyaltyMember: Bool { kind == .loyaltyOnly || (kind == .crm && index % 10 < 3) }
    var isKnown: Bool { kind == .crm || kind == .dma }
}

/// Makes person `index` from the seed alone.
struct PeopleStream {
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
    }

    func next(_ index: Int) -> BenchmarkPerson {
        var random = SplitMix64(seed: seed, stream: 1_000 + UInt64(index))
        let kind: BenchmarkPerson.Kind
        switch index % 10 {
        case 0..<6: kind = .crm
        case 6: kind = .dma
        case 7: kind = .loyaltyOnly
        default: kind = .anonymous
        }
        let female = random.percent(50)
        let first = random.pick(female ? Names.female : Names.male)
        let last = random.pick(Names.family)
        let city = Places.randomCity(rng: &random)
        var devices = [Self.ecid(seed: seed, person: index, device: 0)]
        if random.percent(40) { devices.append(Self.ecid(seed: seed, person: index, device: 1)) }
        // One person in a thousand shares a tablet with the next person.
        if index % 1000 == 4 { devices.append(Self.ecid(seed: seed, person: index - 1, device: 9)) }
        if index % 1000 == 3 { devices.append(Self.ecid(seed: seed, person: index, device: 9)) }
        return BenchmarkPerson(
            index: index, kind: kind, crmId: random.hex(32), loyaltyId: 10_000_000 + index,
            firstName: first, lastName: last,
            email: "\(first.lowercased().filter(\.isLetter)).\(last.lowercased().filter(\.isLetter)).\(index)@example.com",
            phone: Places.cities[city].phonePrefix + String(1000 + index % 9000),
            city: city, consent: ["y", "dy", "n", "p"][random.weightedIndex([55, 15, 20, 10])],
            tier: ["bronze", "silver", "gold", "platinum"][random.weightedIndex([50, 30, 15, 5])],
            devices: devices)
    }

    /// A 38-digit ECID for a device of a person.
    static func ecid(seed: UInt64, person: Int, device: Int) -> String {
        var random = SplitMix64(seed: seed, stream: 5_000_000_000 + UInt64(person) * 16 + UInt64(device))
        return random.digits(38)
    }
}
