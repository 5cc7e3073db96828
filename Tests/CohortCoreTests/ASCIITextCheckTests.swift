import Testing
@testable import CohortCore

/// `ASCIITextCheck`, which the fast lanes use to check a string without making one, accepts
/// exactly the ASCII texts that `RecordValidator` accepts, and stands aside where it cannot.
@Suite struct ASCIITextCheckTests {
    static let fields: [SchemaField] = [
        SchemaField(type: .string, format: .email),
        SchemaField(type: .string, format: .date),
        SchemaField(type: .string, format: .dateTime),
        SchemaField(type: .string, format: .uri),
        SchemaField(type: .string, format: .uriReference),
        SchemaField(type: .string, enumValues: ["desktop", "mobile", ""]),
        SchemaField(type: .string, minLength: 2, maxLength: 5),
        SchemaField(type: .string, format: .email, enumValues: ["a@b.co", "x@y"], maxLength: 6),
    ]

    static let texts = [
        "", "a", "ab", "abcde", "abcdef", "a b", "a\nb", "a\u{7F}b", "desktop", "Desktop", "mobile ",
        "a@b.co", "x@y", "a@@b.co", "@b.co", "a@b..co", "a@.b", "ann@example.com",
        "2026-02-28", "2026-02-29", "2024-02-29", "2026-13-01", "2026-1-01",
        "2026-06-02T20:21:40Z", "2026-06-02t20:21:40z", "2026-06-02 20:21:40.5+01:00", "2026-06-02T24:00:00Z",
        "2026-06-02T20:21:40", "2026-06-02T20:21:40.Z", "2026-06-02T20:21:40+0100",
        "https://luma.example.com/a.html", "mailto:a@b.co", "1http://x", "h+t.t-p:x", "no scheme", ":x",
    ]

    @Test func acceptsWhatTheValidatorAccepts() throws {
        let id = Located("s", at: SourceLocation(file: "schemas/s.json", line: 1, column: 1))
        let validator = RecordValidator(schema: Schema(id: id, title: "s", schemaClass: .profile, root: .object()))
        for field in Self.fields {
            let check = try #require(ASCIITextCheck(field))
            for text in Self.texts {
                let bytes = Array(text.utf8)
                let (reads, accepts) = bytes.withUnsafeBufferPointer { (ASCIITextCheck.reads($0), check.accepts($0)) }
                #expect(reads)
                let expected = validator.leafProblem(.string(text), as: field) == nil
                #expect(accepts == expected, "\(text.debugDescription) as \(field)")
            }
        }
    }

    @Test func readsNoCarriageReturnOrTextOutsideASCII() {
        for text in ["a\r\nb", "a\rb", "é", "a\u{212A}"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer(ASCIITextCheck.reads) == false, "\(text.debugDescription)")
        }
    }

    @Test func standsAsideForPatternsAndEnumValuesOutsideASCII() {
        // The Kelvin sign is canonically equivalent to "K": only a string comparison finds them equal.
        #expect(ASCIITextCheck(SchemaField(type: .string, enumValues: ["\u{212A}"])) == nil)
        #expect(ASCIITextCheck(SchemaField(type: .string, pattern: Located("^[A-Z]+$", at: .start(of: "schemas/s.json")))) == nil)
        #expect(ASCIITextCheck(SchemaField(type: .integer, minimum: 0)) == nil)
    }
}
