import Testing
@testable import CohortCore

/// The files presets write: each platform's header (or none) and columns, whatever the mapping order.
@Suite struct PresetFileTests {
    typealias F = ActivationFixture

    static let ann = F.person(crm: "42", emails: ["ann@example.com"], first: "Ann", last: "Lee", tier: "gold", city: "Oslo")
    static let gates = F.person(crm: "gates,bill", emails: ["bill@example.com"], first: "Bill", tier: "gold")

    static func file(_ json: String, _ profiles: [Profile], name: String) throws -> String? {
        let (workspace, destination) = try F.destination(json)
        let export = FileExportPlanner(destination: destination, workspace: workspace)
            .plan(F.input(profiles, members: ["gold": profiles.map { ($0, 1) }]), previous: .none)
        return F.text(export.files[name])
    }

    /// LinkedIn's template keeps every header; fields a destination does not fill stay blank.
    @Test func linkedInWritesEveryHeaderOfItsTemplate() throws {
        let json = #"""
            {"id": "li", "preset": "linkedin-matched-audiences", "segments": ["gold"], "identity": {"namespace": "Email"},
             "mappings": [{"source": "person.name.lastName", "target": "lastname"}, {"source": "person.name.firstName", "target": "firstname"}]}
            """#
        // SHA-256 of "ann@example.com" (printf '%s' ann@example.com | sha256sum).
        #expect(try Self.file(json, [Self.ann], name: "li_gold.csv") == """
            email,firstname,lastname,jobtitle,employeecompany,country,googleaid
            71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476,Ann,Lee,,,,

            """)
    }

    /// Airship's published list example: no header, `named_user,<id>`, an id with a comma quoted.
    @Test func airshipWritesTypeAndIdPairsWithoutAHeader() throws {
        let json = #"{"id": "push", "preset": "airship-named-user-list", "segments": ["gold"], "identity": {"namespace": "crm"}, "consent": {"path": "consents.marketing.email.val", "allow": ["y"]}}"#
        #expect(try Self.file(json, [Self.ann, Self.gates], name: "push_gold.csv") == """
            named_user,42
            named_user,"gates,bill"

            """)
    }

    /// Push consent is required by default: a workspace whose profiles hold no push consent is told
    /// so at the preset, and can name its own `consent`.
    @Test func airshipRequiresPushConsentByDefault() throws {
        let json = #"{"id": "push", "preset": "airship-named-user-list", "segments": ["gold"], "identity": {"namespace": "crm"}}"#
        #expect(PresetCheckTests.errors(json).map { $0.hasPrefix(#"destinations/d.json:1:26: error: unknown profile field "consents.marketing.push.val""#) } == [true])
    }

    /// Target: the customer id first, then the user's own attribute names in mapping order.
    @Test func targetKeysRowsByTheCustomerIdAndTakesAttributesOfAnyName() throws {
        let json = #"""
            {"id": "target", "preset": "adobe-target-customer-attributes", "segments": ["gold"], "identity": {"namespace": "crm"},
             "mappings": [{"source": "loyalty.tier", "target": "loyaltyTier"}, {"source": "homeAddress.city", "target": "city"}]}
            """#
        #expect(try Self.file(json, [Self.ann], name: "target_gold.csv") == """
            mbox3rdPartyId,loyaltyTier,city
            42,gold,Oslo

            """)
        // "Double-quote characters in a field must be escaped using a backslash": a quoted city is written
        // so, and the file reads back (a later export compares with it) as the rows it was written from.
        let quoted = F.person(crm: "7", emails: [], first: "Q", tier: "gold", city: #"The "Big" Apple, NY"#)
        #expect(try Self.file(json, [quoted], name: "target_gold.csv") == #"""
            mbox3rdPartyId,loyaltyTier,city
            7,gold,"The \"Big\" Apple, NY"

            """#)
        let (workspace, destination) = try F.destination(json)
        let planner = FileExportPlanner(destination: destination, workspace: workspace)
        let first = planner.plan(F.input([quoted], members: ["gold": [(quoted, 1)]]), previous: .none)
        let again = planner.plan(F.input([quoted], members: ["gold": [(quoted, 1)]]), previous: PreviousExport.none.after(first))
        #expect(again.unreadable == [] && again.changes["gold"]?.isEmpty == true)
        let period = json.replacingOccurrences(of: #""target": "city""#, with: #""target": "home.city""#)
        #expect(PresetCheckTests.errors(period).map { $0.contains(#"cannot name a column "home.city": Target's attribute names cannot contain a period"#) } == [true])
    }

    @Test func aConstantColumnCannotBeMapped() {
        let json = #"{"id": "push", "preset": "airship-named-user-list", "segments": ["gold"], "identity": {"namespace": "crm"}, "consent": {"path": "consents.marketing.email.val", "allow": ["y"]}, "mappings": [{"source": "loyalty.tier", "target": "identifier_type"}]}"#
        #expect(PresetCheckTests.errors(json).map { $0.contains(#"column "identifier_type" of preset "airship-named-user-list" holds "named_user" in every row"#) } == [true])
    }
}
