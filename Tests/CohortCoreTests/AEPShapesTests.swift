import Testing
@testable import CohortCore

/// Definitions as Adobe Experience Platform's APIs write them load unchanged: the Identity Service's
/// namespaces and list response, the Policy Service's `marketingActionRefs`, list responses of segment
/// definitions and merge policies, the older `attributeMerge.data.order`, and the bookkeeping keys
/// every response adds. Bodies are Adobe's documented examples, with ids changed where the workspace needs them.
@Suite struct AEPShapesTests {
    static func load(_ extra: [SourceFile]) -> WorkspaceLoader.Result {
        WorkspaceLoader.load(JSONAndXMLFormsTests.jsonFiles + extra)
    }

    /// "List available identity namespaces" (Identity Service API guide), with one custom namespace
    /// from "Create a custom namespace" whose `idType` is "Cross_device".
    static let namespaceList = SourceFile(path: "namespaces/aep.json", text: """
        [
          {"updateTime": 1441122419000, "code": "CORE", "status": "ACTIVE", "description": "CORE Namespace",
           "id": 0, "createTime": 1441122419000, "idType": "COOKIE", "name": "CORE", "custom": false},
          {"updateTime": 1522783145000, "code": "AdCloud", "status": "ACTIVE", "description": "Adobe AdCloud - ID Syncing Partner",
           "id": 411, "createTime": 1522783145000, "idType": "COOKIE", "name": "AdCloud", "custom": false},
          {"updateTime": 1576286879075, "code": "Loyalty", "status": "ACTIVE", "description": "Loyalty Program Member ID",
           "id": 10093197, "createTime": 1576286879075, "idType": "Cross_device", "name": "Loyalty Member", "custom": true}
        ]
        """)

    @Test func theIdentityServicesNamespaceListLoadsEveryNamespace() {
        let result = Self.load([Self.namespaceList])
        #expect(result.diagnostics.map(\.description) == [])
        let loaded = result.workspace.namespaces.filter { $0.id.location.file == "namespaces/aep.json" }
        #expect(loaded.map(\.id.value).sorted() == ["AdCloud", "CORE", "Loyalty"])
        #expect(result.workspace.namespace("CORE")?.type == .cookie)
        #expect(result.workspace.namespace("Loyalty")?.type == .crossDevice)
        #expect(result.workspace.namespace("Loyalty")?.name == "Loyalty Member")
    }

