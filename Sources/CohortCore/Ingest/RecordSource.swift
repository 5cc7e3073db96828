/// One record as read from a data file, before validation: what `rejected/` keeps of it.
public struct RawRecord: Equatable, Sendable {
    /// The 1-based line the record starts on.
    public var line: Int
    /// The record as read: typed for JSON and XML, header → text for CSV.
    public var value: Value

    /// A record read from `line`.
    public init(line: Int, value: Value) {
        self.line = line
        self.value = value
    }
}

/// The per-file front end of ingest (SPEC §2.3, §6): bytes of one inbox file go in chunk by chunk,
/// its records and problems come out in file order, in the dataset's format (`.auto` goes by the
/// file extension). A bad record or row is a problem with its line; the records around it are kept.
///
/// CSV, JSON and NDJSON are read in constant memory beyond the record in progress. XML is for small
/// files only: the whole document is buffered and read with `XMLReader` when the input ends.
public struct RecordSource {
    /// A record, a CSV row or a problem, with the 1-based line it starts on.
    public enum Item: Equatable, Sendable {
        /// A typed record from a JSON, NDJSON or XML file.
        case record(line: Int, value: Value)
        /// A CSV data row: `value` maps each header to its text as read; `fields` pairs each column's
        /// schema path (the header through the dataset mapping) with its text, in column order, for
        /// `RecordValidator.validate(textFields:)`.
        case csvRow(line: Int, value: Value, fields: [(path: String, text: String)])
        /// Something that is not a record, and what is wrong.
        case problem(line: Int, message: String)
        /// A JSON record the schema reader already read and checked (see `SchemaRecordReader`).
        case checked(line: Int, read: SchemaRecordReader.Read)

        /// The record as read, for `rejected/`; nil for a problem.
        public var rawRecord: RawRecord? {
            switch self {
            case .record(let line, let value), .csvRow(let line, let value, _): return RawRecord(line: line, value: value)
            case .checked(let line, let read): return RawRecord(line: line, value: read.recordAsRead)
            case .problem: return nil
            }
        }

        /// Same kind, line and contents (written out because tuples are not `Equatable`).
        public static func == (lhs: Item, rhs: Item) -> Bool {
            switch (lhs, rhs) {
            case let (.record(line, value), .record(otherLine, otherValue)):
                return line == otherLine && value == otherValue
            case let (.csvRow(line, value, fields), .csvRow(otherLine, otherValue, otherFields)):
                return line == otherLine && value == otherValue && fields.elementsEqual(otherFields) { $0 == $1 }
            case let (.problem(line, message), .problem(otherLine, otherMessage)):
                return line == otherLine && message == otherMessage
            case let (.checked(line, read), .checked(otherLine, otherRead)):
                return line == otherLine && read == otherRead
            default:
                return false
            }
        }
    }

    private var reader: any RecordReader

    /// A source for `file` (its workspace path: named in positions, and its extension read when
    /// `format` is `.auto`); `mapping` renames CSV headers to schema paths. With `schemaReader`,
    /// JSON records it can read come out `.checked`, the others as `.record`.
    public init(file: String, format: Dataset.Format, mapping: [Dataset.FieldMapping] = [], schemaReader: SchemaRecordReader? = nil) {
        switch Self.format(of: file, declared: format) {
        case .csv: reader = CSVRecords(mapping: mapping)
        case .json: reader = JSONRecords(file: file, mode: .json, schemaReader: schemaReader)
        case .ndjson: reader = JSONRecords(file: file, mode: .ndjson, schemaReader: schemaReader)
        case .xml: reader = XMLRecords(file: file)
        case .auto, nil: reader = UnknownFormat(file: file)
        }
    }

    /// Reads a whole buffer at once (for tests and small files).
    public static func read(_ bytes: [UInt8], file: String, format: Dataset.Format, mapping: [Dataset.FieldMapping] = []) -> [Item] {
        var source = RecordSource(file: file, format: format, mapping: mapping)
        return source.feed(bytes) + source.finish()
    }

    /// The format `file` is read in: `declared` unless it is `.auto`, else the one its extension
    /// names (`.csv`, `.json`, `.ndjson` or `.jsonl`, `.xml`, in any case); nil for another extension.
    public static func format(of file: String, declared: Dataset.Format) -> Dataset.Format? {
        guard declared == .auto else { return declared }
        let name = file.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "csv": return .csv
        case "json": return .json
        case "ndjson", "jsonl": return .ndjson
        case "xml": return .xml
        default: return nil
        }
    }

    /// Consumes the next chunk and returns the records and problems it completed.
    public mutating func feed<C: Collection>(_ chunk: C) -> [Item] where C.Element == UInt8 {
        reader.feed(chunk as? [UInt8] ?? Array(chunk))
    }

    /// Ends the input and returns the last records and problems.
    public mutating func finish() -> [Item] {
        reader.finish()
    }
}

