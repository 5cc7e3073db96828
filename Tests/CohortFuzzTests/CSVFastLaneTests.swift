import CohortCore
import Testing
@testable import CohortFuzz

/// The CSV fast lane (`CSVRowReader`) against the full way (`RecordValidator.validate(textFields:)`):
/// the same items at the same positions, the same kept records (packed bytes, identities, time,
/// dropped fields) and the same rejections, for the template's CSV and for hostile CSV.
@Suite struct CSVFastLaneTests {
    static let hostile = WorkspaceLoader.load([
        SourceFile(path: "schemas/h.xml", text: """
            <schema id="h" class="profile">
              <field path="id" type="string" identity="hid" primary="true"/>
              <field path="email" type="string" format="email" identity="Email"/>
              <field path="age" type="integer" minimum="0" maximum="150"/>
              <field path="score" type="number" exclusiveMaximum="100"/>
              <field path="vip" type="boolean"/>
              <field path="tier" type="string" enum="gold,silver"/>
              <field path="person.name.first" type="string" minLength="2"/>
              <field path="person.name.last" type="string" required="true"/>
              <field path="code" type="string" pattern="^[A-Z]{3}$"/>
              <field path="updated" type="string" format="date-time"/>
              <field path="items" type="array" items="object"/>
              <field path="items.sku" type="string"/>
              <field path="extra" type="map" values="string"/>
            </schema>
            """),
        SourceFile(path: "namespaces/hid.json", text: #"{"code": "hid", "type": "cross_device"}"#),
        SourceFile(path: "datasets/h.json", text: #"""
            {"id": "h", "schema": "h", "format": "csv", "timestampField": "updated",
             "mapping": {"ID": "id", "E-mail": "email", "Last": "person.name.last", "First": "person.name.first",
                         "Sku": "items.sku", "Alt": "items[].sku", "Extra": "extra.note", "Map": "identityMap",
                         "Person": "person"}}
            """#),
    ]).workspace

    static let hostileHeader = "ID,E-mail,age,score,vip,tier,First,Last,code,updated,Unknown,zzz.unknown"

    /// Rows the fast lane takes and rows it must leave to the full way, in one file.
    static let hostileRows = [
        "h1,Ann@Example.com,42,99.5,TRUE,gold,Ann,Lee,ABC,2026-01-01T00:00:00Z,x,",
        "h2,bob@example.com,+7,-0,false,,Bo,Ng,,,,y",
        "h3,,1e1,1e1,yes,bronze,A,,abc,yesterday,,",
        "h4,not-an-email, 42 ,100,True ,silver,Al,Ray,XYZ,2026-13-01T00:00:00Z,,",
        "h5,c@example.com,9223372036854775808,nan,true,gold,Cy,Su,DEF,2026-02-29T00:00:00Z,,",
        "\"h6\",\"d@example.com\",\"151\",\"inf\",\"1\",\"gold\",\"D\"\"q\",\"Multi\nline\",\"GHI\",,,",
        "anonymous,,,,,,,Zed,,,,",
        "\"h\u{7}8\",,,,,,,Ctl,,,,",
        ",,,,,,,Nobody,,,,",
        "h9,e@example.com,0x10,1.5e400,FALSE,gold,Ed,Lo,JKL,,,",
        "h10,f@example.com,-1,12345678901234567,false,Gold,Fi,Lu,MN,,,",
        "h11,g@example.com,00042,0.000,tRuE,silver,Gi,Ma,OPQ,2026-03-01T10:00:00+01:00,,",
        "h12,too,few,fields",
        "h13,h@example.com,1,2,true,gold,Hi,Jo,RST,,,,one too many",
        "h14,\"a\"b@example.com,1,2,true,gold,Hi,Jo,RST,,,",
        "",
        "h15,i@example.com,1,2,true,gold,Ia,Ko,UVW,,,",
        "h16,not-an-email,1,2,true,gold,Ia,Ko,UVW,,,",
        "h17,j@example.com,1,2,true,gold,Ia,Ko,UVW,2026-02-30T00:00:00Z,,",
        "h18,k@example.com,1,2,true,gold,I,Ko,UVW,,,",
        "h19,l@example.com,1,2,true,gold,Ia,Ko,UVWX,,,",
    ]

    private func ingest(_ workspace: Workspace, dataset id: String) throws -> DatasetIngest {
        let dataset = try #require(workspace.dataset(id))
        let schema = try #require(workspace.schema(dataset.schema.value))
        return DatasetIngest(dataset: dataset, schema: schema, namespaces: workspace.allNamespaces,
                             identitiesPerRecord: workspace.settings.limits.identitiesPerRecord,
                             defaultCountry: workspace.settings.defaultCountry?.value)
    }

    /// The items of `bytes` fed in chunks of `chunk` bytes, with the fast lane or without.
    private func items(_ bytes: [UInt8], ingest: DatasetIngest, fastLane: Bool, chunk: Int) -> [RecordSource.Item] {
        var source = RecordSource(file: "inbox/\(ingest.dataset.id.value)/f.csv", format: .csv,
                                  mapping: ingest.dataset.mapping, schemaReader: fastLane ? ingest.schemaReader : nil)
        var items: [RecordSource.Item] = []
        var start = 0
        while start < bytes.count {
            items += source.feed(bytes[start..<min(bytes.count, start + chunk)])
            start += chunk
        }
        return items + source.finish()
    }

    /// Expects both ways to agree on every item; returns how many rows the fast lane read.
    @discardableResult
    private func expectAgreement(_ bytes: [UInt8], ingest: DatasetIngest, chunk: Int = 1 << 20) -> Int {
        let fast = items(bytes, ingest: ingest, fastLane: true, chunk: chunk)
        let full = items(bytes, ingest: ingest, fastLane: false, chunk: chunk)
        #expect(fast.map(\.position) == full.map(\.position))
        #expect(!full.contains { if case .checkedRow = $0.content { true } else { false } })
        for (fastItem, fullItem) in zip(fast, full) {
            let line = fastItem.line
            switch (ingest.outcome(of: fastItem), ingest.outcome(of: fullItem)) {
            case let (.success(kept), .success(fullKept)):
                #expect(kept == fullKept, "line \(line): kept differently")
            case let (.failure(rejection), .failure(fullRejection)):
                #expect(rejection == fullRejection, "line \(line): \(rejection.errors) vs \(fullRejection.errors)")
            case let (fastOutcome, fullOutcome):
                Issue.record("line \(line): the fast lane gives \(fastOutcome), the full way \(fullOutcome)")
            }
        }
        return fast.count(where: { if case .checkedRow = $0.content { true } else { false } })
    }

    @Test func theTemplateCSVIsReadAlikeAndMostlyInTheFastLane() throws {
        let template = try FuzzTemplate(root: FuzzCorpusTests.root.appendingPathComponent("workspace-template"))
        let csvFiles = template.dataFiles.filter { $0.path.hasSuffix(".csv") }
        #expect(!csvFiles.isEmpty)
        for file in csvFiles {
            let ingest = try ingest(template.workspace, dataset: String(file.path.split(separator: "/")[1]))
            let rows = file.bytes.count(where: { $0 == UInt8(ascii: "\n") }) - 1
            let fast = expectAgreement(file.bytes, ingest: ingest)
            #expect(fast * 10 >= rows * 8, "\(file.path): the fast lane read \(fast) of \(rows) rows")
            expectAgreement(file.bytes, ingest: ingest, chunk: 7)
        }
    }

    @Test func hostileRowsAreDecidedAsTheFullWayDecidesThem() throws {
        let ingest = try ingest(Self.hostile, dataset: "h")
        let text = ([Self.hostileHeader] + Self.hostileRows).joined(separator: "\r\n")
        let fast = expectAgreement(Array(text.utf8), ingest: ingest)
        // h1, h2, h11, h15 are clean; anonymous and the control character are fast rows the identity
        // rules reject; h16 to h19 fail one check each, which the fast lane words as validation does.
        #expect(fast >= 10)
        let failedChecks = items(Array(text.utf8), ingest: ingest, fastLane: true, chunk: 1 << 20).compactMap { item in
            if case .checkedRow(let read) = item.content, !read.errors.isEmpty { read.errors } else { nil }
        }
        #expect(failedChecks == [
            [#"email: "not-an-email" is not an email address"#],
            [#"updated: "2026-02-30T00:00:00Z" is not a date-time (YYYY-MM-DDTHH:MM:SSZ or with an offset)"#],
            [#"person.name.first: "I" is shorter than 2 characters"#],
            [#"code: "UVWX" does not match the pattern ^[A-Z]{3}$"#],
        ])
        for chunk in [1, 5, 64] { expectAgreement(Array(text.utf8), ingest: ingest, chunk: chunk) }
        // A byte order mark, LF line ends, a row that is not UTF-8, a quote left open at the end.
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((Self.hostileHeader + "\n" + Self.hostileRows[0] + "\n").utf8)
        bytes += Array("h20,".utf8) + [0xC3, 0x28] + Array("@example.com,1,2,true,gold,Xi,Yu,ABC,,,\n".utf8)
        bytes += Array((Self.hostileRows[1] + "\n\n\"h21,open").utf8)
        #expect(expectAgreement(bytes, ingest: ingest) == 2)
        // A truncated last line: fewer fields than the header.
        let truncated = Self.hostileHeader + "\n" + Self.hostileRows[0] + "\nh22,x@example.com,4"
        expectAgreement(Array(truncated.utf8), ingest: ingest)
    }

    @Test func columnsThroughArraysMapsObjectsAndIdentityMapGoTheFullWay() throws {
        let ingest = try ingest(Self.hostile, dataset: "h")
        let text = """
            ID,Last,Sku,Alt,Extra,Map,Person
            a1,Lee,,,,,
            a2,Lee,S-1,,,,
            a3,Lee,,S-2,,,
            a4,Lee,,,note,,
            a5,Lee,,,,{},
            a6,Lee,,,,,x
            """
        // a1 has no text in a column the full way must read; a5's identityMap column is not in the
        // schema, so it is dropped, as the full way drops it.
        #expect(expectAgreement(Array(text.utf8), ingest: ingest) == 2)
    }
}
