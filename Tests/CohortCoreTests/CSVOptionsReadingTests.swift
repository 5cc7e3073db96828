import Testing
@testable import CohortCore

/// CSV files read with a dataset's options: another delimiter and quote, no header row, and text in
/// Latin-1, Windows-1252 or UTF-16, decoded so that values and line numbers are those of the text.
@Suite struct CSVOptionsReadingTests {
    static let ingest: DatasetIngest = {
        let workspace = DatasetCSVOptionsTests.load(SourceFile(path: "datasets/crm.json", text: #"{"id": "crm", "schema": "crm"}"#)).workspace
        let dataset = workspace.dataset("crm")!
        return DatasetIngest(dataset: dataset, schema: workspace.schema("crm")!, namespaces: workspace.allNamespaces, identitiesPerRecord: 20)
    }()

    /// Each item's line and either the city it keeps or its problem.
    static func read(_ bytes: [UInt8], options: Dataset.CSVOptions, file: String = "inbox/crm/a.csv", chunk: Int? = nil) -> [String] {
        var source = RecordSource(file: file, format: .auto, csv: options, schemaReader: ingest.schemaReader)
        var items: [RecordSource.Item] = []
        var start = 0
        let size = chunk ?? max(1, bytes.count)
        while start < bytes.count {
            items += source.feed(bytes[start..<min(bytes.count, start + size)])
            start += size
        }
        items += source.finish()
        return items.map { item in
            switch ingest.outcome(of: item) {
            case .success(let kept):
                guard case .string(let city)? = kept.attributes["city"] else { return "\(item.line): -" }
                return "\(item.line): \(city)"
            case .failure(let rejection): return "\(item.line): \(rejection.errors.joined(separator: "; "))"
            }
        }
    }

    static func utf16(_ text: String, bigEndian: Bool = false, byteOrderMark: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = byteOrderMark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        return bytes
    }

    @Test func semicolonsAndSingleQuotes() {
        let options = Dataset.CSVOptions(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"))
        let text = "crmId;city\nc1;'Paris; France'\nc2;'it''s'\nc3;\"quoted\"\n"
        #expect(Self.read(Array(text.utf8), options: options) == [
            "2: Paris; France", "3: it's", "4: \"quoted\"",
        ])
    }

    @Test func withoutAHeaderTheDatasetNamesTheColumnsAndLineOneIsData() {
        let options = Dataset.CSVOptions(header: false, columns: ["crmId", "city"])
        #expect(Self.read(Array("c1,Oslo\nc2,Bergen,extra\nc3,Lund\n".utf8), options: options) == [
            "1: Oslo", "2: (record): expected 2 fields, one per header, but found 3", "3: Lund",
        ])
        #expect(Self.read([], options: options).isEmpty)
    }

    @Test func latin1AndWindows1252AreDecoded() {
        // "Zürich" and "€uro" as their 8-bit encodings.
        let bytes: [UInt8] = Array("crmId,city\nc1,Z".utf8) + [0xFC] + Array("rich\nc2,".utf8) + [0x80] + Array("uro\n".utf8)
        #expect(Self.read(bytes, options: Dataset.CSVOptions(encoding: .latin1)) == [
            "2: Zürich", "3: \u{80}uro",
        ])
        #expect(Self.read(bytes, options: Dataset.CSVOptions(encoding: .windows1252)) == [
            "2: Zürich", "3: €uro",
        ])
    }

    @Test func latin1BytesInAUTF8DatasetNameTheEncodingOption() throws {
        let bytes: [UInt8] = Array("crmId,city\nc1,Z".utf8) + [0xFC] + Array("rich\n".utf8)
        let lines = Self.read(bytes, options: .standard)
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasPrefix("2: (record): field 2 is not valid UTF-8 (byte 2 of the field)"))
        #expect(line.contains(#"set the dataset's csv "encoding" to the one it is in ("latin1", "windows-1252" or "utf-16")"#))
    }

    @Test(arguments: [false, true])
    func utf16IsDecodedWithEitherByteOrder(bigEndian: Bool) {
        let text = "crmId,city\r\nc1,Malmö\r\nc2,\"Two\r\nlines\"\r\nc3,𝔐ünchen 🎉\r\n"
        let expected = ["2: Malmö", "3: Two\r\nlines", "5: 𝔐ünchen 🎉"]
        let bytes = Self.utf16(text, bigEndian: bigEndian)
        let options = Dataset.CSVOptions(encoding: .utf16)
        #expect(Self.read(bytes, options: options) == expected)
        // Split anywhere, even inside a code unit or a surrogate pair, the text is the same.
        #expect(Self.read(bytes, options: options, chunk: 1) == expected)
        #expect(Self.read(bytes, options: options, chunk: 3) == expected)
    }

    @Test func utf16WithoutAByteOrderMarkIsLittleEndian() {
        let bytes = Self.utf16("crmId,city\nc1,Åre\n", byteOrderMark: false)
        #expect(Self.read(bytes, options: Dataset.CSVOptions(encoding: .utf16)) == ["2: Åre"])
    }

    @Test func brokenUTF16IsAProblemOfItsRowAndTheRestIsRead() {
        // An unpaired high surrogate in row 2, then a good row, then a last odd byte.
        var bytes = Self.utf16("crmId,city\nc1,A")
        bytes += [0x00, 0xD8]
        bytes += Self.utf16("\nc2,Bo\nc3,C", byteOrderMark: false) + [0x41]
        let lines = Self.read(bytes, options: Dataset.CSVOptions(encoding: .utf16))
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("2: (record): field 2 is not valid UTF-16"))
        #expect(lines[1] == "3: Bo")
        #expect(lines[2].hasPrefix("4: (record): field 2 is not valid UTF-16"))
    }

    @Test func theTranscoderNeverLosesOrInventsText() {
        // Every 8-bit byte decodes to one character in Latin-1; the round trip through UTF-8 is exact.
        var latin1 = TextTranscoder(.latin1)
        let all = (0...255).map(UInt8.init)
        #expect(String(decoding: latin1?.decode(all) ?? [], as: UTF8.self).unicodeScalars.map(\.value) == (0...255).map(UInt32.init))
        #expect(TextTranscoder(.utf8) == nil)
    }

    @Test func droppedColumnsAreNamedInColumnOrderThroughTheMapping() {
        let mapping = [Dataset.FieldMapping(sourceField: "Town", path: Located("city", at: .start(of: "datasets/crm.json")))]
        var source = RecordSource(file: "inbox/crm/a.csv", format: .auto, mapping: mapping, schemaReader: Self.ingest.schemaReader)
        _ = source.feed(Array("Notes,crmId,Town,Fax\nx,c1,Oslo,1\n".utf8))
        _ = source.finish()
        #expect(source.droppedColumns == ["Notes", "Fax"])
        var named = RecordSource(file: "inbox/crm/a.csv", format: .auto, csv: Dataset.CSVOptions(header: false, columns: ["crmId", "Fax"]),
                                 schemaReader: Self.ingest.schemaReader)
        _ = named.feed(Array("c1,2\n".utf8))
        _ = named.finish()
        #expect(named.droppedColumns == ["Fax"])
    }
}