/// Reads one format's records from chunks of a file.
private protocol RecordReader {
    /// Concrete bytes, so each reader's byte loop is compiled for them rather than through generics.
    mutating func feed(_ chunk: [UInt8]) -> [RecordSource.Item]
    mutating func finish() -> [RecordSource.Item]
}

/// A file whose extension names no format: one problem, and no records.
private struct UnknownFormat: RecordReader {
    let file: String
    var reported = false

    mutating func feed(_ chunk: [UInt8]) -> [RecordSource.Item] { report() }

    mutating func finish() -> [RecordSource.Item] { report() }

    private mutating func report() -> [RecordSource.Item] {
        if reported { return [] }
        reported = true
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return [.problem(line: 1, message: "cannot tell how to read \"\(name)\" from its extension; name it .csv, .json, .ndjson, .jsonl or .xml, or set the dataset's \"format\"")]
    }
}

/// JSON and NDJSON: records framed by `JSONRecordSplitter`, each parsed with `JSONParser`.
private struct JSONRecords: RecordReader {
    let file: String
    var splitter: JSONRecordSplitter
    let schemaReader: SchemaRecordReader?

    init(file: String, mode: JSONRecordSplitter.Mode, schemaReader: SchemaRecordReader?) {
        self.file = file
        self.splitter = JSONRecordSplitter(mode: mode)
        self.schemaReader = schemaReader
    }

    /// Framing is sequential; the framed records are parsed on every core.
    mutating func feed(_ chunk: [UInt8]) -> [RecordSource.Item] {
        let (file, schemaReader) = (file, schemaReader)
        return splitter.feed(chunk).parallelMap(chunk: Self.recordsPerTask) { Self.parse($0, file: file, schemaReader: schemaReader) }
    }

    mutating func finish() -> [RecordSource.Item] {
        let (file, schemaReader) = (file, schemaReader)
        return splitter.finish().parallelMap(chunk: Self.recordsPerTask) { Self.parse($0, file: file, schemaReader: schemaReader) }
    }

    private static let recordsPerTask = 64

    /// A framed record parsed on its own, with the parser's lines those of the file.
    private static func parse(_ item: JSONRecordSplitter.Item, file: String, schemaReader: SchemaRecordReader?) -> RecordSource.Item {
        switch item {
        case .problem(let line, let message):
            return .problem(line: line, message: message)
        case .record(let line, let bytes):
            if let read = schemaReader?.read(bytes) { return .checked(line: line, read: read) }
            switch JSONParser.parse(bytes, file: file, firstLine: line) {
            case .success(let node): return .record(line: line, value: Value(node))
            case .failure(let diagnostic): return .problem(line: diagnostic.location.line, message: diagnostic.message)
            }
        }
    }
}

/// CSV: the first row is the header, each later row one record of header → text.
private struct CSVRecords: RecordReader {
    /// Column names as written and the schema paths they map to.
    private struct Header {
        var names: [String]
        var paths: [String]
    }

    private enum State {
        case awaitingHeader
        case reading(Header)
        /// The header row is broken, so no row can be read.
        case headerless
    }

    private var reader = CSVReader()
    private var state = State.awaitingHeader
    private let paths: [String: String]

