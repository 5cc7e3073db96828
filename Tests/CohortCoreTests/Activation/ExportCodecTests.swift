import Testing
@testable import CohortCore

/// Rows as CSV, JSON and NDJSON bytes, read back; identity hashing; the manifest.
@Suite struct ExportCodecTests {
    static func layout(_ json: String) throws -> (Destination, ExportLayout) {
        let (workspace, destination) = try ActivationFixture.destination(json)
        let identity = destination.identity.map { ExportIdentity($0, namespace: workspace.namespace($0.namespace.value)) }
        return (destination, ExportLayout(destination: destination, identity: identity, combined: FileNameTemplate.isCombined(destination.fileName.value)))
    }

    static let rows = [
        ExportRow(segment: "gold", key: "ann@example.com", values: [.string("ann@example.com"), .string("Ann, \"Annie\""), .null, .integer(12)]),
        ExportRow(segment: "gold", key: "bob@example.com", values: [.string("bob@example.com"), .string("Bob\nRoberts"), .string("gold"), .number(2.5)]),
    ]

    static let destinationJSON = #"""
        {"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "format": "%@",
         "mappings": [{"source": "person.name.firstName", "target": "first"}, {"source": "loyalty.tier", "target": "tier"},
                      {"source": "loyalty.points", "target": "points"}], %@}
        """#

    static func destinationText(format: String, extra: String = #""mode": "full""#) -> String {
        destinationJSON.replacingOccurrences(of: "\"format\": \"%@\"", with: "\"format\": \"\(format)\"").replacingOccurrences(of: "%@}", with: "\(extra)}")
    }

    @Test func csvQuotesWhatMustBeQuotedWritesNullTextAndReadsBack() throws {
        let (destination, layout) = try Self.layout(Self.destinationText(format: "csv"))
        let codec = ExportCodec(format: .csv, csv: destination.csv, layout: layout)
        let bytes = codec.render(Self.rows)
        #expect(ActivationFixture.text(bytes) == #"""
            Email,first,tier,points
            ann@example.com,"Ann, ""Annie""",,12
            bob@example.com,"Bob
            Roberts",gold,2.5

            """#)
        let read = try #require(codec.read(bytes, segment: "gold"))
        #expect(read.map(codec.text(of:)) == Self.rows.map(codec.text(of:)))
        #expect(read.map(\.key) == ["ann@example.com", "bob@example.com"])
    }

    @Test func csvOptionsChangeDelimiterQuoteHeaderAndNullText() throws {
        let (destination, layout) = try Self.layout(Self.destinationText(format: "csv", extra: #""csv": {"delimiter": ";", "quote": "'", "header": false, "null": "NULL"}"#))
        let codec = ExportCodec(format: .csv, csv: destination.csv, layout: layout)
        let bytes = codec.render(Self.rows)
        #expect(ActivationFixture.text(bytes) == "ann@example.com;Ann, \"Annie\";NULL;12\nbob@example.com;'Bob\nRoberts';gold;2.5\n")
        #expect(try #require(codec.read(bytes, segment: "gold")).map(codec.text(of:)) == Self.rows.map(codec.text(of:)))
    }

    @Test func jsonAndNDJSONKeepTheColumnOrderAndTypes() throws {
        let (destination, layout) = try Self.layout(Self.destinationText(format: "json"))
        let json = ExportCodec(format: .json, csv: destination.csv, layout: layout)
        #expect(ActivationFixture.text(json.render(Self.rows)) == """
            [
            {"Email":"ann@example.com","first":"Ann, \\"Annie\\"","tier":null,"points":12},
            {"Email":"bob@example.com","first":"Bob\\nRoberts","tier":"gold","points":2.5}
            ]

