import Testing
@testable import CohortCore

/// `cohort export-aep`: the request bodies read back to the same definitions.
@Suite struct AEPExportTests {
    /// The workspace's files with the AEP kinds replaced by their export.
    static func roundTrip(_ files: [SourceFile]) -> (before: WorkspaceLoader.Result, after: WorkspaceLoader.Result, exported: [AEPExport.File]) {
        let before = WorkspaceLoader.load(files)
        let exported = AEPExport.files(of: before.workspace)
        let aepFolders: Set<String> = ["schemas", "namespaces", "merge-policies", "segments", "policies"]
        let kept = files.filter { !aepFolders.contains(String($0.path.split(separator: "/").first ?? "")) }
        let after = WorkspaceLoader.load(kept + exported.map { SourceFile(path: $0.path, text: $0.text) })
        return (before, after, exported)
    }

    @Test func theExportReadsBackToTheSameDefinitions() {
        let xml = JSONAndXMLFormsTests.xmlFiles + [
            SourceFile(path: "policies/refs.json", text: """
                {"marketingActionRefs": ["https://platform.adobe.io/data/foundation/dulepolicy/marketingActions/custom/partnerShare",
                                         "https://platform.adobe.io/data/foundation/dulepolicy/marketingActions/core/emailTargeting"],
                 "status": "DRAFT", "deny": {"operator": "AND", "operands": [{"label": "C1"}, {"label": "C9"}]}}
                """),
        ]
        for files in [JSONAndXMLFormsTests.jsonFiles, xml] {
            let (before, after, exported) = Self.roundTrip(files)
            #expect(before.errors.isEmpty)
            #expect(after.diagnostics.map(\.description) == [])
            // Exporting what was read back writes the same bytes.
            #expect(AEPExport.files(of: after.workspace) == exported)
            let (old, new) = (before.workspace, after.workspace)
            #expect(new.schemas.map(\.root) == old.schemas.map(\.root))
            #expect(new.schemas.map { $0.identities.map { "\($0.path.value) \($0.namespace.value) \($0.isPrimary)" } }
                    == old.schemas.map { $0.identities.map { "\($0.path.value) \($0.namespace.value) \($0.isPrimary)" } })
            #expect(new.namespaces.map { "\($0.id.value) \($0.type) \($0.priority) \($0.limit ?? 0) \($0.normalize) \($0.blocked.map(\.value))" }
                    == old.namespaces.map { "\($0.id.value) \($0.type) \($0.priority) \($0.limit ?? 0) \($0.normalize) \($0.blocked.map(\.value))" })
            #expect(new.segments.map { "\($0.id.value) \($0.name) \($0.expression.text) \($0.mergePolicy?.value ?? "") \($0.excludeOptOut)" }
                    == old.segments.map { "\($0.id.value) \($0.name) \($0.expression.text) \($0.mergePolicy?.value ?? "") \($0.excludeOptOut)" })
            #expect(new.mergePolicies.map { "\($0.id.value) \($0.identityGraph) \(AEPExport.body(of: $0)) \($0.isDefault)" }
                    == old.mergePolicies.map { "\($0.id.value) \($0.identityGraph) \(AEPExport.body(of: $0)) \($0.isDefault)" })
            #expect(new.policies.map { "\($0.id.value) \($0.marketingActions.map(\.value)) \($0.status) \($0.deny.labels.map(\.value))" }
                    == old.policies.map { "\($0.id.value) \($0.marketingActions.map(\.value)) \($0.status) \($0.deny.labels.map(\.value))" })
        }
    }

    @Test func bodiesHaveAEPsShape() {
        let files = AEPExport.files(of: WorkspaceLoader.load(JSONAndXMLFormsTests.jsonFiles).workspace)
        #expect(files.map(\.path) == ["merge-policies/default.json", "merge-policies/people-first.json", "namespaces/crm.json",
                                      "policies/third-party.json", "schemas/orders.json", "schemas/person.json", "segments/gold.json"])
        #expect(files.first { $0.path == "namespaces/crm.json" }?.text == """
            {
              "blocked": [
                "^0+$"
              ],
              "code": "crm",
              "idType": "CROSS_DEVICE",
              "name": "CRM id",
              "priority": 5,
              "unique": true
            }

            """)
        #expect(files.first { $0.path == "segments/gold.json" }?.text == """
            {
              "dataGovernancePolicy": {
                "excludeOptOut": true
              },
              "description": "Top tier",
              "expression": {
                "format": "pql/text",
                "type": "PQL",
                "value": "loyalty.tier = \\"gold\\" and loyalty.points > 10"
              },
              "mergePolicyId": "default",
              "name": "Gold",
              "schema": {
                "name": "_xdm.context.profile"
              }
            }

            """)
    }
}