    init(mapping: [Dataset.FieldMapping]) {
        paths = Dictionary(mapping.map { ($0.sourceField, $0.path.value) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func feed(_ chunk: [UInt8]) -> [RecordSource.Item] {
        reader.feed(chunk).compactMap { item(for: $0) }
    }

    mutating func finish() -> [RecordSource.Item] {
        var items = reader.finish().compactMap { item(for: $0) }
        if case .awaitingHeader = state { items.append(.problem(line: 1, message: "the file is empty; expected a header row")) }
        return items
    }

    private mutating func item(for item: CSVReader.Item) -> RecordSource.Item? {
        switch (item, state) {
        case (.row(let row), _) where row.fields == [""]:
            return nil
        case (.row(let row), .awaitingHeader):
            return readHeader(row)
        case (.row(let row), .reading(let header)):
            guard row.fields.count == header.names.count else {
                return .problem(line: row.line, message: "expected \(header.names.count) fields, one per header, but found \(row.fields.count)")
            }
            let value = Value.object(Dictionary(zip(header.names, row.fields.map(Value.string)), uniquingKeysWith: { first, _ in first }))
            let fields = zip(header.paths, row.fields).map { (path: $0, text: $1) }
            return .csvRow(line: row.line, value: value, fields: fields)
        case (.problem(let problem), .awaitingHeader):
            state = .headerless
            return .problem(line: problem.line, message: "the header row cannot be read, so no row of this file is: \(problem.message)")
        case (.problem(let problem), .reading):
            return .problem(line: problem.line, message: problem.message)
        case (_, .headerless):
            return nil
        }
    }

    /// Maps the header row to schema paths; a missing or repeated header or path spoils the file.
    private mutating func readHeader(_ row: CSVReader.Row) -> RecordSource.Item? {
        var errors: [String] = []
        var columnOfName: [String: Int] = [:]
        var columnOfPath: [String: Int] = [:]
        let header = Header(names: row.fields, paths: row.fields.map { paths[$0] ?? $0 })
        for (index, (name, path)) in zip(header.names, header.paths).enumerated() {
            let column = index + 1
            if name.isEmpty {
                errors.append("column \(column) has no header")
            } else if let first = columnOfName[name] {
                errors.append("the header \"\(name)\" is in columns \(first) and \(column)")
            } else if let first = columnOfPath[path] {
                errors.append("the headers \"\(header.names[first - 1])\" (column \(first)) and \"\(name)\" (column \(column)) both map to \"\(path)\"")
            }
            columnOfName[name] = columnOfName[name] ?? column
            columnOfPath[path] = columnOfPath[path] ?? column
        }
        guard errors.isEmpty else {
            state = .headerless
            return .problem(line: row.line, message: errors.joined(separator: "; ") + "; every column needs a header of its own, so no row of this file is read")
        }
        state = .reading(header)
        return nil
    }
}

/// XML (small files only): the whole document is buffered, then the root's child elements are the
/// records. Attributes and child elements become fields, repeated children an array, and the text
/// of an element with neither attributes nor children a string.
private struct XMLRecords: RecordReader {
    /// A record that does not map to fields.
    private struct Problem: Error {
        var line: Int
        var message: String
    }

    let file: String
    private var bytes: [UInt8] = []

    init(file: String) {
        self.file = file
    }

    mutating func feed(_ chunk: [UInt8]) -> [RecordSource.Item] {
        bytes.append(contentsOf: chunk)
        return []
    }

    mutating func finish() -> [RecordSource.Item] {
        let parsed = XMLReader.parse(bytes, file: file)
        bytes = []
        switch parsed {
        case .failure(let diagnostic):
            return [.problem(line: diagnostic.location.line, message: diagnostic.message)]
        case .success(let root):
            return records(in: root)
        }
    }

    /// One item per child of the root, with any text written directly in the root reported in order.
    private func records(in root: XMLElementNode) -> [RecordSource.Item] {
        let text = root.text.trimmed()
        var strayTextLine = text.text.isEmpty ? nil : text.location.line
        var items: [RecordSource.Item] = []
        for element in root.children {
            if let line = strayTextLine, line < element.location.line {
                items.append(strayText(in: root, line: line))
                strayTextLine = nil
            }
            do throws(Problem) {
                items.append(.record(line: element.location.line, value: try Self.object(of: element)))
            } catch {
                items.append(.problem(line: error.line, message: error.message))
            }
        }
        if let line = strayTextLine { items.append(strayText(in: root, line: line)) }
        return items
    }

    private func strayText(in root: XMLElementNode, line: Int) -> RecordSource.Item {
        .problem(line: line, message: "text directly inside <\(root.name)> is not a record; each record is a child element of <\(root.name)>")
    }

    /// An element with attributes or children as an object of its fields.
    private static func object(of element: XMLElementNode) throws(Problem) -> Value {
        let text = element.text.trimmed()
        guard text.text.isEmpty else {
            throw Problem(line: text.location.line, message: "<\(element.name)> mixes text with attributes or child elements; put the text in a child element of its own")
        }
        var fields: [String: Value] = [:]
        for attribute in element.attributes { fields[attribute.name] = .string(attribute.value.text) }
        var children: [String: [Value]] = [:]
        for child in element.children {
            guard fields[child.name] == nil else {
                throw Problem(line: child.location.line, message: "<\(element.name)> has both an attribute and a child element named \(child.name); keep one")
            }
            children[child.name, default: []].append(try value(of: child))
        }
        for (name, values) in children { fields[name] = values.count == 1 ? values[0] : .array(values) }
        return .object(fields)
    }

    /// A field element: its text as written when it has no attributes or children, else an object.
    private static func value(of element: XMLElementNode) throws(Problem) -> Value {
        if element.attributes.isEmpty && element.children.isEmpty { return .string(element.text.text) }
        return try object(of: element)
    }
}
