import Testing
@testable import CohortCore

@Suite struct RecordValidatorTests {
    static let schemas = WorkspaceLoader.load([
        SourceFile(path: "schemas/person.json", text: """
            {"id": "person", "meta:class": "profile", "properties": {
              "crmId": {"type": "string", "minLength": 3},
              "person": {"type": "object", "properties": {"birthDate": {"type": "string", "format": "date"},
                                                          "gender": {"type": "string", "enum": ["male", "female"]}}},
              "personalEmail": {"type": "object", "properties": {"address": {"type": "string", "format": "email"}}},
              "loyalty": {"type": "object", "properties": {"points": {"type": "integer", "minimum": 0}, "vip": {"type": "boolean"},
                                                           "code": {"type": "string", "pattern": "^[A-Z]{2}[0-9]+$"}}},
              "score": {"type": "number", "maximum": 1}
            }, "required": ["crmId"]}
            """),
        SourceFile(path: "schemas/purchase.xml", text: """
            <schema id="purchase" class="experienceevent">
              <field path="commerce.order.priceTotal" type="number"/>
              <field path="productListItems" type="array" items="object"/>
              <field path="productListItems.SKU" type="string"/>
              <field path="productListItems.quantity" type="integer"/>
            </schema>
            """),
    ]).workspace

    let person = RecordValidator(schema: schemas.schema("person")!)
    let purchase = RecordValidator(schema: schemas.schema("purchase")!)

    private func json(_ text: String) -> Value {
        guard case .success(let node) = JSONParser.parse(text, file: "r.json") else { return .null }
        return Value(node)
    }

