import Testing
@testable import CohortCore

/// SPEC §7: an event belongs to the profile of its highest-priority identity; a profile record to its primary.
@Suite struct RecordAnchorTests {
    static func namespace(_ code: String, _ type: Namespace.IdentityType, priority: Int? = nil,
                          limit: Int? = nil) -> Namespace {
        Namespace(id: Located(code, at: .start(of: "n")), name: code, type: type,
                  priority: priority ?? Namespace.defaultPriority(for: type), limit: limit)
    }

    static let namespaces = [namespace("crm", .crossDevice, limit: 1), namespace("loyalty", .crossDevice, priority: 10),
                             namespace("Email", .email), namespace("ECID", .cookie),
                             namespace("sku", .nonPeople, priority: 1), namespace("partner", .partner, priority: 2)]
    let anchors = RecordAnchor(namespaces: Self.namespaces)

    private func id(_ text: String) -> Identity { Identity(parsing: text)! }

    private func event(_ identities: [String], primary: String?) -> Identity? {
        anchors.anchor(identities: identities.map(id), primary: primary.map(id), isEvent: true)
    }

    @Test func anEventBelongsToItsHighestPriorityIdentityNotTheCookieMarkedPrimary() {
        // The Web SDK marks the ECID primary on every event; the CRM id outranks it.
        let ecid = "ECID:71637951749074886733412161462891306243"
        #expect(event([ecid, "crm:alice"], primary: ecid) == id("crm:alice"))
        #expect(event(["Email:a@x.com", ecid, "crm:alice"], primary: ecid) == id("crm:alice"))
        #expect(event([ecid], primary: ecid) == id(ecid))
    }

    @Test func betweenEqualPrioritiesThePrimaryWinsThenTheRecordsOrder() {
        #expect(event(["crm:a", "loyalty:7"], primary: "loyalty:7") == id("loyalty:7"))
        #expect(event(["loyalty:7", "crm:a"], primary: nil) == id("loyalty:7"))
        #expect(event(["Email:b@x.com", "Email:a@x.com"], primary: "Email:a@x.com") == id("Email:a@x.com"))
        #expect(event(["Email:b@x.com", "Email:a@x.com"], primary: nil) == id("Email:b@x.com"))
    }

    @Test func identitiesThatNeverLinkNeverAnchorAnEventThatHasOneThatDoes() {
        // Even with a higher priority than every person namespace, a product or partner id is not a person.
        #expect(event(["sku:LLMH09", "partner:p1", "ECID:1"], primary: "sku:LLMH09") == id("ECID:1"))
        #expect(event(["sku:LLMH09", "partner:p1"], primary: "partner:p1") == id("partner:p1"))
        // Unknown namespaces are not ranked either.
        #expect(event(["mystery:1", "Email:a@x.com"], primary: "mystery:1") == id("Email:a@x.com"))
        #expect(event(["mystery:1"], primary: nil) == nil)
        #expect(event([], primary: nil) == nil)
    }

    @Test func aProfileRecordBelongsToItsPrimaryIdentity() {
        let record = anchors.anchor(identities: [id("ECID:1"), id("crm:a")], primary: id("ECID:1"), isEvent: false)
        #expect(record == id("ECID:1"))
        #expect(anchors.anchor(identities: [id("crm:a")], primary: nil, isEvent: false) == nil)
    }
}
