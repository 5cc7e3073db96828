/// How a city's postal codes look.
enum PostalRule: Sendable {
    /// A US ZIP code: a three-digit prefix and two random digits.
    case zip(prefix: String)
    /// A UK postcode: one of the districts, a space, a digit and two letters.
    case postcode(districts: [String])
    /// A German Postleitzahl in a range.
    case plz(ClosedRange<Int>)
}

/// A city people live in, with its country, phone prefix (fictional exchange ranges) and postal codes.
struct City: Sendable {
    let name: String
    /// The US state code, written after the city in "Portland, OR"; nil outside the US.
    let state: String?
    let country: String
    /// The phone number up to its last four digits, e.g. `+1 503-555-`.
    let phonePrefix: String
    let postal: PostalRule
    /// How often people live here, relative to the other cities.
    let weight: Int
}

/// The cities of the sample data: in the United States, the United Kingdom and Germany.
enum Places {
    static let cities: [City] = [
        us("Portland", "OR", "503", "972"), us("Seattle", "WA", "206", "981"), us("San Francisco", "CA", "415", "941"),
        us("Denver", "CO", "303", "802"), us("Austin", "TX", "512", "787"), us("Chicago", "IL", "312", "606"),
        us("New York", "NY", "212", "100"), us("Boston", "MA", "617", "021"), us("Minneapolis", "MN", "612", "554"),
        us("San Diego", "CA", "619", "921"),
        uk("London", "20 7946", ["SW1A", "EC1A", "E1", "N1", "SE10", "W2", "NW3"]),
        uk("Manchester", "161 496", ["M1", "M4", "M14", "M20"]),
        uk("Edinburgh", "131 496", ["EH1", "EH3", "EH9"]),
        uk("Bristol", "117 496", ["BS1", "BS6", "BS8"]),
        uk("Leeds", "113 496", ["LS1", "LS6", "LS11"]),
        de("Berlin", "30", 10115...14199), de("München", "89", 80331...81929), de("Hamburg", "40", 20095...22769),
        de("Köln", "221", 50667...51149), de("Frankfurt am Main", "69", 60306...60599),
    ]

    /// The index of Portland, Oregon in `cities`.
    static let portland = 0

    private static let postcodeLetters = Array("ABDEFGHJLNPQRSTUWXYZ")

    private static func us(_ name: String, _ state: String, _ area: String, _ zip: String) -> City {
        City(
            name: name, state: state, country: "United States", phonePrefix: "+1 \(area)-555-", postal: .zip(prefix: zip),
            weight: 6
        )
    }

    private static func uk(_ name: String, _ exchange: String, _ districts: [String]) -> City {
        City(
            name: name, state: nil, country: "United Kingdom", phonePrefix: "+44 \(exchange) ",
            postal: .postcode(districts: districts), weight: 4
        )
    }

    private static func de(_ name: String, _ area: String, _ plz: ClosedRange<Int>) -> City {
        City(name: name, state: nil, country: "Germany", phonePrefix: "+49 \(area) 23125 ", postal: .plz(plz), weight: 4)
    }

    /// A random postal code in `city`.
    static func postalCode(in city: City, rng: inout SplitMix64) -> String {
        switch city.postal {
        case .zip(let prefix):
            return prefix + zeroPadded(rng.below(100), width: 2)
        case .postcode(let districts):
            return "\(rng.pick(districts)) \(rng.below(10))\(rng.pick(postcodeLetters))\(rng.pick(postcodeLetters))"
        case .plz(let range):
            return zeroPadded(rng.int(in: range), width: 5)
        }
    }

    /// A random city index, by weight.
    static func randomCity(rng: inout SplitMix64) -> Int {
        rng.weightedIndex(cities.map(\.weight))
    }

    /// A random city index in the same country as `index`, but not `index`.
    static func otherCity(inCountryOf index: Int, rng: inout SplitMix64) -> Int {
        let candidates = cities.indices.filter { $0 != index && cities[$0].country == cities[index].country }
        return rng.pick(candidates)
    }
}