    @Test func anUnknownIdTypeIsAnErrorAtItsValue() {
        let result = Self.load([SourceFile(path: "namespaces/x.json", text: #"{"code": "x", "idType": "CROSSDEVICE"}"#)])
        #expect(result.errors.map(\.description) == [
            #"namespaces/x.json:1:25: error: `idType` cannot be "CROSSDEVICE"; expected one of "COOKIE", "DEVICE", "CROSS_DEVICE", "EMAIL", "PHONE", "NON_PEOPLE", "PARTNER"; did you mean `CROSS_DEVICE`?"#,
        ])
    }

    /// An empty list is said to be one; an item that is no object is an error at the item.
    @Test func emptyListsAndStrayItemsAreReported() {
        let result = Self.load([
            SourceFile(path: "namespaces/none.json", text: "[]"),
            SourceFile(path: "segments/none.json", text: #"{"segments": [], "page": {"totalCount": 0}}"#),
            SourceFile(path: "namespaces/odd.json", text: #"[{"code": "odd", "idType": "EMAIL"}, 1]"#),
        ])
        #expect(result.diagnostics.map(\.description) == [
            "namespaces/none.json:1:1: warning: this list holds no namespace definitions; nothing is read from it",
            "namespaces/odd.json:1:38: error: a namespace definition must be a JSON object, found a number",
            "segments/none.json:1:1: warning: this list holds no segment definitions; nothing is read from it",
        ])
        #expect(result.workspace.namespace("odd")?.type == .email)
    }

    @Test func aListOfDefinitionsWithoutIdsIsADuplicateOfItsFileName() {
        let result = Self.load([SourceFile(path: "namespaces/two.json", text: #"[{"idType": "EMAIL"}, {"idType": "PHONE"}]"#)])
        #expect(result.errors.map(\.description) == [
            #"namespaces/two.json:1:23: error: duplicate namespace id "two"; it is already defined at namespaces/two.json:1:2"#,
        ])
    }

    /// "Create a data governance policy in the API" (Policy Service), as its response returns it.
    static let policy = SourceFile(path: "policies/export.json", text: """
        {
          "name": "Export Data to Third Party",
          "status": "ENABLED",
          "marketingActionRefs": ["https://platform.adobe.io/data/foundation/dulepolicy/marketingActions/custom/exportToThirdParty"],
          "description": "Conditions under which data cannot be exported to a third party",
          "deny": {"operator": "OR", "operands": [{"label": "C1"}, {"operator": "AND", "operands": [{"label": "C3"}, {"label": "C7"}]}]},
          "imsOrg": "{ORG_ID}", "created": 1565651746693, "createdClient": "{CLIENT_ID}", "createdUser": "{USER_ID}",
          "updated": 1565651746693, "updatedClient": "{CLIENT_ID}", "updatedUser": "{USER_ID}",
          "_links": {"self": {"href": "https://platform.adobe.io/data/foundation/dulepolicy/policies/custom/5d51f322e553c814e67af1a3"}},
          "id": "export"
        }
        """)

    @Test func marketingActionRefsNameTheActionByTheirLastSegment() {
        let result = Self.load([Self.policy])
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.workspace.policies.first { $0.id.value == "export" }?.marketingActions.map(\.value) == ["exportToThirdParty"])
    }

    @Test func aPolicyNamingTheDestinationsActionByURIBlocksIt() {
        // The base workspace's email destination exports loyalty.tier, labelled C5 and C2.
        let result = Self.load([
            SourceFile(path: "policies/no-c2.json", text: """
                {"name": "No C2", "marketingActionRefs": ["https://platform.adobe.io/data/foundation/dulepolicy/marketingActions/core/emailTargeting"],
                 "deny": {"operator": "OR", "operands": [{"label": "C2"}]}}
                """),
        ])
        #expect(result.blockedDestinations == ["email"])
    }

    @Test func aRefWithoutAnActionIsAnError() {
        let result = Self.load([SourceFile(path: "policies/bad.json", text: #"{"marketingActionRefs": ["https://x/"], "deny": {"label": "C1"}}"#)])
        #expect(result.errors.map(\.description) == [
            #"policies/bad.json:1:26: error: `marketingActionRefs` holds "https://x/"; expected a marketing action's URI ending in its name, e.g. ".../marketingActions/core/exportToThirdParty""#,
        ])
    }

    /// "Retrieve a list of segment definitions" (Segmentation Service API guide): definitions under
    /// `segments`, beside `page` and `link`, each with what the service adds.
    @Test func aSegmentListResponseLoadsEverySegment() {
        let result = Self.load([SourceFile(path: "segments/list.json", text: """
            {
              "segments": [
                {"id": "gold-aep", "schema": {"name": "_xdm.context.profile"}, "ttlInDays": 30, "profileInstanceId": "ups",
                 "imsOrgId": "{ORG_ID}", "sandbox": {"sandboxId": "x", "sandboxName": "prod", "type": "production", "default": true},
                 "name": "Gold members", "description": "Loyalty tier gold",
                 "expression": {"type": "PQL", "format": "pql/text", "value": "loyalty.tier = \\"gold\\""},
                 "evaluationInfo": {"batch": {"enabled": true}, "continuous": {"enabled": false}, "synchronous": {"enabled": false}},
                 "dataGovernancePolicy": {"excludeOptOut": true}, "creationTime": 1650374572000, "updateEpoch": 1650374573, "updateTime": 1650374573000},
                {"id": "high-points", "name": "High points",
                 "expression": {"type": "PQL", "format": "pql/text", "value": "loyalty.points > 1000"}}
              ],
              "page": {"totalCount": 2, "totalPages": 1, "sortField": "creationTime", "sort": "desc", "pageSize": 2, "limit": 100},
              "link": {}
            }
            """)])
        #expect(result.diagnostics.filter { $0.location.file == "segments/list.json" }.map(\.description) == [])
        #expect(result.workspace.segment("gold-aep")?.name == "Gold members")
        #expect(result.workspace.segment("gold-aep")?.excludeOptOut == true)
        #expect(result.workspace.segment("high-points")?.expression.text == "loyalty.points > 1000")
    }

    /// "List merge policies" (Real-Time Customer Profile API): `children` beside `_page` and `_links`,
    /// one policy in the older `attributeMerge.data.order` shape.
    @Test func aMergePolicyListWithTheOlderPrecedenceShapeLoads() {
        let result = Self.load([SourceFile(path: "merge-policies/list.json", text: """
            {
              "_page": {"totalCount": 1, "pageSize": 1},
              "children": [
                {"id": "people-then-orders", "name": "People first", "imsOrgId": "{ORG_ID}",
                 "schema": {"name": "_xdm.context.profile"}, "version": 1,
                 "identityGraph": {"type": "pdg"},
                 "attributeMerge": {"type": "dataSetPrecedence", "data": {"order": ["people", "orders"]}},
                 "default": false, "updateEpoch": 1551127597}
              ],
              "_links": {"next": {"href": "@/mergePolicies?start=K-4yALP8LfgLNr3W64r3&limit=1"}}
            }
            """)])
        #expect(result.diagnostics.filter { $0.location.file == "merge-policies/list.json" }.map(\.description) == [])
        #expect(result.workspace.mergePolicy("people-then-orders")?.attributeMerge == .dataSetPrecedence(order: [
            Located("people", at: SourceLocation(file: "merge-policies/list.json", line: 7, column: 71)),
            Located("orders", at: SourceLocation(file: "merge-policies/list.json", line: 7, column: 81)),
        ]))
    }
}
