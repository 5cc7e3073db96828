@testable import CohortCore

/// A small workspace with people, their identities and consent, and hand-made profiles and
/// memberships, for testing exports without a store.
enum ActivationFixture {
    static let definitions: [SourceFile] = [
        SourceFile(path: "schemas/person.xml", text: """
            <schema id="person" class="profile">
              <field path="crmId" type="string" identity="crm" primary="true"/>
              <field path="personalEmail.address" type="string" identity="Email" labels="I1"/>
              <field path="mobilePhone.number" type="string" identity="Phone"/>
              <field path="person.name.firstName" type="string"/>
              <field path="person.name.lastName" type="string"/>
              <field path="loyalty.tier" type="string"/>
              <field path="loyalty.points" type="integer"/>
              <field path="homeAddress.city" type="string" labels="C2"/>
              <field path="consents.marketing.email.val" type="string"/>
            </schema>
            """),
        SourceFile(path: "schemas/events.xml", text: """
            <schema id="events" class="experienceevent">
              <field path="crmId" type="string" identity="crm" primary="true"/>
              <field path="eventType" type="string"/>
              <field path="commerce.order.priceTotal" type="number"/>
            </schema>
            """),
        SourceFile(path: "namespaces/crm.json", text: #"{"code": "crm", "type": "cross_device"}"#),
        SourceFile(path: "datasets/people.json", text: #"{"id": "people", "schema": "person"}"#),
        SourceFile(path: "datasets/purchases.json", text: #"{"id": "purchases", "schema": "events", "labels": ["C5"]}"#),
        SourceFile(path: "merge-policies/default.json", text: #"{"id": "default", "identityGraph": {"type": "none"}, "isDefault": true}"#),
        SourceFile(path: "merge-policies/stitched.json", text: #"{"id": "stitched", "identityGraph": {"type": "pdg"}}"#),
        SourceFile(path: "segments/gold.pql", text: #"loyalty.tier = "gold""#),
        SourceFile(path: "segments/buyers.pql", text: #"xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal) > 100"#),
        SourceFile(path: "segments/gold-buyers.json", text: #"{"id": "gold-buyers", "expression": {"type": "PQL", "format": "pql/text", "value": "inSegment(\"gold\") and inSegment(\"buyers\")"}, "mergePolicyId": "stitched"}"#),
    ]

    /// The fixture's definitions with these destinations and policies added.
    static func workspace(_ extra: [SourceFile]) -> WorkspaceLoader.Result {
        WorkspaceLoader.load(definitions + extra)
    }

    static func destination(_ json: String) throws -> (Workspace, Destination) {
        let result = workspace([SourceFile(path: "destinations/d.json", text: json)])
        guard result.definitionErrors.isEmpty, let destination = result.workspace.destinations.first else {
            throw FixtureError(diagnostics: result.diagnostics.map(\.description))
        }
        return (result.workspace, destination)
    }

    struct FixtureError: Error { var diagnostics: [String] }

    static func profile(_ identities: [String], _ attributes: [String: Value]) -> Profile {
        Profile(identities: identities.compactMap(Identity.init(parsing:)).sorted(), attributes: attributes, sources: [:])
    }

    static func person(crm: String, emails: [String] = [], first: String? = nil, last: String? = nil, tier: String? = nil,
                       city: String? = nil, consent: String? = "y") -> Profile {
        var attributes: [String: Value] = ["crmId": .string(crm)]
        if let first { Value.insert(.string(first), at: ["person", "name", "firstName"], into: &attributes) }
        if let last { Value.insert(.string(last), at: ["person", "name", "lastName"], into: &attributes) }
        if let tier { Value.insert(.string(tier), at: ["loyalty", "tier"], into: &attributes) }
        if let city { Value.insert(.string(city), at: ["homeAddress", "city"], into: &attributes) }
        if let consent { Value.insert(.string(consent), at: ["consents", "marketing", "email", "val"], into: &attributes) }
        if let email = emails.first { Value.insert(.string(email), at: ["personalEmail", "address"], into: &attributes) }
        return profile(["crm:\(crm)"] + emails.map { "Email:\($0)" }, attributes)
    }

    /// Memberships where every listed profile is in the segment, qualified at `at` (or per profile).
    static func input(_ profiles: [Profile], members: [String: [(Profile, Int64)]], evaluatedAt: Int64 = 1_000) -> ActivationInput {
        var memberships: [String: [String: Membership]] = [:]
        for (segment, list) in members {
            for (profile, time) in list {
                memberships[segment, default: [:]][profile.identities[0].description] = Membership(status: .realized, lastQualificationTime: time)
            }
        }
        return ActivationInput(profiles: profiles, memberships: memberships, evaluatedAt: evaluatedAt)
    }

    static func text(_ bytes: [UInt8]?) -> String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }
}
