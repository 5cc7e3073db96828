import CohortCore
import CohortEngine
import Foundation
import Testing

/// The bundled template: real xed-full Luma schemas, every definition kind, JSON and XML mixed.
@Suite struct TemplateWorkspaceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workspace-template")

    let result: WorkspaceLoader.Result

    init() throws {
        result = try WorkspaceFiles(root: Self.root).load()
    }

    @Test func loadsWithoutAnyDiagnostic() {
        #expect(result.diagnostics.map(\.description) == [])
    }

    @Test func hasEveryDefinitionKindInBothForms() throws {
        for (kind, count) in result.workspace.counts {
            #expect(count > 0, "no \(kind.displayName) in the template")
        }
        let files = try WorkspaceFiles(root: Self.root).definitionFiles().map(\.path)
        for folder in ["schemas", "namespaces", "datasets", "merge-policies", "segments", "destinations"] {
            #expect(files.contains { $0.hasPrefix(folder + "/") && $0.hasSuffix(".json") }, "\(folder) has no JSON file")
            #expect(files.contains { $0.hasPrefix(folder + "/") && $0.hasSuffix(".xml") }, "\(folder) has no XML file")
        }
    }

    @Test func theXEDFullLumaSchemasLoadUnchanged() throws {
        let workspace = result.workspace
        let crm = try #require(workspace.schema("luma-crm"))
        #expect(crm.schemaClass == .profile)
        #expect(crm.title == "Luma CRM Schema")
        #expect(crm.field(at: "_techmarketingdemos.systemIdentifier.crmId")?.type == .string)
        #expect(crm.field(at: "personalEmail.address")?.format == .email)
        #expect(crm.field(at: "person.gender")?.enumValues?.contains("female") == true)
        #expect(crm.field(at: "identityMap") == nil, "identityMap is implicit, not a field")
        #expect(crm.identities.map { "\($0.path.value)=\($0.namespace.value)\($0.isPrimary ? "*" : "")" } == [
            "_techmarketingdemos.systemIdentifier.crmId=lumaCrmId*", "mobilePhone.number=Phone", "personalEmail.address=Email",
        ])
        let loyalty = try #require(workspace.schema("luma-loyalty"))
        #expect(loyalty.field(at: "_techmarketingdemos.systemIdentifier.loyaltyId")?.type == .integer)
        #expect(loyalty.field(at: "loyalty.tier")?.enumValues == ["bronze", "silver", "gold", "platinum"])
        #expect(loyalty.field(at: "loyalty.joinDate")?.format == .date)
        let purchases = try #require(workspace.schema("luma-offline-purchases"))
        #expect(purchases.schemaClass == .experienceEvent)
        #expect(purchases.field(at: "commerce.order.priceTotal")?.type == .number)
        #expect(purchases.field(at: "productListItems[].SKU")?.type == .string)
        #expect(purchases.field(at: "timestamp")?.isRequired == true)
        #expect(purchases.identities.first?.namespace.value == "lumaLoyaltyId")
    }

    @Test func hiddenFilesAreNotDefinitions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-hidden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("segments"), withIntermediateDirectories: true)
        try "true".write(to: folder.appendingPathComponent("segments/all.pql"), atomically: true, encoding: .utf8)
        try "junk".write(to: folder.appendingPathComponent("segments/.all.pql.swp"), atomically: true, encoding: .utf8)
        #expect(try WorkspaceFiles(root: folder).definitionFiles().map(\.path) == ["segments/all.pql"])
    }
}
