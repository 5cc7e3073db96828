import Foundation
import Testing
@testable import CohortCore

/// The same workspace written in JSON and in XML loads to equal models.
@Suite struct JSONAndXMLFormsTests {
    static let jsonFiles: [SourceFile] = [
        SourceFile(path: "cohort.json", text: """
            {"name": "shop", "timezone": "Europe/Berlin", "defaultMergePolicy": "default",
             "limits": {"identitiesPerGraph": 40, "identitiesPerRecord": 10}}
            """),
        SourceFile(path: "schemas/person.json", text: """
            {"id": "person", "meta:class": "profile", "title": "Person",
             "properties": {
               "crmId": {"type": "string"},
               "personalEmail": {"type": "object", "properties": {"address": {"type": "string", "format": "email", "maxLength": 200}}},
               "loyalty": {"type": "object", "properties": {
                 "tier": {"type": "string", "enum": ["bronze", "gold"]},
                 "points": {"type": "integer", "minimum": 0}}},
               "consents": {"type": "object", "properties": {"email": {"type": "string", "pattern": "^(y|n)$"}}}
             },
             "required": ["crmId"],
             "identities": [{"path": "crmId", "namespace": "crm", "primary": true},
                            {"path": "personalEmail.address", "namespace": "Email"}],
             "labels": {"personalEmail.address": ["I1"], "loyalty": ["C5", "C2"]}}
            """),
        SourceFile(path: "schemas/orders.json", text: """
            {"id": "orders", "meta:class": "https://ns.adobe.com/xdm/context/experienceevent",
             "properties": {
               "_id": {"type": "string"}, "timestamp": {"type": "string", "format": "date-time"},
               "crmId": {"type": "string"},
               "productListItems": {"type": "array", "items": {"type": "object", "properties": {
                 "SKU": {"type": "string"}, "quantity": {"type": "integer"}}}}
             },
             "identities": [{"path": "crmId", "namespace": "crm", "primary": true}]}
            """),
        SourceFile(path: "namespaces/crm.json", text: """
            {"code": "crm", "name": "CRM id", "type": "cross_device", "priority": 5, "unique": true, "blocked": ["^0+$"]}
            """),
        SourceFile(path: "datasets/people.json", text: """
            {"id": "people", "name": "People", "schema": "person", "profile": true, "format": "csv",
             "labels": ["C9"], "mapping": {"E-mail": "personalEmail.address", "CRM": "crmId"}}
            """),
        SourceFile(path: "datasets/orders.json", text: """
            {"id": "orders", "schema": "orders", "format": "ndjson"}
            """),
        SourceFile(path: "merge-policies/default.json", text: """
            {"id": "default", "name": "Default", "identityGraph": {"type": "pdg"}, "attributeMerge": {"type": "timestampOrdered"}, "default": true}
            """),
        SourceFile(path: "merge-policies/people-first.json", text: """
            {"id": "people-first", "identityGraph": {"type": "none"}, "attributeMerge": {"type": "dataSetPrecedence", "order": ["people", "orders"]}}
            """),
        SourceFile(path: "segments/gold.json", text: """
            {"id": "gold", "name": "Gold", "description": "Top tier",
             "expression": {"type": "PQL", "format": "pql/text", "value": "loyalty.tier = \\"gold\\" and loyalty.points > 10"},
             "mergePolicyId": "default", "dataGovernancePolicy": {"excludeOptOut": true}}
            """),
        SourceFile(path: "destinations/email.json", text: """
            {"id": "email", "name": "Email", "type": "file", "format": "csv", "segments": ["gold"],
             "identity": {"namespace": "Email", "hash": "sha256"},
             "mappings": [{"source": "loyalty.tier", "target": "tier"}, {"source": "segmentMembership.status", "target": "status"}],
             "mandatory": ["personalEmail.address"], "dedupKey": ["Email"], "marketingAction": "emailTargeting",
             "consent": {"path": "consents.email", "allow": ["y"]}, "mode": "incremental", "fileName": "{segment}_{build}.csv",
             "csv": {"delimiter": ";", "quote": "'", "header": false, "null": "NULL"}}
            """),
        SourceFile(path: "policies/third-party.json", text: """
            {"id": "third-party", "name": "Third party", "marketingAction": "exportToThirdParty",
             "deny": {"operator": "OR", "operands": [{"label": "C2"}, {"operator": "AND", "operands": [{"label": "I1"}, {"label": "C5"}]}]}}
            """),
    ]

