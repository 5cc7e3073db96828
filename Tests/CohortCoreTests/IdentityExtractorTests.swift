import Testing
@testable import CohortCore

@Suite struct IdentityExtractorTests {
    static let workspace = WorkspaceLoader.load([
        SourceFile(path: "schemas/loyalty.json", text: """
            {"id": "loyalty", "meta:class": "profile", "properties": {
              "loyaltyId": {"type": "integer"}, "crmId": {"type": "string"},
              "personalEmail": {"type": "object", "properties": {"address": {"type": "string"}}},
              "mobilePhone": {"type": "object", "properties": {"number": {"type": "string"}}}},
             "identities": [{"path": "crmId", "namespace": "crm"}, {"path": "loyaltyId", "namespace": "loyalty", "primary": true},
                            {"path": "personalEmail.address", "namespace": "Email"}, {"path": "mobilePhone.number", "namespace": "Phone"}]}
            """),
        SourceFile(path: "namespaces/crm.json", text: #"{"code": "crm", "type": "cross_device"}"#),
        SourceFile(path: "namespaces/loyalty.json", text: #"{"code": "loyalty", "type": "cross_device"}"#),
        SourceFile(path: "namespaces/Email.json", text: #"{"code": "Email", "type": "email", "blocked": ["^test@test\\.com$"]}"#),
    ]).workspace

    private func extractor(limit: Int = 20) -> IdentityExtractor {
        IdentityExtractor(schema: Self.workspace.schema("loyalty")!, namespaces: Self.workspace.allNamespaces, limit: limit)
    }

    private func value(_ text: String) -> Value {
        guard case .success(let node) = JSONParser.parse(text, file: "r.json") else { return .null }
        return Value(node)
    }

    /// Primary first, then schema identity fields by path, then identityMap by namespace; duplicates once.
    @Test func identityFieldsAndIdentityMapAreNormalizedPrimaryFirst() {
        let extracted = extractor().extract(from: value("""
            {"crmId": "c1", "loyaltyId": 5625458, "personalEmail": {"address": "  Ann@Example.COM "},
             "mobilePhone": {"number": "+1 (503) 555-0134"},
             "identityMap": {"ECID": [{"id": "12345678901234567890123456789012345678"}], "Email": [{"id": "ann@example.com"}]}}
            """))
        #expect(extracted.identities.map(\.description) == [
            "loyalty:5625458", "crm:c1", "Phone:+15035550134", "Email:ann@example.com", "ECID:12345678901234567890123456789012345678",
        ])
        #expect(extracted.primary?.description == "loyalty:5625458")
        #expect(extracted.dropped == [:])
    }

    @Test func junkBlockedAndUnknownValuesAreDroppedAndCounted() {
        let extracted = extractor().extract(from: value("""
            {"crmId": "anonymous", "personalEmail": {"address": "test@test.com"}, "mobilePhone": {"number": ""},
             "identityMap": {"ECID": [{"id": "331767211379"}, {"id": "NULL"}], "nope": [{"id": "x"}],
                             "loyalty": [{"id": "\(String(repeating: "9", count: 1025))"}]}}
            """))
        #expect(extracted.identities == [])
        #expect(extracted.primary == nil)
        #expect(extracted.dropped == [.invalid: 5, .blocked: 1, .unknownNamespace: 1])
        // The history and the report count them per namespace.
        let counted = extracted.droppedValues.map { "\($0.key.namespace) \($0.key.drop.rawValue) \($0.value)" }.sorted()
        #expect(counted == ["ECID invalid 2", "Email blocked 1", "Phone invalid 1", "crm invalid 1", "loyalty invalid 1",
                            "nope unknownNamespace 1"])
    }

    @Test func atMostTheRecordLimitIsKept() {
        let ecids = (0..<25).map { #"{"id": "\#(String(format: "%038d", $0))"}"# }.joined(separator: ",")
        let extracted = extractor(limit: 20).extract(from: value(#"{"crmId": "c1", "identityMap": {"ECID": [\#(ecids)]}}"#))
        #expect(extracted.identities.count == 20)
        #expect(extracted.identities.first?.description == "crm:c1")
        #expect(extracted.dropped == [.overRecordLimit: 6])
    }
}
