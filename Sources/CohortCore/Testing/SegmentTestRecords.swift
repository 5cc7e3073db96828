/// A test's inline records through ingest: each dataset's records become the bytes of a file of
/// that dataset, read by `RecordSource` and validated by `DatasetIngest` as an inbox file is. A
/// record the dataset would reject, or a problem reading the file, is an error at the record in
/// the test file.
enum SegmentTestRecords {
    /// The kept records, as the store would hold them; records without a time of their own are
    /// ingested at `test.asOf`. An event whose `_id` its dataset already has is dropped, as the store drops it.
    static func stored(_ test: SegmentTest, workspace: Workspace, sink: DiagnosticSink) -> [StoredRecord] {
        var records: [StoredRecord] = []
        var eventIDs = Set<[String]>()
        for (number, block) in test.records.enumerated() {
            guard let ingest = DatasetIngest(dataset: block.dataset.value, in: workspace) else {
                sink.error(block.dataset.location,
                           SegmentTestRunner.unknown("dataset", block.dataset.value, among: workspace.datasets.map(\.id.value)))
                continue
            }
            for (item, location) in items(of: block, ingest: ingest, sink: sink) {
                switch ingest.outcome(of: item) {
                case .failure(let rejection):
                    sink.error(location, "this record of \"\(block.dataset.value)\" would be rejected: "
                        + rejection.errors.joined(separator: "; "))
                case .success(let kept):
                    if let id = kept.eventID, !eventIDs.insert([block.dataset.value, id]).inserted { continue }
                    let origin = RecordOrigin(sequence: number + 1, file: test.file, index: kept.position.index,
                                              line: location.line)
                    records.append(StoredRecord(dataset: block.dataset.value, origin: origin, isEvent: ingest.isEventDataset,
                                                eventID: kept.eventID, timestamp: kept.timestamp ?? test.asOf.value,
                                                primary: kept.primary, identities: kept.identities,
                                                packedAttributes: kept.packedAttributes))
                }
            }
        }
        return records
    }

    /// The items of a dataset's records, each with where it is written in the test file.
    private static func items(of block: SegmentTest.Records, ingest: DatasetIngest,
                              sink: DiagnosticSink) -> [(RecordSource.Item, SourceLocation)] {
        let dataset = ingest.dataset
        switch block.content {
        case .text(let text):
            let format = dataset.format == .auto ? guessedFormat(of: text.text) : dataset.format
            // Written as the dataset's files are (delimiter, quote, header), but already text: UTF-8.
            var csv = dataset.csv
            csv.encoding = .utf8
            var source = RecordSource(file: "\(block.dataset.value).\(format.rawValue)", format: format,
                                      mapping: dataset.mapping, csv: csv, schemaReader: ingest.schemaReader)
            let items = source.feed(Array(text.text.utf8)) + source.finish()
            return items.map { ($0, text.location(atUTF8Offset: $0.position.offset)) }
        case .objects(let nodes):
            let objects = nodes.filter { $0.members != nil }
            let lines = dataset.format == .csv ? csvLines(of: objects, sink: sink)
                : objects.map { JSONWriter.string(Value($0)) }
            guard let lines, !objects.isEmpty else { return [] }
            let format = dataset.format == .csv ? Dataset.Format.csv : .ndjson
            // Where each object's line starts in the file: an item belongs to the last object starting at or before it.
            var starts: [Int] = []
            var bytes: [UInt8] = []
            for line in lines {
                if !bytes.isEmpty { bytes.append(UInt8(ascii: "\n")) }
                starts.append(bytes.count)
                bytes += Array(line.utf8)
            }
            if format == .csv { starts.removeFirst() }
            var source = RecordSource(file: "\(block.dataset.value).\(format.rawValue)", format: format,
                                      mapping: dataset.mapping, schemaReader: ingest.schemaReader)
            let items = source.feed(bytes) + source.finish()
            return items.map { item in
                let index = starts.lastIndex { $0 <= item.position.offset } ?? 0
                return (item, objects[index].location)
            }
        }
    }

    /// A dataset of format `auto` reads a file by its name; inline text has none, so its first character tells.
    private static func guessedFormat(of text: String) -> Dataset.Format {
        switch text.utf8.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) {
        case UInt8(ascii: "<"): return .xml
        case UInt8(ascii: "{"), UInt8(ascii: "["): return .ndjson
        default: return .csv
        }
    }

    /// CSV rows written as objects of column to text: a header of every column named (in the order
    /// first written), then a row per object, columns it leaves out empty. A value that is not text,
    /// a number or a boolean is an error at the value.
    private static func csvLines(of objects: [JSONNode], sink: DiagnosticSink) -> [String]? {
        var columns: [String] = []
        var rows: [[String: String]] = []
        var failed = false
        for object in objects {
            var row: [String: String] = [:]
            for member in object.members ?? [] {
                if !columns.contains(member.key) { columns.append(member.key) }
                switch member.value.value {
                case .string(let text): row[member.key] = text.text
                case .number(let literal): row[member.key] = literal
                case .bool(let flag): row[member.key] = flag ? "true" : "false"
                case .null: row[member.key] = ""
                case .array, .object:
                    sink.error(member.value.location, "a CSV row holds text: the value of column \"\(member.key)\" must be "
                        + "a string, number, true, false or null, found \(member.value.kindDescription)")
                    failed = true
                }
            }
            rows.append(row)
        }
        guard !failed else { return nil }
        return [columns.map { CSVQuoting.field($0) }.joined(separator: ",")]
            + rows.map { row in columns.map { CSVQuoting.field(row[$0] ?? "") }.joined(separator: ",") }
    }
}
