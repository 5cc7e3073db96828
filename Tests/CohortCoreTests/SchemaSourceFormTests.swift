import Testing
@testable import CohortCore

/// Schemas in the Schema Registry's source form: `allOf` and `$ref` name a class, field groups and
/// data types by `$id`, each a file of its own in `schemas/`, shaped as the Schema Registry API
/// guide's examples (a tenant field group with `definitions`, a data type, a tenant class that
/// extends experience event).
@Suite struct SchemaSourceFormTests {
    static let fieldGroup = SourceFile(path: "schemas/loyalty-details.json", text: """
        {
          "$id": "https://ns.adobe.com/acme/mixins/loyalty-details",
          "meta:altId": "_acme.mixins.loyalty-details", "meta:resourceType": "mixins", "version": "1.0",
          "title": "Loyalty Details", "type": "object", "description": "Loyalty program details",
          "meta:intendedToExtend": ["https://ns.adobe.com/xdm/context/profile"],
          "definitions": {
            "customFields": {
              "properties": {
                "_acme": {
                  "type": "object",
                  "properties": {
                    "loyalty": {
                      "type": "object",
                      "properties": {
                        "tier": {"type": "string", "enum": ["bronze", "gold"]},
                        "points": {"type": "integer", "minimum": 0},
                        "memberId": {"type": "string"},
                        "mailingAddress": {"$ref": "https://ns.adobe.com/acme/datatypes/address"}
                      }
                    }
                  }
                }
              }
            }
          },
          "allOf": [{"$ref": "#/definitions/customFields"}],
          "imsOrg": "{ORG_ID}", "meta:extensible": true, "meta:abstract": true, "meta:containerId": "tenant"
        }
        """)

    static let dataType = SourceFile(path: "schemas/address.json", text: """
        {
          "$id": "https://ns.adobe.com/acme/datatypes/address", "meta:resourceType": "datatypes",
          "title": "Address", "type": "object",
          "definitions": {"address": {"properties": {"city": {"type": "string"}, "postalCode": {"type": "string", "maxLength": 10}}}},
          "allOf": [{"$ref": "#/definitions/address"}]
        }
        """)

    static let schema = SourceFile(path: "schemas/loyalty-members.json", text: """
        {
          "$id": "https://ns.adobe.com/acme/schemas/loyalty-members", "meta:altId": "_acme.schemas.loyalty-members",
          "meta:resourceType": "schemas", "version": "1.0", "title": "Loyalty Members", "type": "object",
          "allOf": [
            {"$ref": "https://ns.adobe.com/xdm/context/profile", "type": "object", "meta:xdmType": "object"},
            {"$ref": "https://ns.adobe.com/acme/mixins/loyalty-details", "type": "object", "meta:xdmType": "object"}
          ],
          "meta:extends": ["https://ns.adobe.com/xdm/context/profile", "https://ns.adobe.com/acme/mixins/loyalty-details"],
          "meta:class": "https://ns.adobe.com/xdm/context/profile",
          "identities": [{"path": "_acme.loyalty.memberId", "namespace": "loyalty", "primary": true}]
        }
        """)

    /// A tenant class extending experience event, and a schema naming its class only in `allOf`.
    static let eventClass = SourceFile(path: "schemas/store-visit.json", text: """
        {
          "$id": "https://ns.adobe.com/acme/classes/store-visit", "meta:resourceType": "classes", "title": "Store visit",
          "type": "object", "meta:extends": ["https://ns.adobe.com/xdm/context/experienceevent"],
          "definitions": {"visit": {"properties": {"_acme": {"type": "object", "properties": {"storeId": {"type": "string"}, "memberId": {"type": "string"}}}}}},
          "allOf": [{"$ref": "https://ns.adobe.com/xdm/context/experienceevent"}, {"$ref": "#/definitions/visit"}]
        }
        """)
    static let eventSchema = SourceFile(path: "schemas/visits.json", text: """
        {"$id": "https://ns.adobe.com/acme/schemas/visits", "title": "Visits", "type": "object",
         "allOf": [{"$ref": "https://ns.adobe.com/acme/classes/store-visit"}],
         "identities": [{"path": "_acme.memberId", "namespace": "loyalty", "primary": true}]}
        """)

