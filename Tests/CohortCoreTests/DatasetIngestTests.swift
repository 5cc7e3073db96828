import Testing
@testable import CohortCore

@Suite struct DatasetIngestTests {
    static let workspace = WorkspaceLoader.load([
        SourceFile(path: "schemas/web.xml", text: """
            <schema id="web" class="experienceevent"><field path="eventType" type="string"/></schema>
            """),
        SourceFile(path: "schemas/crm.xml", text: """
            <schema id="crm" class="profile">
              <field path="crmId" type="string" identity="crm" primary="true"/>
              <field path="updated" type="string" format="date-time"/>
              <field path="city" type="string"/>
            </schema>
            """),
        SourceFile(path: "namespaces/crm.json", text: #"{"code": "crm", "type": "cross_device"}"#),
        SourceFile(path: "datasets/web.json", text: #"{"id": "web", "schema": "web"}"#),
        SourceFile(path: "datasets/crm.json", text: #"{"id": "crm", "schema": "crm", "timestampField": "updated", "mapping": {"City": "city"}}"#),
    ]).workspace

    private func ingest(_ dataset: String) -> DatasetIngest {
        let workspace = Self.workspace
        let set = workspace.dataset(dataset)!
        return DatasetIngest(dataset: set, schema: workspace.schema(set.schema.value)!, namespaces: workspace.allNamespaces, identitiesPerRecord: 20)
    }

    private func value(_ text: String) -> Value {
        guard case .success(let node) = JSONParser.parse(text, file: "r.json") else { return .null }
        return Value(node)
    }

    @Test func anEventKeepsItsIdTimestampAndIdentities() throws {
        let record = value(#"{"_id": "e1", "timestamp": "2026-11-20T10:00:00Z", "eventType": "x", "identityMap": {"ECID": [{"id": "12345678901234567890123456789012345678", "primary": true}]}}"#)
        let kept = try ingest("web").ingest(record, at: .line(4)).get()
        #expect(kept.eventID == "e1")
        #expect(kept.timestamp == Timestamp.milliseconds(from: "2026-11-20T10:00:00Z"))
        #expect(kept.primary == Identity(namespace: "ECID", id: "12345678901234567890123456789012345678"))
        #expect(kept.attributes["identityMap"] == nil)
        #expect(kept.attributes["eventType"] == .string("x"))
    }

    @Test func aProfileRecordUsesItsTimestampField() throws {
        let kept = try ingest("crm").ingest(textFields: [("crmId", "c1"), ("updated", "2026-01-01T00:00:00Z"), ("city", "Berlin")],
                                            asRead: .null, at: .line(2)).get()
        #expect(kept.timestamp == Timestamp.milliseconds(from: "2026-01-01T00:00:00Z"))
        #expect(kept.identities == [Identity(namespace: "crm", id: "c1")])
        #expect(kept.eventID == nil)
    }

    @Test func rejectionsKeepTheRecordAsReadAndEveryReason() {
        let asRead = value(#"{"crmId": "", "updated": "yesterday"}"#)
        guard case .failure(let rejection) = ingest("crm").ingest(asRead, at: .line(7)) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejection.errors == ["updated: \"yesterday\" is not a date-time (YYYY-MM-DDTHH:MM:SSZ or with an offset)"])
        #expect(rejection.ndjsonLine == #"{"column":1,"errors":["updated: \"yesterday\" is not a date-time (YYYY-MM-DDTHH:MM:SSZ or with an offset)"],"index":6,"line":7,"offset":0,"record":{"crmId":"","updated":"yesterday"}}"#)
        guard case .failure(let anonymous) = ingest("crm").ingest(value(#"{"crmId": "anonymous"}"#), at: .line(8)) else {
            Issue.record("a record without a usable identity is rejected")
            return
        }
        #expect(anonymous.errors.first?.contains("no usable identity") == true)
    }

    /// A number no double holds (`1e999` reads as infinity) keeps its literal in the rejected line,
    /// never null, in whatever form it was written, through the fast lane's fallback too.
    @Test func anOverflowingNumberKeepsItsLiteralInTheRejectedLine() throws {
        let ingest = ingest("crm")
        var source = RecordSource(file: "inbox/crm/a.ndjson", ingest: ingest)
        let text = #"{"crmId": "c1", "city": -1E+999, "z": [2e400, 1.50, {"b": 1, "a": 1e999}]}"# + "\n" + #"{"crmId": "c2", "city": 1.5}"# + "\n"
        let items = source.feed(Array(text.utf8)) + source.finish()
        let lines = items.compactMap { item -> String? in
            if case .failure(let rejection) = ingest.outcome(of: item) { rejection.ndjsonLine } else { nil }
        }
        try #require(lines.count == 2)
        #expect(lines[0].hasPrefix(#"{"column":1,"errors":["city: "#))
        #expect(lines[0].hasSuffix(#""index":0,"line":1,"offset":0,"record":{"city":-1E+999,"crmId":"c1","z":[2e400,1.5,{"a":1e999,"b":1}]}}"#))
        // A record with only numbers a double holds is written as before.
        #expect(lines[1].hasSuffix(#""record":{"city":1.5,"crmId":"c2"}}"#))
        guard case .success(let node) = JSONParser.parse(lines[0], file: "rejected.ndjson"), case .object(let line) = Value(node) else {
            Issue.record("the rejected line is not a JSON object")
            return
        }
        #expect(line["record"]?[path: ["city"]] == .number(-.infinity))
    }
}
