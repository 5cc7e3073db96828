import Testing
@testable import CohortCore

/// Phones become E.164 with the workspace's `defaultCountry`; what cannot become E.164 is dropped.
@Suite struct PhoneNumberTests {
    @Test(arguments: [
        // International: `+`, `00`, or the default country's exit code; separators and "(0)" ignored.
        ("+1 503-555-0001", nil, "+15035550001"),
        ("+1 (503) 555.0001", "DE", "+15035550001"),
        ("0044 20 7946 0018", nil, "+442079460018"),
        ("+44 (0)20 7946 0018", nil, "+442079460018"),
        ("011 44 20 7946 0018", "US", "+442079460018"),
        ("+49\u{00A0}30 901820", nil, "+4930901820"),
        ("+49 30 901820", "XX", "+4930901820"),
        // National: the default country's calling code, its trunk prefix dropped where it has one.
        ("503-555-0001", "US", "+15035550001"),
        ("1 (503) 555-0001", "CA", "+15035550001"),
        ("020 7946 0018", "GB", "+442079460018"),
        ("030 901820", "DE", "+4930901820"),
        ("06 1 234 5678", "HU", "+3612345678"),
        ("8 912 345-67-89", "RU", "+79123456789"),
        ("06 6982 1234", "IT", "+390669821234"),
        ("03-1234-5678", "JP", "+81312345678"),
    ] as [(String, String?, String)])
    func numbersBecomeE164(raw: String, country: String?, expected: String) {
        #expect(PhoneNumber.e164(raw, defaultCountry: country) == expected)
    }

    @Test(arguments: [
        ("503-555-0001", nil),          // national, but no default country
        ("5035550001", nil),
        ("555-0100", "US"),             // North American numbers have ten digits after the 1
        ("+1 503 555 00011", nil),
        ("+49 30 1234 5678 9012 3456", nil),  // over 15 digits
        ("+12", nil),                   // too short
        ("+0 123 456 789", nil),        // no calling code starts with 0
        ("+1 503 555 0001 ext. 12", nil),
        ("503-CALL-NOW", "US"),
        ("+1 503 +555 0001", nil),
        ("+", "US"),
        ("", "US"),
        ("--", "US"),
        ("+1\n503 555 0001", nil),
        ("+١٥٠٣٥٥٥٠٠٠١", nil),         // digits of another script
    ] as [(String, String?)])
    func whatCannotBecomeE164IsNil(raw: String, country: String?) {
        #expect(PhoneNumber.e164(raw, defaultCountry: country) == nil)
    }

    @Test func ingestDropsAndCountsPhonesThatCannotBecomeE164() {
        let workspace = WorkspaceLoader.load([
            SourceFile(path: "cohort.json", text: #"{"name": "w", "defaultCountry": "us"}"#),
            SourceFile(path: "schemas/p.json", text: """
                {"id": "p", "meta:class": "profile", "properties": {"crmId": {"type": "string"},
                  "mobilePhone": {"type": "object", "properties": {"number": {"type": "string"}}}},
                 "identities": [{"path": "crmId", "namespace": "crm", "primary": true}, {"path": "mobilePhone.number", "namespace": "Phone"}]}
                """),
            SourceFile(path: "namespaces/crm.json", text: #"{"code": "crm", "type": "cross_device"}"#),
        ])
        #expect(workspace.diagnostics.isEmpty)
        #expect(workspace.workspace.settings.defaultCountry?.value == "US")
        let extractor = IdentityExtractor(schema: workspace.workspace.schema("p")!, namespaces: workspace.workspace.allNamespaces,
                                          limit: 20, defaultCountry: workspace.workspace.settings.defaultCountry?.value)
        let national = extractor.extract(from: .object(["crmId": .string("c1"), "mobilePhone": .object(["number": .string("(503) 555-0001")])]))
        #expect(national.identities.map(\.description) == ["crm:c1", "Phone:+15035550001"])
        let letters = extractor.extract(from: .object(["crmId": .string("c1"), "mobilePhone": .object(["number": .string("call me")])]))
        #expect(letters.identities.map(\.description) == ["crm:c1"])
        #expect(letters.dropped == [.invalid: 1])
        let withoutCountry = IdentityExtractor(schema: workspace.workspace.schema("p")!, namespaces: workspace.workspace.allNamespaces, limit: 20)
            .extract(from: .object(["crmId": .string("c1"), "mobilePhone": .object(["number": .string("503-555-0001")])]))
        #expect(withoutCountry.dropped == [.invalid: 1])
    }

    @Test func anUnknownDefaultCountryIsAnError() {
        let result = WorkspaceLoader.load([SourceFile(path: "cohort.json", text: #"{"name": "w", "defaultCountry": "UK"}"#)])
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.description.hasPrefix(
            #"cohort.json:1:33: error: `defaultCountry` "UK" is not a country whose phone numbers cohort knows (the United Kingdom's code is GB); expected an ISO 3166 alpha-2 code, one of "#) == true)
    }

    @Test func theDefaultCountryIsAnIdentityRule() {
        let plain = WorkspaceLoader.load([SourceFile(path: "cohort.json", text: #"{"name": "w"}"#)]).workspace
        let us = WorkspaceLoader.load([SourceFile(path: "cohort.json", text: #"{"name": "w", "defaultCountry": "US"}"#)]).workspace
        #expect(IdentityRulesFingerprint.of(plain) != IdentityRulesFingerprint.of(us))
    }
}
