import Testing
@testable import CohortCore

/// A definition file that cannot be read reports its own errors once; each file that uses it says
/// once that it depends on it, instead of an error per field or reference that follows.
@Suite struct BrokenDependencyTests {
    static func load(_ base: [SourceFile], _ changes: [String: String]) -> WorkspaceLoader.Result {
        WorkspaceLoader.load(StrictModeTests.files(base, changes))
    }

    static func dependsOn(_ kind: String, _ id: String, _ file: String) -> String {
        "depends on broken \(kind) \"\(id)\"; fix the errors in \(file) first"
    }

    @Test func aSchemaThatDoesNotParseIsOneErrorAndEachUserSaysSoOnce() {
        let result = Self.load(JSONAndXMLFormsTests.jsonFiles, [
            "schemas/person.json": #"{"id": "person", "meta:class": "profile", "properties": {"crmId": {"type": "string"}"#,
            "datasets/people-again.json": #"{"id": "people-again", "schema": "person", "mapping": {"Tier": "loyalty.tier"}}"#,
            "segments/points.json": """
                {"id": "points", "expression": {"type": "PQL", "format": "pql/text",
                 "value": "loyalty.points > 10 and consents.email = \\"y\\" and personalEmail.address.isNotNull()"}}
                """,
        ])
        let byFile = Dictionary(grouping: result.errors, by: \.location.file)
        // The schema's own error, once.
        #expect(byFile["schemas/person.json"]?.count == 1)
        #expect(byFile["schemas/person.json"]?.first?.code == .syntax)
        // Two datasets, two segments and a destination use it: one line each.
        let dependents = ["datasets/people.json", "datasets/people-again.json", "segments/gold.json", "segments/points.json",
                          "destinations/email.json"]
        for file in dependents {
            #expect(byFile[file]?.map(\.message) == [Self.dependsOn("schema", "person", "schemas/person.json")], "\(file)")
            #expect(byFile[file]?.first?.code == .brokenDependency)
            #expect(byFile[file]?.first?.hint == "fix the errors in schemas/person.json first")
        }
        #expect(result.errors.count == 1 + dependents.count)
        #expect(!result.diagnostics.contains { $0.message.hasPrefix("unknown") })
    }

    @Test func anXMLSchemaThatDoesNotParseIsReportedTheSameWay() {
        let result = Self.load(JSONAndXMLFormsTests.xmlFiles, ["schemas/person.xml": #"<schema id="person" class="profile">"#])
        #expect(result.errors.map(\.location.file) == ["datasets/people.xml", "destinations/email.xml", "schemas/person.xml", "segments/gold.xml"])
        #expect(result.errors.filter { $0.code == .brokenDependency }.count == 3)
    }

    @Test func aTypoCloseToAKnownFieldIsStillATypoBesideABrokenSchema() {
        // An unrelated schema is broken; a field one edit from a known one is reported as before, a
        // field like no known one may be defined by the broken schema.
        let result = Self.load(JSONAndXMLFormsTests.jsonFiles, [
            "schemas/extra.json": "{",
            "segments/typo.pql": #"loyalty.teir = "gold""#,
            "segments/elsewhere.pql": #"householdIncome > 100000"#,
        ])
        let messages = result.errors.map { "\($0.location.file): \($0.message)" }
        #expect(messages.contains("segments/typo.pql: unknown field `loyalty.teir` in profiles; did you mean `loyalty.tier`?"))
        #expect(messages.contains("segments/elsewhere.pql: " + Self.dependsOn("schema", "extra", "schemas/extra.json")))
        #expect(result.errors.count == 3)
    }

    @Test func aBrokenNamespaceMergePolicyOrDatasetIsNamedByWhatUsesIt() {
        let namespace = Self.load(JSONAndXMLFormsTests.jsonFiles, ["namespaces/crm.json": #"{"code": "crm", "#])
        #expect(namespace.errors.filter { $0.code == .brokenDependency }.map(\.location.file) == ["schemas/orders.json", "schemas/person.json"])
        #expect(namespace.errors.filter { $0.code == .brokenDependency }.allSatisfy { $0.message == Self.dependsOn("namespace", "crm", "namespaces/crm.json") })
        #expect(namespace.errors.count == 3)

        let mergePolicy = Self.load(JSONAndXMLFormsTests.jsonFiles, ["merge-policies/default.json": "[1, 2"])
        #expect(mergePolicy.errors.filter { $0.code == .brokenDependency }.map(\.location.file) == ["cohort.json", "segments/gold.json"])
        #expect(mergePolicy.errors.count == 3)

        let dataset = Self.load(JSONAndXMLFormsTests.jsonFiles, ["datasets/orders.json": #"{"id": "orders", "schema": }"#])
        #expect(dataset.errors.filter { $0.code == .brokenDependency }.map(\.message) == [Self.dependsOn("dataset", "orders", "datasets/orders.json")])
        #expect(dataset.errors.first { $0.code == .brokenDependency }?.location.file == "merge-policies/people-first.json")
    }

    @Test func withoutABrokenFileUnknownReferencesAreReportedAsBefore() {
        let result = Self.load(JSONAndXMLFormsTests.jsonFiles, [
            "datasets/more.json": #"{"id": "more", "schema": "persn"}"#,
            "segments/elsewhere.pql": #"householdIncome > 100000"#,
        ])
        #expect(result.errors.map(\.message) == [
            "unknown schema \"persn\"; did you mean `person`?",
            "unknown field `householdIncome` in profiles",
        ])
        #expect(result.errors.map(\.code) == [.unknownReference, .unknownField])
        #expect(result.errors.first?.hint == "did you mean `person`?")
        // The extent of the reference as written: `"persn"` with its quotes.
        #expect(result.errors.first?.location.column == 26)
        #expect(result.errors.first?.end?.column == 26 + 7)
    }

    @Test func aDefinitionThatLoadsDespiteItsErrorsIsNotBroken() {
        // A schema with one bad field still loads: what refers to its other fields is checked as usual.
        let result = Self.load(JSONAndXMLFormsTests.jsonFiles, [
            "schemas/orders.json": """
                {"id": "orders", "meta:class": "https://ns.adobe.com/xdm/context/experienceevent",
                 "properties": {"_id": {"type": "string"}, "timestamp": {"type": "string", "format": "date-time"},
                   "crmId": {"type": "string"}, "total": {"type": "nmber"}},
                 "identities": [{"path": "crmId", "namespace": "crm", "primary": true}]}
                """,
            "datasets/orders.json": #"{"id": "orders", "schema": "orders", "timestampField": "timestmp"}"#,
        ])
        #expect(!result.errors.contains { $0.code == .brokenDependency })
        #expect(result.errors.contains { $0.message.hasPrefix("unknown field \"timestmp\" in schema \"orders\"") })
    }
}
