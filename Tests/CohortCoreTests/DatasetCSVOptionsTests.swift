import Testing
@testable import CohortCore

/// A dataset's `csv` options: read from JSON and XML alike, refused with a located error when wrong.
@Suite struct DatasetCSVOptionsTests {
    static let schema = SourceFile(path: "schemas/crm.xml", text: """
        <schema id="crm" class="profile">
          <field path="crmId" type="string" identity="crm" primary="true"/>
          <field path="city" type="string"/>
        </schema>
        """)
    static let namespace = SourceFile(path: "namespaces/crm.json", text: #"{"code": "crm", "type": "cross_device"}"#)

    static func load(_ dataset: SourceFile) -> WorkspaceLoader.Result {
        WorkspaceLoader.load([schema, namespace, dataset])
    }

    static func errors(_ dataset: SourceFile) -> [String] {
        load(dataset).errors.map(\.description)
    }

    @Test func jsonAndXMLFormsLoadTheSameOptions() throws {
        let json = Self.load(SourceFile(path: "datasets/crm.json", text: """
            {"id": "crm", "schema": "crm",
             "csv": {"delimiter": ";", "quote": "'", "header": false, "columns": ["crmId", "city"], "encoding": "latin1"}}
            """))
        let xml = Self.load(SourceFile(path: "datasets/crm.xml", text: """
            <dataset id="crm" schema="crm">
              <csv delimiter=";" quote="'" header="false" encoding="latin1"><column>crmId</column><column>city</column></csv>
            </dataset>
            """))
        #expect(json.diagnostics.isEmpty)
        #expect(xml.diagnostics.isEmpty)
        let options = try #require(json.workspace.dataset("crm")?.csv)
        #expect(options == Dataset.CSVOptions(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"), header: false,
                                              columns: ["crmId", "city"], encoding: .latin1))
        #expect(xml.workspace.dataset("crm")?.csv == options)
    }

    @Test func xmlWritesAQuoteAndATabAsReferences() {
        let xml = Self.load(SourceFile(path: "datasets/crm.xml", text: """
            <dataset id="crm" schema="crm"><csv delimiter="&#9;" quote="&quot;" encoding="windows-1252"/></dataset>
            """))
        #expect(xml.diagnostics.isEmpty)
        #expect(xml.workspace.dataset("crm")?.csv == Dataset.CSVOptions(delimiter: 0x09, encoding: .windows1252))
    }

    @Test func withoutOptionsADatasetReadsStandardCSV() {
        let loaded = Self.load(SourceFile(path: "datasets/crm.json", text: #"{"id": "crm", "schema": "crm"}"#))
        #expect(loaded.workspace.dataset("crm")?.csv == .standard)
        let tab = Self.load(SourceFile(path: "datasets/crm.json", text: #"{"id": "crm", "schema": "crm", "csv": {"delimiter": "\t", "encoding": "utf-16"}}"#))
        #expect(tab.workspace.dataset("crm")?.csv == Dataset.CSVOptions(delimiter: 0x09, encoding: .utf16))
    }

    @Test(arguments: [
        (#"{"id": "crm", "schema": "crm", "csv": {"delimiter": ";;"}}"#,
         #"datasets/crm.json:1:53: error: `delimiter` must be a single ASCII character other than a line break, found ";;" (2 characters); for a tab write "\t" in JSON or "&#9;" in XML"#),
        (#"{"id": "crm", "schema": "crm", "csv": {"quote": "«"}}"#,
         #"datasets/crm.json:1:49: error: `quote` must be a single ASCII character other than a line break, found "«" (not ASCII); for a tab write "\t" in JSON or "&#9;" in XML"#),
        (#"{"id": "crm", "schema": "crm", "csv": {"encoding": "utf8"}}"#,
         #"datasets/crm.json:1:52: error: `encoding` cannot be "utf8"; expected one of "utf-8", "latin1", "windows-1252", "utf-16"; did you mean `utf-8`?"#),
        (#"{"id": "crm", "schema": "crm", "csv": {"header": false}}"#,
         #"datasets/crm.json:1:39: error: `header` is false, so the file has no row naming its columns; name them in order with "columns": ["email", "firstName", …]"#),
        (#"{"id": "crm", "schema": "crm", "csv": {"columns": ["crmId"]}}"#,
         #"datasets/crm.json:1:52: error: `columns` is only for files without a header row; with `header` true (the default) the first row names the columns; set "header": false or remove `columns`"#),
        (#"{"id": "crm", "schema": "crm", "csv": {"delimiter": "'", "quote": "'"}}"#,
         #"datasets/crm.json:1:67: error: `delimiter` and `quote` must differ; both are "'""#),
        (#"{"id": "crm", "schema": "crm", "csv": {"header": false, "columns": ["crmId", "crmId"]}}"#,
         #"datasets/crm.json:1:78: error: the column "crmId" is named twice; each column needs a name of its own"#),
        (#"{"id": "crm", "schema": "crm", "csv": {"header": "no"}}"#,
         #"datasets/crm.json:1:50: error: `header` must be true or false, found a string"#),
    ])
    func wrongOptionsAreLocatedErrors(json: String, expected: String) {
        #expect(Self.errors(SourceFile(path: "datasets/crm.json", text: json)) == [expected])
    }

    @Test func xmlWithoutColumnsNamesTheColumnElement() {
        let errors = Self.errors(SourceFile(path: "datasets/crm.xml", text: """
            <dataset id="crm" schema="crm">
              <csv header="false" delimiter="ab"/>
            </dataset>
            """))
        #expect(errors.count == 2)
        #expect(errors.contains { $0.hasPrefix("datasets/crm.xml:2:") && $0.contains("`delimiter` must be a single ASCII character") })
        #expect(errors.contains { $0.hasPrefix("datasets/crm.xml:2:3: error: `header` is false") && $0.hasSuffix("with <column>name</column> children") })
    }

    @Test func anUnknownCSVOptionIsAWarning() {
        let loaded = Self.load(SourceFile(path: "datasets/crm.json", text: #"{"id": "crm", "schema": "crm", "csv": {"separator": ";"}}"#))
        #expect(loaded.errors.isEmpty)
        #expect(loaded.diagnostics.contains { $0.severity == .warning && $0.message.contains("separator") })
    }
}