    @Test func aGoodRecordIsKeptWithUnknownFieldsAndNullsDropped() {
        let outcome = person.validate(json("""
            {"crmId": "c-1", "person": {"gender": "female", "birthDate": null, "nickname": "Ann"}, "shoeSize": 38,
             "loyalty": {"points": 12, "vip": true, "code": "AB12"}, "score": 0.5,
             "identityMap": {"Email": [{"id": "ann@example.com", "primary": true}]}}
            """))
        #expect(outcome.errors == [])
        #expect(outcome.droppedFields == ["person.nickname", "shoeSize"])
        #expect(outcome.record == json("""
            {"crmId": "c-1", "person": {"gender": "female"}, "loyalty": {"points": 12, "vip": true, "code": "AB12"}, "score": 0.5,
             "identityMap": {"Email": [{"id": "ann@example.com", "primary": true}]}}
            """))
    }

    @Test func everyProblemIsNamedByPathAndTheRecordIsRejected() {
        let outcome = person.validate(json("""
            {"crmId": "c", "person": {"gender": "femal", "birthDate": "1990-02-30"}, "personalEmail": {"address": "not-an-email"},
             "loyalty": {"points": "lots", "vip": "yes", "code": "ab12"}, "score": 3, "identityMap": {"Email": "x"}}
            """))
        #expect(outcome.record == nil)
        #expect(outcome.errors == [
            "crmId: \"c\" is shorter than 3 characters",
            "loyalty.code: \"ab12\" does not match the pattern ^[A-Z]{2}[0-9]+$",
            "loyalty.points: expected a whole number, found a string",
            "loyalty.vip: expected true or false, found a string",
            "person.birthDate: \"1990-02-30\" is not a date (YYYY-MM-DD)",
            "person.gender: \"femal\" is not one of male, female; did you mean `female`?",
            "personalEmail.address: \"not-an-email\" is not an email address",
            "score: 3 is more than the maximum 1",
            "identityMap: Email must be an array of {\"id\": …} objects",
        ])
    }

    @Test func requiredFieldsAndEventIdentity() {
        #expect(person.validate(json(#"{"loyalty": {"points": 1}}"#)).errors == ["crmId: required, but missing"])
        #expect(purchase.validate(json(#"{"timestamp": "2026-01-02T03:04:05Z"}"#)).errors == ["_id: required, but missing"])
        #expect(purchase.validate(json(#"{"_id": "1", "timestamp": "yesterday"}"#)).errors == [
            "timestamp: \"yesterday\" is not a date-time (YYYY-MM-DDTHH:MM:SSZ or with an offset)",
        ])
        #expect(person.validate(json("[1]")).errors == ["(record): expected an object, found an array"])
    }

    @Test func arrayElementsAreCheckedWithTheirIndex() {
        let outcome = purchase.validate(json("""
            {"_id": "e1", "timestamp": "2026-01-02T03:04:05.250+01:00", "commerce": {"order": {"priceTotal": 10}},
             "productListItems": [{"SKU": "A", "quantity": 1}, {"SKU": "B", "quantity": 1.5}]}
            """))
        #expect(outcome.errors == ["productListItems[1].quantity: expected a whole number, found a number"])
    }

    @Test func csvTextIsCoercedByTheSchema() {
        let good = person.validate(textFields: [("crmId", "c-42"), ("loyalty.points", "120"), ("loyalty.vip", "TRUE"),
                                                ("score", "0.25"), ("person.gender", ""), ("Favourite colour", "red")])
        #expect(good.errors == [])
        #expect(good.droppedFields == ["Favourite colour"])
        #expect(good.record == json(#"{"crmId": "c-42", "loyalty": {"points": 120, "vip": true}, "score": 0.25}"#))
        let bad = person.validate(textFields: [("crmId", "c-42"), ("loyalty.points", "12.5"), ("loyalty.vip", "maybe"), ("score", "x")])
        #expect(bad.record == nil)
        #expect(bad.errors == ["loyalty.points: \"12.5\" is not a whole number", "loyalty.vip: \"maybe\" is not true or false",
                               "score: \"x\" is not a number"])
    }

    /// XML gives every leaf as text and a lone repeated element as a single value.
    @Test func xmlRecordsAreCoercedByTheSchema() throws {
        let xml = """
            <purchases>
              <purchase><_id>e1</_id><timestamp>2026-01-02T03:04:05Z</timestamp>
                <commerce><order><priceTotal>12.50</priceTotal></order></commerce>
                <productListItems><SKU>A</SKU><quantity>2</quantity></productListItems></purchase>
              <purchase><_id>e2</_id><timestamp>2026-01-02T03:04:05Z</timestamp>
                <commerce><order><priceTotal>free</priceTotal></order></commerce></purchase>
            </purchases>
            """
        let values = RecordSource.read(Array(xml.utf8), file: "p.xml", format: .xml).compactMap(\.recordAsRead)
        #expect(values.count == 2)
        let coercing = RecordValidator(schema: Self.schemas.schema("purchase")!, coercingText: true)
        let good = coercing.validate(values[0])
        #expect(good.errors == [])
        #expect(good.record == json(#"{"_id": "e1", "timestamp": "2026-01-02T03:04:05Z", "commerce": {"order": {"priceTotal": 12.5}}, "productListItems": [{"SKU": "A", "quantity": 2}]}"#))
        #expect(purchase.validate(values[0]).record == nil, "without coercion the text values are type errors")
        #expect(coercing.validate(values[1]).errors == ["commerce.order.priceTotal: \"free\" is not a number"])
    }

    @Test func formatsFollowTheCalendarAndRFC3339() {
        #expect(FormatCheck.isDate(Array("2024-02-29".utf8)[...]))
        #expect(!FormatCheck.isDate(Array("2023-02-29".utf8)[...]))
        #expect(!FormatCheck.isDate(Array("1900-02-29".utf8)[...]))
        #expect(FormatCheck.isDate(Array("2000-02-29".utf8)[...]))
        #expect(!FormatCheck.isDate(Array("2024-13-01".utf8)[...]))
        #expect(FormatCheck.isDateTime("2026-11-29T23:59:60Z"))
        #expect(FormatCheck.isDateTime("2026-11-29 08:00:00-05:30"))
        #expect(!FormatCheck.isDateTime("2026-11-29T08:00:00"))
        #expect(!FormatCheck.isDateTime("2026-11-29T24:00:00Z"))
        #expect(FormatCheck.isEmail("a.b+c@example.co.uk"))
        #expect(!FormatCheck.isEmail("a@b"))
        #expect(!FormatCheck.isEmail("a b@example.com"))
        #expect(FormatCheck.hasScheme("https://luma.example.com/x"))
        #expect(!FormatCheck.hasScheme("/relative/path"))
        #expect(FormatCheck.hasScheme("svn+ssh://host/repo"))
        #expect(!FormatCheck.hasScheme("1http://x"), "a scheme starts with a letter")
        #expect(!FormatCheck.hasScheme("é:x"), "a scheme is ASCII")
        #expect(!FormatCheck.hasScheme("ht tp://x"))
    }

    /// `isEmail` reads ASCII byte by byte: it answers as the rule read by characters does.
    @Test func emailsReadByteByByteAsByCharacters() {
        func byCharacters(_ text: String) -> Bool {
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
            let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
            return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
        }
        let values = [
            "a@b.c", "@b.com", "a@@b.com", "a@b@c.com", "a@b..com", "a@.b.com", "a@b.com.", "a@b", "a@", "", "@",
            "a\t@b.com", "a@b.com\r\n", "a\u{1C}@b.com", "a\u{0B}@b.com", "a@b.com\n", "a.b+c@d-e.f.g", "a@b.c.",
            "é@b.com", "a@\u{301}b.com", "a\u{A0}@b.com", "a@b.com\u{85}", "ü@ö.de", "a@b.\u{301}c",
        ]
        for value in values {
            #expect(FormatCheck.isEmail(value) == byCharacters(value), "\(value.debugDescription)")
        }
    }
}
