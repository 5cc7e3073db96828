import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// Export rows computed on Spark against the native planners' rows, byte for byte, where the rules bite: the
/// template with its Email identities kept as written (not normalized at ingest), so that hashing must trim
/// and lowercase them, and CRM profiles with odd values — emails in upper case, with Gmail dots and
/// `+suffix`es, phone numbers in national, international and broken formats, names with accents and
/// punctuation, ZIP+4 codes, country names, consent denied or absent, a mandatory attribute missing — exported
/// by the presets (Meta with every column it normalizes, Google's Gmail rules) and by a destination that
/// deduplicates by an attribute many members share (ties broken the native way). Skipped without Java or
/// pyspark, unless CI is set.
@Suite(.serialized) struct SparkExportRowsTests {
    static let now = Date(timeIntervalSince1970: 1_795_219_200)

    @Test(.enabled(if: SparkProfileFrameTests.shouldRun, "Java 17 and pyspark are not installed (see .ci/run)"))
    func sparkRowsAreTheNativeRows() throws {
        var submit = try #require(SparkProfileFrameTests.spark, "Java or pyspark is missing (see .ci/run)")
        submit.runLocally(timeout: 1_200)
        let folder = try SparkProfileFrameTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let native = try Self.workspace(in: folder.appendingPathComponent("native"))
        let spark = try Self.workspace(in: folder.appendingPathComponent("spark"))
        _ = try Builder(root: native).build(rebuild: false, now: Self.now)
        let build = SparkBuild(builder: try Builder(root: spark), submit: submit)
        let job = try build.prepare(rebuild: false, now: Self.now)
        try submit.run(program: job.folder.appendingPathComponent(SparkCompilation.programName), arguments: job.arguments,
                       log: folder.appendingPathComponent("spark.log"))
        _ = try build.finish(job)

        // Every odd profile passes its schema (values the schema refuses would never reach a row).
        let rejected = try SparkBuildTests.files(under: native.appendingPathComponent("rejected"))
        #expect(!rejected.contains { $0.contains("odd.json") }, "\(rejected)")
        try SparkBuildTests.expectSameFiles(native, spark, name: "odd values")
        let everyone = try String(contentsOf: native.appendingPathComponent("exports/dedup-city/dedup-city_everyone.csv"),
                                  encoding: .utf8)
        #expect(everyone.contains(",Portland,"), "the deduplicated file exports someone from Portland")
        let meta = try SparkBuildTests.files(under: native.appendingPathComponent("exports/meta-audiences"))
        #expect(meta.contains { $0.hasPrefix("meta-audiences_everyone_") }, "Meta exports the odd profiles")
        // Google's Gmail rules bite: dots and the +suffix dropped before hashing, so a broken rule changes the bytes.
        let googleFolder = native.appendingPathComponent("exports/google-match")
        let google = try SparkBuildTests.files(under: googleFolder).filter { $0.hasSuffix(".csv") }
            .map { try String(contentsOf: googleFolder.appendingPathComponent($0), encoding: .utf8) }.joined()
        for address in ["janedoe@gmail.com", "abc@googlemail.com"] {
            #expect(google.contains(SHA256.hex(Array(address.utf8))), "Google exports \(address) hashed")
        }
    }