    static let rest = [
        SourceFile(path: "namespaces/loyalty.json", text: #"{"code": "loyalty", "type": "cross_device"}"#),
        SourceFile(path: "datasets/members.json", text: #"{"id": "members", "schema": "loyalty-members"}"#),
        SourceFile(path: "datasets/visits.json", text: #"{"id": "visits", "schema": "visits"}"#),
        SourceFile(path: "segments/gold.pql", text: #"_acme.loyalty.tier = "gold" and _acme.loyalty.mailingAddress.city = "Basel""#),
    ]

    @Test func fieldGroupsDataTypesAndClassesAreReadInWhereTheyAreNamed() throws {
        let result = WorkspaceLoader.load([Self.fieldGroup, Self.dataType, Self.schema, Self.eventClass, Self.eventSchema] + Self.rest)
        #expect(result.diagnostics.map(\.description) == [])
        // Building blocks are not schemas of their own.
        #expect(result.workspace.schemas.map(\.id.value) == ["loyalty-members", "visits"])
        let members = try #require(result.workspace.schema("loyalty-members"))
        #expect(members.schemaClass == .profile)
        #expect(members.allPaths.sorted() == ["_acme", "_acme.loyalty", "_acme.loyalty.mailingAddress", "_acme.loyalty.mailingAddress.city",
                                              "_acme.loyalty.mailingAddress.postalCode", "_acme.loyalty.memberId", "_acme.loyalty.points",
                                              "_acme.loyalty.tier"])
        #expect(members.root.descendant(at: ["_acme", "loyalty", "tier"])?.enumValues == ["bronze", "gold"])
        #expect(members.root.descendant(at: ["_acme", "loyalty", "mailingAddress", "postalCode"])?.maxLength == 10)
        let visits = try #require(result.workspace.schema("visits"))
        #expect(visits.schemaClass == .experienceEvent)
        #expect(visits.allPaths.sorted() == ["_acme", "_acme.memberId", "_acme.storeId", "_id", "timestamp"])
    }

    @Test func everyIdNotInTheWorkspaceIsNamedWhereItIsUsed() {
        let schema = SourceFile(path: "schemas/s.json", text: """
            {"title": "S", "type": "object", "meta:class": "https://ns.adobe.com/xdm/context/profile",
             "allOf": [{"$ref": "https://ns.adobe.com/xdm/context/profile-person-details"},
                       {"$ref": "https://ns.adobe.com/acme/mixins/missing"}]}
            """)
        let result = WorkspaceLoader.load([schema])
        let hint = "which is not in the workspace; export that class, field group or data type from the Schema Registry (or take it from adobe/xdm) and put it in schemas/"
        #expect(result.errors.map(\.description) == [
            #"schemas/s.json:2:21: error: `$ref` names "https://ns.adobe.com/xdm/context/profile-person-details", "# + hint,
            #"schemas/s.json:3:21: error: `$ref` names "https://ns.adobe.com/acme/mixins/missing", "# + hint,
        ])
    }

