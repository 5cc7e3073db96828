import Testing
@testable import CohortCore

/// What the PQL and segment-test suites share: schema and workspace files built from their `<field>`
/// elements, profiles and events built from JSON text, and an expression checked and then evaluated.
enum PQLFixture {
    /// The moment hand-built profiles are evaluated at unless a suite says otherwise.
    static let now = Timestamp.milliseconds(from: "2026-11-21T00:00:00Z")!

    /// An XML schema definition `id` of `class` (profile or experienceevent) holding `fields`.
    static func schema(_ id: String, class kind: String, fields: String) -> SourceFile {
        SourceFile(path: "schemas/\(id).xml", text: "<schema id=\"\(id)\" class=\"\(kind)\">\n\(fields)\n</schema>\n")
    }

    /// A cross-device namespace definition.
    static func namespace(_ code: String) -> SourceFile {
        SourceFile(path: "namespaces/\(code).json", text: #"{"code": "\#(code)", "type": "cross_device"}"#)
    }

    /// A workspace of a `person` profile schema (dataset `people`) and an `events` schema (dataset
    /// `events`), both keyed by a primary `crmId` in the `crm` namespace and holding the given fields
    /// besides, with `more` definition files (segments, say).
    static func workspace(profileFields: String, eventFields: String, more: [SourceFile] = []) -> Workspace {
        let crmId = #"<field path="crmId" type="string" identity="crm" primary="true"/>"#
        return WorkspaceLoader.load([
            schema("person", class: "profile", fields: crmId + "\n" + profileFields),
            schema("events", class: "experienceevent", fields: crmId + "\n" + eventFields),
            namespace("crm"),
            SourceFile(path: "datasets/people.json", text: #"{"id": "people", "schema": "person"}"#),
            SourceFile(path: "datasets/events.json", text: #"{"id": "events", "schema": "events"}"#),
        ] + more).workspace
    }

    /// A JSON object's members as profile attributes (empty when `json` is not an object).
    static func attributes(_ json: String) -> [String: Value] {
        guard case .success(let node) = JSONParser.parse(json, file: "p"), case .object(let members) = Value(node) else { return [:] }
        return members
    }

    /// An event of the `events` dataset from its JSON, numbered `line`, at its `timestamp`.
    static func event(_ line: Int, _ json: String) -> StoredRecord {
        let attributes = Self.attributes(json)
        var time: Int64 = 0
        if case .string(let text)? = attributes["timestamp"] { time = Timestamp.milliseconds(from: text) ?? 0 }
        return StoredRecord(dataset: "events", origin: RecordOrigin(sequence: 1, file: "e", index: line, line: line), isEvent: true, eventID: "\(line)",
                            timestamp: time, primary: nil, identities: [], attributes: attributes)
    }

    /// Whether `text` holds for `context`, after expecting the checker to find no error in it.
    static func matches(_ text: String, _ context: PQLContext, in environment: PQLEnvironment) throws -> Bool {
        let node = try PQLParser.parse(text).get()
        #expect(PQLChecker.check(node, in: environment).errors == [], "\(text)")
        return try PQLProgram(node).matches(context)
    }
}