    @Test func aRowRuleSparkCannotReproduceIsRefusedWhereItIsWritten() throws {
        let folder = try SparkProfileFrameTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try SparkProfileFrameTests.workspace(in: folder.appendingPathComponent("luma"), inbox: .template)
        #expect(SparkSupport.unsupported(in: try WorkspaceFiles(root: root).load().workspace).isEmpty,
                "the template's six destinations export on Spark")
        let meta = root.appendingPathComponent("destinations/meta-audiences.json")
        let definition = try String(contentsOf: meta, encoding: .utf8)
        try Data(definition.replacingOccurrences(of: "\"source\": \"homeAddress.postalCode\"", with: "\"source\": \"loyalty.points\"").utf8)
            .write(to: meta)
        let workspace = try WorkspaceFiles(root: root).load().workspace
        let unsupported = SparkSupport.unsupported(in: workspace)
        #expect(unsupported.count == 1)
        let message = unsupported.first?.description ?? ""
        #expect(message.contains("destinations/meta-audiences.json:"), "located in the destination: \(message)")
        #expect(message.contains("\"zip\"") && message.contains("loyalty.points") && message.contains("--engine native"),
                "names the column, the field and what to do: \(message)")
    }

    /// The template with the odd CRM profiles in its inbox, a segment of every CRM profile, and destinations that
    /// normalize, check and deduplicate them.
    static func workspace(in root: URL) throws -> URL {
        _ = try SparkProfileFrameTests.workspace(in: root, inbox: .template)
        let files: [String: String] = [
            "segments/everyone.pql": "_techmarketingdemos.systemIdentifier.crmId.isNotNull()\n",
            "inbox/crm/odd.json": oddProfiles,
            "destinations/google-match.json": """
                {"id": "google-match", "preset": "google-customer-match", "segments": ["everyone"],
                 "identity": {"namespace": "Email"}, "marketingAction": "exportToThirdParty",
                 "mappings": [{"source": "mobilePhone.number", "target": "Phone"},
                              {"source": "person.name.firstName", "target": "First Name"},
                              {"source": "person.name.lastName", "target": "Last Name"},
                              {"source": "homeAddress.country", "target": "Country"},
                              {"source": "homeAddress.postalCode", "target": "Zip"}]}
                """,
            "destinations/meta-audiences.json": """
                {"id": "meta-audiences", "preset": "meta-custom-audiences", "segments": ["hoodie-shoppers", "everyone"],
                 "identity": {"namespace": "Email"}, "marketingAction": "exportToThirdParty",
                 "mappings": [{"source": "mobilePhone.number", "target": "phone"},
                              {"source": "person.name.firstName", "target": "fn"},
                              {"source": "person.name.lastName", "target": "ln"},
                              {"source": "homeAddress.city", "target": "ct"},
                              {"source": "homeAddress.city", "target": "st"},
                              {"source": "homeAddress.postalCode", "target": "zip"},
                              {"source": "homeAddress.country", "target": "country"},
                              {"source": "person.birthDate", "target": "dob"},
                              {"source": "person.birthDate", "target": "doby"},
                              {"source": "person.gender", "target": "gen"}]}
                """,
            "destinations/dedup-city.json": """
                {"id": "dedup-city", "type": "file", "format": "csv", "mode": "full", "segments": ["everyone"],
                 "identity": {"namespace": "Email", "hash": "sha256"}, "marketingAction": "emailTargeting",
                 "mappings": [{"source": "person.name.firstName", "target": "first"},
                              {"source": "homeAddress.city", "target": "city"},
                              {"source": "homeAddress.postalCode", "target": "zip"}],
                 "mandatory": ["person.name.firstName"], "dedupKey": ["homeAddress.city"],
                 "consent": {"path": "consents.marketing.email.val", "allow": ["y", "dy"]},
                 "fileName": "{destination}_{segment}.csv"}
                """,
        ]
        for (path, text) in files {
            try Data(text.utf8).write(to: root.appendingPathComponent(path))
        }
        // Emails kept as written: the export's hashing normalizes them, not ingest.
        let email = root.appendingPathComponent("namespaces/Email.json")
        let definition = try String(contentsOf: email, encoding: .utf8)
        try Data(definition.replacingOccurrences(of: "\"normalize\": \"email\"", with: "\"normalize\": \"none\"").utf8)
            .write(to: email)
        return root
    }

    /// CRM profiles whose values each normalization treats in its own way (one per line: id, email, phone, first
    /// and last name, city, postal code, country, birth date, gender, consent; nil leaves the field out). Each
    /// passes the CRM schema (its gender enum, its email format), so each reaches the destinations.
    static let oddProfiles: String = {
        let people: [(String, String?, String?, String?, String?, String?, String?, String?, String?, String?, String?)] = [
            ("odd-01", "Jane.Doe+News@GMail.com", "(503) 555-0199", "José", "O'Brien-Smith", "Portland", "97283-1234",
             "usa", "1990-01-31", "female", "y"),
            ("odd-02", "JOHN.SMITH@Example.COM", "+44 (0)20 7946 0958", " Anne Marie ", "DE LA CRUZ", "Portland", " 80200 ",
             "Deutschland", "1975-12-01", "male", "dy"),
            ("odd-03", "a.b.c+x@googlemail.com", "00 49 30 901820", "Zoë", "Ng", "New York", "SW1A 1AA", "GB", "2001-07-04",
             "non_specific", "y"),
            ("odd-04", "Plus+Tag@Example.org", "1-503-555-0142", "Łukasz", "Müller", "São Paulo", "01310-100", "France",
             nil, "not_specified", "y"),
            ("odd-05", "denied@example.net", "555-0123", "Deny", "Consent", "Portland", "97201", "US", "1980-02-29",
             "male", "n"),
            ("odd-06", "absent@example.net", "+1 503 555 0100", "Absent", "Consent", "Portland", "97201", "US", nil,
             nil, nil),
            ("odd-07", "NoName@Example.net", "503.555.0177", nil, "Anonymous", "Portland", "97201", "Canada", nil, nil, "y"),
            ("odd-08", "tie.one@example.com", "12", "Tie", "One", "Denver", "80200", "united states", "1999-09-09", "female", "y"),
            ("odd-09", "Tie.Two@Example.com", "+1 (303) 555-0123 ext", "Tie", "Two", "Denver", "80200", "united states",
             nil, "female", "y"),
            ("odd-10", nil, "+33 1 42 68 53 00", "Phone", "Only", "Paris", "75008", "FR", nil, "male", "y"),
        ]
        func object(_ pairs: [(String, String?)]) -> String {
            "{" + pairs.compactMap { key, value in value.map { "\"\(key)\": \($0)" } }.joined(separator: ", ") + "}"
        }
        func text(_ value: String?) -> String? { value.map { JSONWriter.string(.string($0)) } }
        let records = people.map { person in
            object([
                ("_techmarketingdemos", object([("systemIdentifier", object([("crmId", text(person.0))]))])),
                ("personalEmail", person.1.map { _ in object([("address", text(person.1))]) }),
                ("mobilePhone", object([("number", text(person.2))])),
                ("person", object([("name", object([("firstName", text(person.3)), ("lastName", text(person.4))])),
                                   ("birthDate", text(person.8)), ("gender", text(person.9))])),
                ("homeAddress", object([("city", text(person.5)), ("postalCode", text(person.6)), ("country", text(person.7))])),
                ("consents", person.10.map { _ in
                    object([("marketing", object([("email", object([("val", text(person.10))]))]))])
                }),
                ("extSourceSystemAudit", object([("lastUpdatedDate", text("2026-11-01T00:00:00Z"))])),
            ])
        }
        return "[\n" + records.joined(separator: ",\n") + "\n]\n"
    }()
}
