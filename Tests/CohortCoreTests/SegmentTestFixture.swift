@testable import CohortCore

/// A small workspace for `cohort test`'s core tests: members (JSON profile records, and CSV rows),
/// orders (events), two segments (one with a time window) and a CSV destination.
enum SegmentTestFixture {
    static let loaded = WorkspaceLoader.load([
        SourceFile(path: "cohort.json", text: #"{"name": "t", "timezone": "UTC"}"#),
        PQLFixture.schema("member", class: "profile", fields: """
            <field path="memberId" type="string" identity="member" primary="true"/>
            <field path="email" type="string" identity="Email"/>
            <field path="tier" type="string"/>
            <field path="points" type="integer"/>
            """),
        PQLFixture.schema("order", class: "experienceevent", fields: """
            <field path="_id" type="string" required="true"/>
            <field path="timestamp" type="string" format="date-time" required="true"/>
            <field path="memberId" type="string" identity="member" primary="true"/>
            <field path="total" type="number"/>
            """),
        PQLFixture.namespace("member"),
        SourceFile(path: "datasets/members.json", text: #"{"id": "members", "schema": "member", "format": "json"}"#),
        SourceFile(path: "datasets/members-csv.json",
                   text: #"{"id": "members-csv", "schema": "member", "format": "csv", "mapping": {"Member": "memberId", "Tier": "tier"}}"#),
        SourceFile(path: "datasets/orders.json", text: #"{"id": "orders", "schema": "order", "format": "ndjson"}"#),
        SourceFile(path: "segments/gold.pql", text: #"tier = "gold""#),
        SourceFile(path: "segments/buyers.pql", text: #"xEvent[timestamp occurs <= 7 days before now].count() > 0"#),
        SourceFile(path: "destinations/list.json", text: """
            {"id": "list", "type": "file", "format": "csv", "segments": ["gold"], "identity": {"namespace": "member"},
             "mappings": [{"source": "tier", "target": "tier"}, {"source": "points", "target": "points"}],
             "marketingAction": "emailTargeting", "fileName": "{destination}_{segment}.csv"}
            """),
        SourceFile(path: "destinations/hook.json", text: """
            {"id": "hook", "type": "stream", "segments": ["gold"], "identity": {"namespace": "member"},
             "marketingAction": "emailTargeting", "fileName": "{destination}_{build}.ndjson"}
            """),
    ])

    static var workspace: Workspace { loaded.workspace }

    /// Runs a test file's text (named by `path`, whose extension says JSON or XML).
    static func run(_ text: String, path: String = "tests/t.json") -> SegmentTestOutcome {
        SegmentTestRunner.run(SourceFile(path: path, text: text), workspace: workspace)
    }

    /// Gold member m1 (ann@example.com), silver m2, and an order of m2 three days before the as-of time.
    static let passing = """
        {
          "asOf": "2026-11-21T00:00:00Z",
          "records": {
            "members": [
              {"memberId": "m1", "email": "ann@example.com", "tier": "gold", "points": 10},
              {"memberId": "m2", "tier": "silver"}
            ],
            "orders": [{"_id": "o1", "timestamp": "2026-11-18T00:00:00Z", "memberId": "m2", "total": 5}]
          },
          "expect": [
            {"segment": "gold", "members": ["member:m1"]},
            {"segment": "gold", "in": ["Email:Ann@Example.com"], "out": ["member:m2"]},
            {"segment": "buyers", "in": ["member:m2"], "out": ["member:m1"]},
            {"destination": "list", "rows": [{"member": "m1", "tier": "gold", "points": 10}]}
          ]
        }
        """
}
