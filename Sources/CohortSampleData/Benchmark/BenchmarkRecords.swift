import CohortCore

/// The benchmark's records as text, in the template datasets' shapes.
enum BenchmarkRecords {
    static func crm(_ person: BenchmarkPerson, bad: Bool) -> String {
        let city = Places.cities[person.city]
        return #"{"_techmarketingdemos":{"systemIdentifier":{"crmId":"\#(person.crmId)"}},"person":{"name":{"firstName":\#(quoted(person.firstName)),"lastName":\#(quoted(person.lastName))}},"personalEmail":{"address":"\#(bad ? "not-an-email" : person.email)"},"mobilePhone":{"number":"\#(person.phone)"},"homeAddress":{"city":\#(quoted(city.name)),"country":\#(quoted(city.country))},"consents":{"marketing":{"email":{"val":"\#(person.consent)"}}},"extSourceSystemAudit":{"lastUpdatedDate":"\#(CohortCore.Timestamp.rfc3339(updated(person)))"}}"#
    }

    /// A row of the CSV dataset; a bad one has an email address that is not one.
    static func dmaRow(_ person: BenchmarkPerson, bad: Bool) -> String {
        let city = Places.cities[person.city]
        let fields = [person.crmId, person.firstName, person.lastName, bad ? "not-an-email" : person.email,
                      person.phone, city.name, city.country, person.consent,
                      CohortCore.Timestamp.rfc3339(updated(person))]
        return fields.map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
            .joined(separator: ",")
    }

    static func loyalty(_ person: BenchmarkPerson, bad: Bool) -> String {
        let crm = person.kind == .crm ? #","crmId":"\#(person.crmId)""# : ""
        return #"{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":\#(person.loyaltyId)\#(crm)}},"loyalty":{"points":\#(person.index % 50_000),"tier":"\#(bad ? "diamond" : person.tier)","joinDate":"2020-01-01"},"person":{"name":{"firstName":\#(quoted(person.firstName)),"lastName":\#(quoted(person.lastName))}},"extSourceSystemAudit":{"lastUpdatedDate":"\#(CohortCore.Timestamp.rfc3339(updated(person)))"}}"#
    }

    static func purchase(_ person: BenchmarkPerson, number: Int, bad: Bool, random: inout SplitMix64) -> String {
        let product = random.pick(Catalog.products)
        let price = bad ? #""free""# : String(format: "%.2f", Double(product.cents) / 100)
        return #"{"_id":"p-\#(person.index)-\#(number)","timestamp":"\#(CohortCore.Timestamp.rfc3339(moment(&random)))","eventType":"commerce.purchases","_techmarketingdemos":{"systemIdentifier":{"loyaltyId":\#(person.loyaltyId)}},"commerce":{"order":{"purchaseID":"B-\#(person.index)-\#(number)","priceTotal":\#(price),"currencyCode":"USD"},"purchases":{"value":1}},"productListItems":[{"SKU":"\#(product.sku)","name":\#(quoted(product.name)),"quantity":1,"priceTotal":\#(price)}]}"#
    }

    static func webEvent(_ person: BenchmarkPerson, number: Int, bad: Bool, random: inout SplitMix64) -> String {
        let device = person.devices[number % person.devices.count]
        let product = random.pick(Catalog.products)
        let type = ["commerce.productViews", "commerce.productViews", "web.webpagedetails.pageViews", "commerce.productListAdds"][Int(random.next() % 4)]
        // Junk identities now and then: an ECID that is not one, which is dropped and counted.
        let ecid = number % 97 == 13 ? "anonymous" : device
        var identities = #""ECID":[{"id":"\#(ecid)","authenticatedState":"ambiguous","primary":true}]"#
        if person.isKnown && number % 2 == 0 {
            identities += #","lumaCrmId":[{"id":"\#(person.crmId)","authenticatedState":"authenticated","primary":false}]"#
        }
        let id = bad ? "" : #""_id":"w-\#(person.index)-\#(number)","#
        let measure = type == "commerce.productListAdds" ? #""commerce":{"productListAdds":{"value":1}},"# : type == "commerce.productViews" ? #""commerce":{"productViews":{"value":1}},"# : ""
        return #"{\#(id)"timestamp":"\#(CohortCore.Timestamp.rfc3339(moment(&random)))","eventType":"\#(type)","identityMap":{\#(identities)},"web":{"webPageDetails":{"name":\#(quoted(product.name)),"URL":"https://luma.example.com\#(product.path)"}},"device":{"type":"\#(["desktop", "mobile", "tablet"][number % 3])"},\#(measure)"productListItems":[{"SKU":"\#(product.sku)","name":\#(quoted(product.name)),"quantity":1}]}"#
    }

    /// A moment in the year before the data's last day, more of them recent.
    private static func moment(_ random: inout SplitMix64) -> Int64 {
        let back = Int(random.next() % 365)
        let days = BenchmarkData.lastDay - min(back, Int(random.next() % 365))
        return Int64(days) * 86_400_000 + Int64(random.next() % 86_400_000)
    }

    private static func updated(_ person: BenchmarkPerson) -> Int64 {
        Int64(BenchmarkData.lastDay - 30 - person.index % 300) * 86_400_000 + Int64(person.index % 86_400) * 1000
    }

    private static func quoted(_ text: String) -> String {
        var output = ""
        JSONWriter.writeString(text, to: &output)
        return output
    }
}