    static let xmlFiles: [SourceFile] = [
        SourceFile(path: "cohort.xml", text: """
            <cohort name="shop" timezone="Europe/Berlin" defaultMergePolicy="default">
              <limits identitiesPerGraph="40" identitiesPerRecord="10"/>
            </cohort>
            """),
        SourceFile(path: "schemas/person.xml", text: """
            <schema id="person" class="profile" title="Person">
              <field path="crmId" type="string" required="true" identity="crm" primary="true"/>
              <field path="personalEmail.address" type="string" format="email" maxLength="200" identity="Email" labels="I1"/>
              <field path="loyalty" type="object" labels="C2, C5"/>
              <field path="loyalty.tier" type="string"><enum>bronze</enum><enum>gold</enum></field>
              <field path="loyalty.points" type="integer" minimum="0"/>
              <field path="consents.email" type="string" pattern="^(y|n)$"/>
            </schema>
            """),
        SourceFile(path: "schemas/orders.xml", text: """
            <schema id="orders" class="experienceevent" title="orders">
              <field path="crmId" type="string" identity="crm" primary="true"/>
              <field path="productListItems.SKU" type="string"/>
              <field path="productListItems" type="array" items="object"/>
              <field path="productListItems[].quantity" type="integer"/>
            </schema>
            """),
        SourceFile(path: "namespaces/crm.xml", text: """
            <namespace code="crm" name="CRM id" type="cross_device" priority="5" unique="true"><blocked>^0+$</blocked></namespace>
            """),
        SourceFile(path: "datasets/people.xml", text: """
            <dataset id="people" name="People" schema="person" profile="true" format="csv" labels="C9">
              <map from="CRM" to="crmId"/>
              <map from="E-mail" to="personalEmail.address"/>
            </dataset>
            """),
        SourceFile(path: "datasets/orders.xml", text: """
            <dataset id="orders" schema="orders"><format>ndjson</format></dataset>
            """),
        SourceFile(path: "merge-policies/default.xml", text: """
            <mergePolicy id="default" name="Default" default="true">
              <identityGraph type="pdg"/><attributeMerge type="timestampOrdered"/>
            </mergePolicy>
            """),
        SourceFile(path: "merge-policies/people-first.xml", text: """
            <mergePolicy id="people-first"><identityGraph type="none"/>
              <attributeMerge type="dataSetPrecedence"><dataset>people</dataset><dataset>orders</dataset></attributeMerge>
            </mergePolicy>
            """),
        SourceFile(path: "segments/gold.xml", text: """
            <segment id="gold" name="Gold" mergePolicyId="default" excludeOptOut="true">
              <description>Top tier</description>
              <pql>loyalty.tier = "gold" and loyalty.points &gt; 10</pql>
            </segment>
            """),
        SourceFile(path: "destinations/email.xml", text: """
            <destination id="email" name="Email" type="file" format="csv" marketingAction="emailTargeting" mode="incremental" fileName="{segment}_{build}.csv">
              <segments><segment>gold</segment></segments>
              <identity namespace="Email" hash="sha256"/>
              <mapping source="loyalty.tier" target="tier"/>
              <mapping source="segmentMembership.status" target="status"/>
              <mandatory>personalEmail.address</mandatory>
              <dedupKey>Email</dedupKey>
              <consent path="consents.email"><allow>y</allow></consent>
              <csv delimiter=";" quote="'" header="false" null="NULL"/>
            </destination>
            """),
        SourceFile(path: "policies/third-party.xml", text: """
            <policy id="third-party" name="Third party" marketingAction="exportToThirdParty">
              <deny operator="OR">
                <operand label="C2"/>
                <operand operator="AND"><operand label="I1"/><operand label="C5"/></operand>
              </deny>
            </policy>
            """),
    ]

    @Test func bothFormsLoadWithoutDiagnostics() {
        #expect(WorkspaceLoader.load(Self.jsonFiles).diagnostics.map(\.description) == [])
        #expect(WorkspaceLoader.load(Self.xmlFiles).diagnostics.map(\.description) == [])
    }

    @Test func bothFormsLoadToEqualModels() {
        let fromJSON = WorkspaceLoader.load(Self.jsonFiles).workspace
        let fromXML = WorkspaceLoader.load(Self.xmlFiles).workspace
        #expect(fromJSON.settings == fromXML.settings)
        #expect(fromJSON.schemas == fromXML.schemas)
        #expect(fromJSON.namespaces == fromXML.namespaces)
        #expect(fromJSON.datasets == fromXML.datasets)
        #expect(fromJSON.mergePolicies == fromXML.mergePolicies)
        #expect(fromJSON.segments == fromXML.segments)
        #expect(fromJSON.destinations == fromXML.destinations)
        #expect(fromJSON.policies == fromXML.policies)
        #expect(fromJSON == fromXML)
    }

