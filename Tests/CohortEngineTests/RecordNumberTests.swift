import CohortCore
@testable import CohortEngine
import Testing

/// A number is kept only as what its schema type holds exactly: an `integer` field a 64-bit integer,
/// a `number` field a finite double. Both ingest paths keep and reject the same records.
@Suite struct RecordNumberTests {
    static let purchase = #"{"_id":"p1","timestamp":"2025-11-01T14:45:35Z","eventType":"commerce.purchases","#
        + #""_techmarketingdemos":{"systemIdentifier":{"loyaltyId":5408251}},"#
        + #""commerce":{"order":{"purchaseID":"LUMA-ORD-1","priceTotal":PRICE,"currencyCode":"USD"}},"#
        + #""productListItems":[{"SKU":"LLMS02","quantity":QUANTITY}]}"#

    static func record(price: String = "29.00", quantity: String = "1") -> String {
        purchase.replacingOccurrences(of: "PRICE", with: price).replacingOccurrences(of: "QUANTITY", with: quantity)
    }

    static let outOfRange = "commerce.order.priceTotal: the number is out of range (a number is at most ±1.8e308)"
    static let tooWide = "productListItems[0].quantity: the number does not fit a 64-bit integer "
        + "(-9223372036854775808 to 9223372036854775807)"

    @Test(arguments: [
        (record(price: "1e400"), [outOfRange]),
        (record(price: "-1E+400"), [outOfRange]),
        (record(quantity: "9223372036854775808"), [tooWide]),
        (record(quantity: "-9223372036854775809"), [tooWide]),
        (record(quantity: "123456789012345678901234567890"), [tooWide]),
        (record(quantity: "1e400"), [tooWide]),
        (record(quantity: "1e17"),
         ["productListItems[0].quantity: 1e+17 written with a fraction or an exponent is too large to be exact; "
          + "write its digits"]),
    ])
    func whatTheTypeCannotHoldIsRejectedOnBothPaths(_ text: String, _ errors: [String]) throws {
        let builder = try Builder(root: TemplateWorkspaceTests.root)
        let ingest = try #require(builder.datasetIngest("offline-purchases"))
        #expect(ingest.schemaReader.read(Array(text.utf8)) == nil, "the fast lane leaves it to the full path")
        let node = try JSONParser.parse(text, file: "r.json").get()
        guard case .failure(let rejection) = ingest.ingest(Value(node), at: .line(1)) else {
            Issue.record("kept: \(text)")
            return
        }
        #expect(rejection.errors == errors)
    }

    /// The record's price and first item's quantity as kept.
    static func numbers(_ kept: DatasetIngest.Kept) -> [Value?] {
        let attributes = Value.object(kept.attributes)
        guard case .array(let items)? = attributes[path: ["productListItems"]] else { return [] }
        return [attributes[path: ["commerce", "order", "priceTotal"]], items.first?[path: ["quantity"]]]
    }

    @Test(arguments: [
        (record(quantity: "9223372036854775807"), [Value.number(29), .integer(.max)]),
        (record(quantity: "-9223372036854775808"), [.number(29), .integer(.min)]),
        (record(quantity: "1e2"), [.number(29), .integer(100)]),
        (record(price: "1.7e308"), [.number(1.7e308), .integer(1)]),
        (record(price: "-2", quantity: "12345678901234567"), [.integer(-2), .integer(12_345_678_901_234_567)]),
    ])
    func whatTheTypeHoldsIsKeptExactlyOnBothPaths(_ text: String, _ expected: [Value]) throws {
        let builder = try Builder(root: TemplateWorkspaceTests.root)
        let ingest = try #require(builder.datasetIngest("offline-purchases"))
        let node = try JSONParser.parse(text, file: "r.json").get()
        guard case .success(let full) = ingest.ingest(Value(node), at: .line(1)) else {
            Issue.record("rejected: \(text)")
            return
        }
        #expect(Self.numbers(full) == expected)
        if let read = ingest.schemaReader.read(Array(text.utf8)) {
            guard case .success(let fast) = ingest.ingest(checked: read, at: .line(1)) else {
                Issue.record("the fast lane rejected what the full path keeps")
                return
            }
            #expect(fast == full)
        }
    }
}
