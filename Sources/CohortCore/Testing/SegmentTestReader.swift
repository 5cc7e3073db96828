/// Reads a test file (`SegmentTest`) in JSON or XML. Problems are diagnostics with the file, line
/// and column; names of datasets, segments and destinations are checked later, against the
/// workspace (`SegmentTestRunner`).
public enum SegmentTestReader {
    /// The folder of a workspace holding test files.
    public static let folder = "tests"

    /// The test, or nil with at least one error in `sink`.
    public static func read(_ file: SourceFile, sink: DiagnosticSink) -> SegmentTest? {
        let before = sink.diagnostics.count
        if let offset = UTF8Validation.firstInvalidOffset(in: file.bytes[...]) {
            sink.error(location(ofOffset: offset, in: file), "this byte is not UTF-8; save the test file as UTF-8")
            return nil
        }
        guard let object = root(of: file, sink: sink) else { return nil }
        let test = read(object, file: file)
        object.finish()
        let failed = sink.diagnostics.dropFirst(before).contains { $0.severity == .error }
        return failed ? nil : test
    }

    /// The line and column of byte `offset` (columns count characters, as every diagnostic does).
    private static func location(ofOffset offset: Int, in file: SourceFile) -> SourceLocation {
        let before = file.bytes[..<offset]
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let column = file.bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
        return SourceLocation(file: file.path, line: before.filter { $0 == UInt8(ascii: "\n") }.count + 1, column: column)
    }

    private static func root(of file: SourceFile, sink: DiagnosticSink) -> DefinitionObject? {
        switch file.fileExtension {
        case "json":
            switch JSONParser.parse(file.bytes, file: file.path) {
            case .success(let node): return DefinitionObject(json: node, sink: sink, what: "a test")
            case .failure(let diagnostic): sink.append(diagnostic); return nil
            }
        case "xml":
            switch XMLReader.parse(file.bytes, file: file.path) {
            case .success(let element):
                guard element.name == "test" else {
                    sink.error(element.location, "expected <test> as the root element of a test file, found <\(element.name)>")
                    return nil
                }
                return DefinitionObject(xml: element, sink: sink)
            case .failure(let diagnostic): sink.append(diagnostic); return nil
            }
        default:
            sink.error(.start(of: file.path), "a test file ends in .json or .xml")
            return nil
        }
    }

    private static func read(_ object: DefinitionObject, file: SourceFile) -> SegmentTest? {
        object.ignore("description", "$schema")
        let name = object.string("name")?.value ?? file.stem
        let asOf = readAsOf(object)
        let records = readRecords(object)
        let expectations = (object.objects("expect", xmlElement: "expect", what: "expectations") ?? [])
            .compactMap(readExpectation)
        if expectations.isEmpty && !object.sink.hasErrors {
            object.sink.error(object.location, "no expectation: `expect` says what the segments or destinations should give, "
                + "e.g. {\"segment\": \"gold-members\", \"members\": [\"lumaLoyaltyId:L1\"]}")
        }
        guard let asOf else { return nil }
        return SegmentTest(file: file.path, name: name, asOf: asOf, records: records, expectations: expectations)
    }

    private static func readAsOf(_ object: DefinitionObject) -> Located<Int64>? {
        let what = "the time segments are evaluated at, e.g. \"2026-11-21T00:00:00Z\""
        guard let text = object.requiredString("asOf", what: what) else { return nil }
        guard let milliseconds = Timestamp.milliseconds(from: text.value) else {
            object.sink.error(text.location, "`asOf` \"\(text.value)\" is not a date-time; write it as 2026-11-21T00:00:00Z")
            return nil
        }
        return Located(milliseconds, at: text.location)
    }

