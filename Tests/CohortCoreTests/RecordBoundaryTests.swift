import Testing
@testable import CohortCore

/// Records are told apart by position, never by line, and one damaged record never takes the
/// records after it along (issue: records keyed by line, one damaged record swallowing the rest).
@Suite struct RecordBoundaryTests {
    private func items(_ text: String, file: String, format: Dataset.Format = .auto) -> [RecordSource.Item] {
        RecordSource.read(Array(text.utf8), file: file, format: format)
    }

    private func records(_ items: [RecordSource.Item]) -> [Value] {
        items.compactMap { if case .record(let value) = $0.content { value } else { nil } }
    }

    private func problems(_ items: [RecordSource.Item]) -> [String] {
        items.compactMap { if case .problem(let message) = $0.content { message } else { nil } }
    }

    @Test func recordsOnOneLineHaveTheirOwnIndexAndOffset() {
        let text = #"[{"id":1},{"id":2},{"id":3}]"#
        let read = items(text, file: "a.json")
        #expect(read.map(\.position.index) == [0, 1, 2])
        #expect(read.map(\.position.offset) == [1, 10, 19])
        #expect(read.map(\.position.column) == [2, 11, 20])
        #expect(Set(read.map(\.line)) == [1])
    }

    @Test func carriageReturnsAloneEndLines() {
        let read = items("[{\"id\":1},\r{\"id\":2}\r]", file: "a.json")
        #expect(read.map(\.line) == [1, 2])
        let lines = items("{\"id\":1}\r{\"id\":2}\r{\"id\":3}", file: "a.ndjson")
        #expect(records(lines).count == 3)
        #expect(lines.map(\.line) == [1, 2, 3])
    }

    /// The XML reader counts lines as the data readers do, so a lone CR (even inside a comment)
    /// never puts a record's offset before its predecessor's (found by fuzzing).
    @Test func xmlLinesEndAtALoneCarriageReturnToo() {
        let read = items("<r><!-- a\rb --><p a=\"1\"/>\r<p a=\"2\"/></r>", file: "a.xml")
        #expect(read.map(\.line) == [2, 3])
        #expect(read.map(\.position.offset) == [15, 26])
    }

    @Test func xmlOffsetsAfterCRLFStartPastTheLF() {
        let read = items("<r>\r\n<p a=\"1\"/>\r\n<p a=\"2\"/></r>", file: "a.xml")
        #expect(read.map(\.line) == [2, 3])
        #expect(read.map(\.position.offset) == [5, 17])
    }

    @Test func aMissingBraceSpoilsOnlyItsOwnRecord() {
        let pretty = "[\n{\"id\":1},\n{\"id\":2,\n{\"id\":3}\n]"
        let onOneLine = #"[{"id":1},{"id":2,{"id":3}]"#
        let unclosedArray = "[\n  {\"id\":1},\n  {\"id\":2, \"tags\":[\"a\",\n  {\"id\":3}\n]"
        for text in [pretty, onOneLine, unclosedArray] {
            let read = items(text, file: "a.json")
            #expect(records(read) == [.object(["id": .integer(1)]), .object(["id": .integer(3)])], "\(text)")
            #expect(problems(read).count == 1, "\(text): \(problems(read))")
            #expect(read.map(\.position.index) == Array(0..<read.count))
        }
    }

    @Test func aValidPrettyPrintedArrayIsNotCutAtItsNestedObjects() {
        let text = "[\n{\"id\":1, \"items\": [\n{\"sku\":\"a\"},\n{\"sku\":\"b\"}\n]},\n{\"id\":2}\n]"
        let read = items(text, file: "a.json")
        #expect(records(read).count == 2)
        #expect(problems(read).isEmpty)
    }

    @Test func bytesThatAreNotUTF8RejectTheRecordNamingFieldAndOffset() {
        let bytes = Array("{\"id\":1}\n{\"id\":2,\"name\":{\"first\":\"A".utf8) + [0xC3, 0x28] + Array("\"}}\n{\"id\":3}\n".utf8)
        let read = RecordSource.read(bytes, file: "a.ndjson", format: .auto)
        #expect(records(read) == [.object(["id": .integer(1)]), .object(["id": .integer(3)])])
        let message = try? #require(problems(read).first)
        #expect(message == "byte offset 35 (line 2, column 27) in field \"name.first\" is not valid UTF-8; save the file as UTF-8")
    }

    @Test func aRecordOverTheSizeLimitIsSkippedAndTheNextKept() {
        let huge = "{\"x\":\"" + String(repeating: "a", count: JSONRecordSplitter.maximumRecordBytes) + "\"}"
        for (file, text) in [("a.ndjson", "\(huge)\n{\"id\":2}\n"), ("a.json", "[\(huge),\n{\"id\":2}]")] {
            let read = items(text, file: file)
            #expect(records(read) == [.object(["id": .integer(2)])])
            #expect(problems(read).first?.contains("larger than 16 MB") == true)
        }
    }