    /// The same files with every element in a namespace (prefixed, or the default one) and an
    /// attribute of XML Schema's instance namespace on each root: the same model, no warning.
    @Test func namespacedXMLFormsLoadTheSameModel() throws {
        let declarations = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"cohort.xsd\""
        var prefixed: [SourceFile] = []
        var defaulted: [SourceFile] = []
        for file in Self.xmlFiles {
            let text = String(decoding: file.bytes, as: UTF8.self)
            let root = try #require(XMLReader.parse(text, file: file.path).get().name)
            let withPrefix = text.replacingOccurrences(of: "</", with: "</c:").replacingOccurrences(of: "<c:/", with: "</")
                .replacing(/<([A-Za-z])/) { "<c:\($0.output.1)" }
                .replacingOccurrences(of: "<c:\(root)", with: "<c:\(root) xmlns:c=\"urn:example:cohort\" \(declarations)")
            prefixed.append(SourceFile(path: file.path, text: withPrefix))
            defaulted.append(SourceFile(path: file.path, text: text.replacingOccurrences(
                of: "<\(root)", with: "<\(root) xmlns=\"urn:example:cohort\" \(declarations)")))
        }
        let plain = WorkspaceLoader.load(Self.xmlFiles).workspace
        for files in [prefixed, defaulted] {
            let loaded = WorkspaceLoader.load(files)
            #expect(loaded.diagnostics.map(\.description) == [])
            #expect(loaded.workspace == plain)
        }
        let withPrefix = String(decoding: prefixed[0].bytes, as: UTF8.self)
        #expect(withPrefix.contains("<c:") && withPrefix.contains("</c:"))
    }

    @Test func theModelHoldsWhatWasWritten() {
        let workspace = WorkspaceLoader.load(Self.xmlFiles).workspace
        #expect(workspace.settings.limits == .init(identitiesPerGraph: 40, identitiesPerRecord: 10))
        let person = workspace.schema("person")
        #expect(person?.field(at: "loyalty.tier")?.enumValues == ["bronze", "gold"])
        #expect(person?.field(at: "crmId")?.isRequired == true)
        #expect(person?.identities.map(\.path.value) == ["crmId", "personalEmail.address"])
        let orders = workspace.schema("orders")
        #expect(orders?.field(at: "productListItems[].SKU")?.type == .string)
        #expect(orders?.field(at: "timestamp")?.format == .dateTime)
        #expect(workspace.namespace("crm")?.isUnique == true)
        #expect(workspace.mergePolicy("people-first")?.attributeMerge == .dataSetPrecedence(order: [
            Located("people", at: .start(of: "x")), Located("orders", at: .start(of: "x"))]))
        #expect(workspace.segment("gold")?.expression.text == "loyalty.tier = \"gold\" and loyalty.points > 10")
        #expect(workspace.segment("gold")?.excludeOptOut == true)
        #expect(workspace.destinations.first?.csv == .init(delimiter: ";", quote: "'", header: false, nullText: "NULL"))
        #expect(workspace.policies.first?.deny.isSatisfied(by: ["I1", "C5"]) == true)
        #expect(workspace.policies.first?.deny.isSatisfied(by: ["I1"]) == false)
    }

    @Test func aChangedValueMakesTheModelsDiffer() {
        var changed = Self.xmlFiles
        changed[4] = SourceFile(path: "datasets/people.xml", text: """
            <dataset id="people" name="People" schema="person" profile="false" format="csv" labels="C9">
              <map from="CRM" to="crmId"/><map from="E-mail" to="personalEmail.address"/>
            </dataset>
            """)
        #expect(WorkspaceLoader.load(Self.jsonFiles).workspace != WorkspaceLoader.load(changed).workspace)
    }

    @Test func pqlPositionsMapBackThroughEscapesAndEntities() throws {
        let fromJSON = try #require(WorkspaceLoader.load(Self.jsonFiles).workspace.segment("gold"))
        let fromXML = try #require(WorkspaceLoader.load(Self.xmlFiles).workspace.segment("gold"))
        // The `and` after the quoted "gold": in JSON the quotes are escaped (\"), in XML `>` is `&gt;`.
        let andOffset = fromJSON.expression.text.utf8.count - " and loyalty.points > 10".utf8.count + 1
        #expect(fromJSON.expression.location(atUTF8Offset: andOffset) == SourceLocation(file: "segments/gold.json", line: 2, column: 88))
        #expect(fromXML.expression.location(atUTF8Offset: andOffset) == SourceLocation(file: "segments/gold.xml", line: 3, column: 30))
        let numberOffset = Array(fromXML.expression.text.utf8).count - 2
        #expect(fromXML.expression.location(atUTF8Offset: numberOffset) == SourceLocation(file: "segments/gold.xml", line: 3, column: 54))
    }
}
