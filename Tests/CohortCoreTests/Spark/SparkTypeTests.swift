import Testing
@testable import CohortCore

/// XDM fields become the Spark types the contract names, in DDL and in Spark's JSON, fields sorted.
@Suite struct SparkTypeTests {
    static let fields = """
        <field path="person.name.lastName" type="string"/>
        <field path="person.name.firstName" type="string"/>
        <field path="person.birthDate" type="string" format="date"/>
        <field path="loyalty.points" type="integer"/>
        <field path="loyalty.ratio" type="number"/>
        <field path="loyalty.joined" type="string" format="date-time"/>
        <field path="optIn" type="boolean"/>
        <field path="_tenant.my-code" type="string"/>
        <field path="tags" type="array" items="string"/>
        """

    static var profile: SchemaField {
        PQLEnvironment(workspace: PQLFixture.workspace(profileFields: fields, eventFields: "")).profile
    }

    @Test func ddlNamesEveryTypeAndSortsFields() {
        #expect(SparkType(Self.profile).ddl == "STRUCT<`_tenant`: STRUCT<`my-code`: STRING>, `crmId`: STRING, "
            + "`loyalty`: STRUCT<`joined`: TIMESTAMP, `points`: BIGINT, `ratio`: DOUBLE>, `optIn`: BOOLEAN, "
            + "`person`: STRUCT<`birthDate`: DATE, `name`: STRUCT<`firstName`: STRING, `lastName`: STRING>>, "
            + "`tags`: ARRAY<STRING>>")
    }

    @Test func jsonIsSparksStructTypeForm() {
        let type = SparkType.structure(fields: [
            .init(name: "b", type: .map(.array(.bigint))),
            .init(name: "a\"q", type: .date),
        ])
        #expect(type.json == #"{"type":"struct","fields":["#
            + #"{"name":"a\"q","type":"date","nullable":true,"metadata":{}},"#
            + #"{"name":"b","type":{"type":"map","keyType":"string","valueType":{"type":"array","elementType":"long","#
            + #""containsNull":true},"valueContainsNull":true},"nullable":true,"metadata":{}}]}"#)
    }

    @Test func mapsAreKeyedByStringAndQuotesAreDoubled() {
        #expect(SparkType.map(.double).ddl == "MAP<STRING, DOUBLE>")
        #expect(SparkType.structure(fields: [.init(name: "a`b", type: .timestamp)]).ddl == "STRUCT<`a``b`: TIMESTAMP>")
        #expect(SparkType(SchemaField(type: .map, element: SchemaField(type: .boolean))) == .map(.boolean))
    }
}