            """)
        #expect(ActivationFixture.text(json.render([])) == "[]\n")
        let ndjson = ExportCodec(format: .ndjson, csv: destination.csv, layout: layout)
        let lines = ActivationFixture.text(ndjson.render(Self.rows))?.split(separator: "\n")
        #expect(lines?.first == #"{"Email":"ann@example.com","first":"Ann, \"Annie\"","tier":null,"points":12}"#)
        for codec in [json, ndjson] {
            #expect(try #require(codec.read(codec.render(Self.rows), segment: "gold")) == Self.rows)
        }
    }

    @Test func aFileInAnotherShapeIsNotReadAsRows() throws {
        let (destination, layout) = try Self.layout(Self.destinationText(format: "csv"))
        let codec = ExportCodec(format: .csv, csv: destination.csv, layout: layout)
        #expect(codec.read(Array("Email,name\na,b\n".utf8), segment: "gold") == nil)
        #expect(codec.read(Array("Email,first,tier,points\na,b\n".utf8), segment: "gold") == nil)
        #expect(ExportCodec(format: .json, csv: destination.csv, layout: layout).read(Array("[{\"x\":1}]".utf8), segment: "gold") == nil)
    }

    @Test func hashingNormalizesLikeAdobeAndAdPlatforms() {
        let email = ExportIdentity(Destination.Identity(namespace: Located("Email", at: .start(of: "t")), hash: .sha256),
                                   namespace: Namespace.builtIn.first { $0.id.value == "Email" })
        // Adobe's documented example: " ecid@adobe.com " is trimmed and lowercased, then hashed.
        #expect(email.exported(" ECID@adobe.com ") == "a6ea4cde5da5ae7cc68baae894d1d6544fca26254433b0fff7c2cb4843b4a097")
        #expect(email.columnName == "Email_SHA256")
        let phone = ExportIdentity(Destination.Identity(namespace: Located("Phone", at: .start(of: "t")), hash: .sha256),
                                   namespace: Namespace.builtIn.first { $0.id.value == "Phone" })
        let e164 = "8a59780bb8cd2ba022bfa5ba2ea3b6e07af17a7d8b30c1f9b3390e36f69019e4"  // sha256("+15551234567")
        #expect(phone.exported("+1 (555) 123-4567") == e164)
        // Without a country code a number is national: E.164 only with the workspace's default country.
        #expect(phone.exported("1-555-123-4567") == nil)
        let usPhone = ExportIdentity(Destination.Identity(namespace: Located("Phone", at: .start(of: "t")), hash: .sha256),
                                     namespace: Namespace.builtIn.first { $0.id.value == "Phone" }, defaultCountry: "US")
        #expect(usPhone.exported("1-555-123-4567") == e164)
        #expect(usPhone.exported("(555) 123-4567") == e164)
        #expect(usPhone.exported("555-1234") == nil)
        let plain = ExportIdentity(Destination.Identity(namespace: Located("Email", at: .start(of: "t"))), namespace: nil)
        #expect(plain.exported(" Ann@Example.com ") == " Ann@Example.com ")
        #expect(plain.columnName == "Email")
    }

    @Test func theManifestIsIndentedSortedAndReadsBack() {
        var counts = ExportCounts()
        counts.members = 5
        counts.exported = 3
        counts.consent = 1
        counts.identity = 1
        let manifest = ExportManifest(destination: "d", export: 2, files: [
            .init(name: "d_gold_000002.csv", segment: "gold", export: 2, rows: 1),
            .init(name: "d_gold_000001.csv", segment: "gold", export: 1, rows: 3),
        ], segments: ["gold": counts])
        let text = ActivationFixture.text(manifest.encoded()) ?? ""
        #expect(text.hasPrefix("{\n  \"destination\": \"d\",\n  \"export\": 2,\n  \"files\": [\n    {\n      \"export\": 1,"))
        #expect(text.hasSuffix("}\n"))
        #expect(ExportManifest.decode(manifest.encoded()) == manifest)
        #expect(ExportManifest.decode(Array("{\"files\": 3}".utf8)) == nil)
    }

    @Test func splitFilesAreNumberedBeforeTheExtension() {
        #expect(FileNameTemplate.part("d_gold.csv", 1) == "d_gold.csv")
        #expect(FileNameTemplate.part("d_gold.csv", 2) == "d_gold_2.csv")
        #expect(FileNameTemplate.part("export", 3) == "export_3")
        #expect(FileNameTemplate.name("{destination}_{segment}_{build}.csv", destination: "ads", segment: "gold", export: 7) == "ads_gold_000007.csv")
    }
}
