/// `inbox/crm/luma-crm.json`: the CRM's profile export, one XDM record per person, with deliberate defects.
enum CRMGenerator {
    static let path = "inbox/crm/luma-crm.json"

    /// A fault written into a record on purpose.
    private enum Defect {
        case none, invalidEmail, genderNotInEnum, impossibleBirthDate
    }

    static func generate(_ population: Population) -> GeneratedFile {
        let count = population.crm.count
        let extras: [(before: Int, record: JSON)] = [
            (count / 6, record(population.crmRejected[0], defect: .invalidEmail)),
            (count / 2, record(population.crmRejected[1], defect: .genderNotInEnum)),
            (count * 5 / 6, record(population.crmRejected[2], defect: .impossibleBirthDate)),
            (count - 8, record(population.moved, defect: .none)),
        ]
        var records: [JSON] = []
        for (index, person) in population.crm.enumerated() {
            records += extras.filter { $0.before == index }.map(\.record)
            records.append(record(person, defect: .none))
        }
        return GeneratedFile(path: path, contents: OrderedJSONWriter.pretty(.array(records)) + "\n", records: records.count)
    }

    private static func record(_ person: Person, defect: Defect) -> JSON {
        let city = Places.cities[person.city]
        let email: JSON = defect == .invalidEmail ? .string("not-an-email") : person.email.map(JSON.string) ?? .null
        return .object([
            ("_techmarketingdemos", .nested("systemIdentifier", "crmId", value: .string(person.crmId))),
            ("person", .object([
                ("name", .object([("firstName", .string(person.firstName)), ("lastName", .string(person.lastName))])),
                ("gender", .string(defect == .genderNotInEnum ? "unknown" : person.gender)),
                ("birthDate", .string(defect == .impossibleBirthDate ? "1990-02-30" : person.birthDate.iso)),
            ])),
            ("personalEmail", .nested("address", value: email)),
            ("mobilePhone", .nested("number", value: .string(person.phone))),
            ("homeAddress", .object([
                ("city", .string(city.name)), ("country", .string(city.country)), ("postalCode", .string(person.postalCode)),
            ])),
            ("consents", .nested("marketing", "email", "val", value: .string(person.consent))),
            ("extSourceSystemAudit", .nested("lastUpdatedDate", value: .string(person.updated.iso))),
        ])
    }
}