    /// Two field groups naming each other, and a `$ref` to a definition another file does not have.
    @Test func aLoopAcrossFilesAndAMissingDefinitionAreErrorsAtTheirPlace() {
        let first = SourceFile(path: "schemas/a.json", text: """
            {"$id": "https://ns.adobe.com/acme/mixins/a", "type": "object",
             "properties": {"b": {"$ref": "https://ns.adobe.com/acme/mixins/b"}, "c": {"$ref": "https://ns.adobe.com/acme/mixins/b#/definitions/none"}}}
            """)
        let second = SourceFile(path: "schemas/b.json", text: """
            {"$id": "https://ns.adobe.com/acme/mixins/b", "type": "object", "properties": {"a": {"$ref": "https://ns.adobe.com/acme/mixins/a"}}}
            """)
        let schema = SourceFile(path: "schemas/s.json", text: """
            {"title": "S", "type": "object", "meta:class": "profile", "allOf": [{"$ref": "https://ns.adobe.com/acme/mixins/a"}]}
            """)
        let errors = WorkspaceLoader.load([first, second, schema]).errors.map(\.description)
        #expect(errors == [
            #"schemas/a.json:2:84: error: `$ref` names the missing definition "none""#,
            #"schemas/b.json:1:94: error: "https://ns.adobe.com/acme/mixins/a" (schemas/a.json) refers back to itself"#,
        ])
    }

    @Test func aFieldGroupThatNamesItselfIsAnError() {
        let loop = SourceFile(path: "schemas/loop.json", text: """
            {"$id": "https://ns.adobe.com/acme/mixins/loop", "type": "object",
             "properties": {"again": {"$ref": "https://ns.adobe.com/acme/mixins/loop"}}}
            """)
        let schema = SourceFile(path: "schemas/s.json", text: """
            {"title": "S", "type": "object", "meta:class": "profile", "allOf": [{"$ref": "https://ns.adobe.com/acme/mixins/loop"}]}
            """)
        let result = WorkspaceLoader.load([loop, schema])
        #expect(result.errors.map(\.description) == [
            #"schemas/loop.json:2:35: error: "https://ns.adobe.com/acme/mixins/loop" (schemas/loop.json) refers back to itself"#,
        ])
    }

    /// adobe/xdm's own files: no `meta:resourceType`, ids under `/context/`, names in the `xdm:`
    /// namespace (and `@id`, `repo:…`), `$ref`s to one definition of another file (`#/definitions/…`,
    /// JSON-LD's `extensible#/definitions/@context`), and two files with a definition of the same name.
    @Test func adobeXDMsSourceFilesLoadAsTheSchemaRegistryResolvesThem() throws {
        let person = SourceFile(path: "schemas/person.schema.json", text: """
            {"$id": "https://ns.adobe.com/xdm/context/person", "$schema": "http://json-schema.org/draft-06/schema#",
             "title": "Person", "type": "object", "meta:extensible": true,
             "definitions": {"person": {"properties": {
               "xdm:name": {"$ref": "https://ns.adobe.com/xdm/context/person-name"},
               "xdm:birthDate": {"type": "string", "format": "date"},
               "@id": {"type": "string"}, "repo:createDate": {"type": "string"}}}},
             "allOf": [{"$ref": "https://ns.adobe.com/xdm/common/extensible#/definitions/@context"}, {"$ref": "#/definitions/person"}]}
            """)
        let name = SourceFile(path: "schemas/person-name.schema.json", text: """
            {"$id": "https://ns.adobe.com/xdm/context/person-name", "title": "Person name", "type": "object",
             "definitions": {"person": {"properties": {"xdm:firstName": {"type": "string"}, "xdm:lastName": {"type": "string"}}}},
             "allOf": [{"$ref": "#/definitions/person"}]}
            """)
        let details = SourceFile(path: "schemas/profile-person-details.schema.json", text: """
            {"$id": "https://ns.adobe.com/xdm/context/profile-person-details", "title": "Demographic Details", "type": "object",
             "meta:intendedToExtend": ["https://ns.adobe.com/xdm/context/profile"],
             "definitions": {"profile-person-details": {"properties": {"xdm:person": {"$ref": "https://ns.adobe.com/xdm/context/person#/definitions/person"}}}},
             "allOf": [{"$ref": "https://ns.adobe.com/xdm/common/extensible#/definitions/@context"}, {"$ref": "#/definitions/profile-person-details"}]}
            """)
        let schema = SourceFile(path: "schemas/people.json", text: """
            {"title": "People", "type": "object", "meta:class": "https://ns.adobe.com/xdm/context/profile",
             "allOf": [{"$ref": "https://ns.adobe.com/xdm/context/profile"}, {"$ref": "https://ns.adobe.com/xdm/context/profile-person-details"},
                       {"$ref": "#/definitions/crm"}],
             "definitions": {"crm": {"properties": {"crmId": {"type": "string"}}}},
             "identities": [{"path": "crmId", "namespace": "loyalty", "primary": true}]}
            """)
        let result = WorkspaceLoader.load([person, name, details, schema, Self.rest[0],
                                           SourceFile(path: "datasets/people.json", text: #"{"id": "people", "schema": "people"}"#)])
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.workspace.schemas.map(\.id.value) == ["people"])
        let people = try #require(result.workspace.schema("people"))
        #expect(people.allPaths.sorted() == ["crmId", "person", "person._id", "person._repo", "person._repo.createDate", "person.birthDate",
                                             "person.name", "person.name.firstName", "person.name.lastName"])
    }
}