    /// JSON: an object of dataset id to an array of records or a file's text. XML: `<records dataset="…">text</records>`.
    private static func readRecords(_ object: DefinitionObject) -> [SegmentTest.Records] {
        if object.isXML {
            return (object.objects("records", xmlElement: "records", what: "records") ?? []).compactMap { element in
                let dataset = element.requiredString("dataset", what: "the id of the dataset these records arrive in")
                let text = element.xmlElement?.text ?? LocatedText("", at: element.location)
                element.finish()
                return dataset.map { SegmentTest.Records(dataset: $0, content: .text(text)) }
            }
        }
        return (object.entries("records", what: "dataset ids to their records") ?? []).compactMap { dataset, value in
            if let text = value.stringValue { return SegmentTest.Records(dataset: dataset, content: .text(text)) }
            guard let elements = value.elements else {
                object.sink.error(value.location, "the records of \"\(dataset.value)\" must be an array of objects "
                    + "or a string holding a file's content, found \(value.kindDescription)")
                return nil
            }
            for element in elements where element.members == nil {
                object.sink.error(element.location,
                                  "each record of \"\(dataset.value)\" must be an object, found \(element.kindDescription)")
            }
            return SegmentTest.Records(dataset: dataset, content: .objects(elements))
        }
    }

    private static func readExpectation(_ object: DefinitionObject) -> SegmentTest.Expectation? {
        defer { object.finish() }
        let segment = object.string("segment")
        let destination = object.string("destination")
        let members = object.strings("members", xmlElement: "member")
        let inList = object.strings("in", xmlElement: "in")
        let outList = object.strings("out", xmlElement: "out")
        let rows = readRows(object)
        let sink = object.sink
        switch (segment, destination) {
        case (let segment?, nil):
            if rows != nil { sink.error(object.location, "`rows` are expected of a destination, not of a segment") }
            if let members {
                if inList != nil || outList != nil {
                    sink.error(object.location, "give either `members` (the exact set) or `in`/`out`, not both")
                }
                return SegmentTest.Expectation(location: object.location, subject: segment, check: .members(members))
            }
            guard inList != nil || outList != nil else {
                sink.error(object.location,
                           "missing `members`, `in` or `out`: the profiles expected in or out of \"\(segment.value)\"")
                return nil
            }
            return SegmentTest.Expectation(location: object.location, subject: segment,
                                           check: .inOut(in: inList ?? [], out: outList ?? []))
        case (nil, let destination?):
            if members != nil || inList != nil || outList != nil {
                sink.error(object.location, "`members`, `in` and `out` are expected of a segment, not of a destination")
            }
            guard let rows else {
                sink.error(object.location, "missing `rows`: the rows \"\(destination.value)\" should export")
                return nil
            }
            return SegmentTest.Expectation(location: object.location, subject: destination, check: .rows(rows))
        case (.some, .some):
            sink.error(object.location, "an expectation names a `segment` or a `destination`, not both")
        case (nil, nil):
            sink.error(object.location, "missing `segment` or `destination`: what the expectation is about")
        }
        return nil
    }

    /// JSON: `"rows": [{"column": "text", …}]`. XML: `<row column="text" …/>` children.
    private static func readRows(_ object: DefinitionObject) -> [SegmentTest.Row]? {
        if let element = object.xmlElement {
            object.ignore("row")
            let rows = element.children(named: "row")
            guard !rows.isEmpty || object.has("rows") else { return nil }
            object.ignore("rows")
            return rows.map { row in
                for child in row.children {
                    object.sink.warning(child.location, "unknown element <\(child.name)> in <row> is ignored; "
                        + "write each column as an attribute, e.g. <row first_name=\"Ann\"/>")
                }
                return SegmentTest.Row(location: row.location, cells: row.attributes.map {
                    (Located($0.name, at: $0.location), $0.value.text)
                })
            }
        }
        guard let node = object.rawJSON("rows") else { return nil }
        guard let elements = node.elements else {
            object.sink.error(node.location,
                              "`rows` must be an array of objects of column to value, found \(node.kindDescription)")
            return []
        }
        return elements.compactMap { element in
            guard let members = element.members else {
                object.sink.error(element.location, "each entry of `rows` must be an object of column to value, "
                    + "found \(element.kindDescription)")
                return nil
            }
            return SegmentTest.Row(location: element.location, cells: members.compactMap { member in
                let column = Located(member.key, at: member.keyLocation)
                switch member.value.value {
                case .null: return (column, nil)
                case .string(let text): return (column, text.text)
                case .number(let literal): return (column, literal)
                case .bool(let flag): return (column, flag ? "true" : "false")
                case .array, .object:
                    object.sink.error(member.value.location, "the value of column \"\(member.key)\" must be a string, "
                        + "number, true, false or null, found \(member.value.kindDescription)")
                    return nil
                }
            })
        }
    }
}
