/// `inbox/dma-crm/dma-crm.csv`: a later CRM export as CSV with human-readable headers — updates to known
/// people and people the CRM JSON does not have, with a few awkward or bad fields.
enum DMACRMGenerator {
    static let path = "inbox/dma-crm/dma-crm.csv"
    static let header = [
        "CRM ID", "First Name", "Last Name", "Email", "Phone", "City", "Country", "Email Consent", "Updated",
    ]

    private static let consents = ["y", "n", "dy", "p"]

    static func generate(_ population: Population, rng: inout SplitMix64) -> GeneratedFile {
        // Danny, the person listed twice and the people without a usable email keep their CRM JSON state.
        var updated = population.crm.indices.filter { index in
            index != 0 && index != population.movedIndex && population.crm[index].email.map { $0 != "test@test.com" } == true
        }
        rng.shuffle(&updated)
        var rows: [[String]] = []
        for index in updated.prefix(40) {
            var person = population.crm[index]
            person.updated = rng.timestamp(in: (person.updated.day + 1)...SampleWindow.lastDay, fromHour: 6, toHour: 22)
            if rng.percent(35) { person.city = Places.otherCity(inCountryOf: person.city, rng: &rng) }
            if rng.percent(30) { person.consent = rng.pick(consents.filter { $0 != person.consent }) }
            rows.append(row(person, city: Places.cities[person.city].name, updated: person.updated.iso))
        }
        for (index, person) in population.dmaNew.enumerated() {
            let city = Places.cities[person.city]
            // dmaNew[1] lives in Portland, written "Portland, OR"; dmaNew[3]'s timestamp is not a timestamp.
            let cityText = index == 1 ? city.state.map { "\(city.name), \($0)" } ?? city.name : city.name
            rows.append(row(person, city: cityText, updated: index == 3 ? "yesterday" : person.updated.iso))
        }
        rng.shuffle(&rows)
        return GeneratedFile(path: path, contents: CSV.render(header: header, rows: rows), records: rows.count)
    }

    private static func row(_ person: Person, city: String, updated: String) -> [String] {
        [
            person.crmId, person.firstName, person.lastName, person.email ?? "", person.phone, city,
            Places.cities[person.city].country, person.consent, updated,
        ]
    }
}