    @Test func recordsNestedTooDeeplyAreProblemsNotCrashes() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let read = items("[{\"a\":\(deep)},{\"id\":2}]", file: "a.json")
        #expect(records(read) == [.object(["id": .integer(2)])])
        #expect(problems(read).first?.contains("deeper than") == true)
    }

    // MARK: The format a file is read in

    @Test func aJSONArrayInAnNDJSONDatasetIsReadAsAnArray() {
        let text = "[{\"id\":1},\n{\"id\":2},\n{\"id\":3}]\n"
        #expect(records(items(text, file: "inbox/p/purchases.json", format: .ndjson)).count == 3)
        #expect(records(items(text, file: "inbox/p/purchases.ndjson", format: .ndjson)).count == 3)
        // One object a line in a .json file of an NDJSON dataset stays NDJSON.
        #expect(records(items("{\"id\":1}\n{\"id\":2}\n", file: "e.json", format: .ndjson)).count == 2)
    }

    @Test func aFileWhoseBytesFitNoPossibleFormatIsOneProblem() {
        let read = items("[{\"id\":1},\n{\"id\":2}]\n", file: "inbox/c/people.csv", format: .csv)
        #expect(read.count == 1)
        #expect(problems(read).first?.contains("a JSON array") == true)
        #expect(problems(read).first?.contains("csv") == true)
        let csvInJSON = items("id,name\n1,Ann\n", file: "inbox/c/people.json", format: .json)
        #expect(csvInJSON.count == 1 && problems(csvInJSON).count == 1)
        // A .csv file is CSV whatever the dataset says.
        #expect(items("id\n1\n2\n", file: "people.csv", format: .ndjson).count == 2)
    }

    @Test func settlingTheFormatFollowsFirstByteNameAndDataset() {
        #expect(RecordSource.settleFormat(of: "a.json", declared: .ndjson, firstByte: UInt8(ascii: "[")) == .success(.json))
        #expect(RecordSource.settleFormat(of: "a.json", declared: .ndjson, firstByte: UInt8(ascii: "{")) == .success(.ndjson))
        #expect(RecordSource.settleFormat(of: "a.txt", declared: .ndjson, firstByte: UInt8(ascii: "[")) == .success(.json))
        #expect(RecordSource.settleFormat(of: "a.xml", declared: .auto, firstByte: UInt8(ascii: "<")) == .success(.xml))
        #expect(RecordSource.settleFormat(of: "a.txt", declared: .auto, firstByte: nil) == .failure(.unknown))
        #expect(RecordSource.settleFormat(of: "a.csv", declared: .auto, firstByte: UInt8(ascii: "<"))
                == .failure(.contradicted(candidates: [.csv], firstByte: UInt8(ascii: "<"))))
    }
}

/// Identity values cannot smuggle another identity in, or merge two people, through characters
/// that a stored list once used as separators.
@Suite struct IdentityValueTests {
    @Test func identityListsRoundTripWhateverTheValuesHold() {
        let identities = [Identity(namespace: "crm", id: "x\nEmail:victim@example.com"), Identity(namespace: "crm", id: "same\0A"),
                          Identity(namespace: "Email", id: "a\"b:c\\d"), Identity(namespace: "ECID", id: "")]
        #expect(IdentityListCoding.decodeList(IdentityListCoding.encode(identities)) == identities)
        #expect(IdentityListCoding.decode(IdentityListCoding.encode(identities[0])) == identities[0])
        #expect(IdentityListCoding.decodeList("crm:x") == nil)
    }

    @Test func controlCharactersInAnIdentityValueRejectTheRecord() throws {
        let workspace = DatasetIngestTests.workspace
        let dataset = try #require(workspace.dataset("crm"))
        let ingest = DatasetIngest(dataset: dataset, schema: try #require(workspace.schema("crm")), namespaces: workspace.allNamespaces,
                                   identitiesPerRecord: 20)
        for value in ["x\nEmail:victim@example.com", "same\u{0}A", "tab\there", "del\u{7F}"] {
            let record = Value.object(["crmId": .string(value)])
            guard case .failure(let rejection) = ingest.ingest(record, at: .line(1)) else {
                Issue.record("\(value.debugDescription) should be rejected")
                continue
            }
            #expect(rejection.errors.first?.hasPrefix("crmId: the identity value holds the control character U+00") == true)
        }
        let viaMap = Value.object(["crmId": .string("ok"), "identityMap": .object(["Email": .array([.object(["id": .string("a@b.c\n")])])])])
        guard case .failure(let rejection) = ingest.ingest(viaMap, at: .line(2)) else {
            Issue.record("a control character in identityMap should reject the record")
            return
        }
        #expect(rejection.errors == ["identityMap.Email: the identity value holds the control character U+000A; "
                                     + "identity values cannot hold control characters (line breaks, tabs, NUL)"])
    }
}
