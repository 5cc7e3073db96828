/// The per-file front end of ingest (SPEC §2.3, §6, §7): bytes of one inbox file go in chunk by
/// chunk, its records and problems come out in file order, each with its position (its index in
/// the file, which identifies it, and where it starts). A bad record or row is a problem at its
/// position; the records around it are kept.
///
/// The format is settled by the file's first bytes together with its extension and the dataset's
/// `format`: a `.json` file that starts with `[` is a JSON array even in an `ndjson` dataset, a
/// `.csv` file is CSV, and a file whose first bytes fit neither is one problem naming both, never
/// a problem per line. Before that, the first bytes are looked at (`ContentSniff`): a workbook,
/// a PDF or binary data under a data file's name is refused whole, with what it looks like. CSV
/// files are read as the dataset's `csv` options say (delimiter, quote, header, encoding).
///
/// CSV, JSON, NDJSON and XML are read in constant memory beyond the record in progress (XML through
/// libxml2's push parser, see `XMLEventParser`).
public struct RecordSource {
    /// A record, a CSV row or a problem, where it is in the file.
    public struct Item: Equatable, Sendable {
        public var position: RecordPosition
        public var content: Content

        public init(position: RecordPosition, content: Content) {
            self.position = position
            self.content = content
        }

        public var line: Int { position.line }

        /// The record as read, for `rejected/`; nil for a problem.
        public var recordAsRead: Value? {
            switch content {
            case .record(let value), .recordWithOverflow(let value, _), .textRecord(let value), .csvRow(let value, _):
                return value
            case .checked(let read): return read.recordAsRead
            case .checkedRow(let read): return read.recordAsRead
            case .problem: return nil
            }
        }
    }

    /// What an item holds.
    public enum Content: Equatable, Sendable {
        /// A typed record from a JSON or NDJSON file.
        case record(Value)
        /// A typed record holding a number literal no double can hold (`1e999`, in the value as
        /// infinity), and the record as JSON keeping that literal, for `rejected/` should it be rejected.
        case recordWithOverflow(Value, json: String)
        /// A record from an XML file: its leaves are text for the schema to coerce.
        case textRecord(Value)
        /// A CSV data row: `value` maps each header to its text as read; `fields` pairs each column's
        /// schema path (the header through the dataset mapping) with its text, in column order, for
        /// `RecordValidator.validate(textFields:)`.
        case csvRow(value: Value, fields: [(path: String, text: String)])
        /// Something that is not a record, and what is wrong.
        case problem(String)
        /// A JSON record the schema reader already read and checked (see `SchemaRecordReader`).
        case checked(SchemaRecordReader.Read)
        /// A CSV data row the fast lane already read and checked (see `CSVRowReader`).
        case checkedRow(CSVRowReader.Read)

        /// Same kind and contents (written out because tuples are not `Equatable`).
        public static func == (lhs: Content, rhs: Content) -> Bool {
            switch (lhs, rhs) {
            case let (.record(value), .record(other)), let (.textRecord(value), .textRecord(other)):
                return value == other
            case let (.recordWithOverflow(value, json), .recordWithOverflow(other, otherJSON)):
                return value == other && json == otherJSON
            case let (.csvRow(value, fields), .csvRow(otherValue, otherFields)):
                return value == otherValue && fields.elementsEqual(otherFields) { $0 == $1 }
            case let (.problem(message), .problem(other)):
                return message == other
            case let (.checked(read), .checked(other)):
                return read == other
            case let (.checkedRow(read), .checkedRow(other)):
                return read == other
            default:
                return false
            }
        }
    }

    private let file: String
    private let declared: Dataset.Format
    private let mapping: [Dataset.FieldMapping]
    private let csv: Dataset.CSVOptions
    private let schemaReader: SchemaRecordReader?
    /// Nil until the first bytes that are not white space settle the format.
    private var reader: (any RecordReader)?
    /// Bytes held while the format is not settled yet: the first bytes, to look at (`ContentSniff`),
    /// and any white space after them.
    private var leading: [UInt8] = []
    private var nextIndex = 0

    /// A source for `file` (its workspace path: named in positions, and its extension read);
    /// `mapping` renames CSV headers to schema paths. With `schemaReader`, JSON records it can read
    /// come out `.checked`, the others as `.record`, and CSV rows the fast lane (`CSVRowReader`)
    /// can read come out `.checkedRow`, the others as `.csvRow`. `csv` says how CSV files are written.
    public init(file: String, format: Dataset.Format, mapping: [Dataset.FieldMapping] = [],
                csv: Dataset.CSVOptions = .standard, schemaReader: SchemaRecordReader? = nil) {
        self.file = file
        declared = format
        self.mapping = mapping
        self.csv = csv
        self.schemaReader = schemaReader
    }

    /// A source for `file` in `ingest`'s dataset, with its fast lanes.
    public init(file: String, ingest: DatasetIngest) {
        self.init(file: file, format: ingest.dataset.format, mapping: ingest.dataset.mapping, csv: ingest.dataset.csv,
                  schemaReader: ingest.schemaReader)
    }

    /// Reads a whole buffer at once (for tests and small files).
    public static func read(_ bytes: [UInt8], file: String, format: Dataset.Format,
                            mapping: [Dataset.FieldMapping] = [], csv: Dataset.CSVOptions = .standard) -> [Item] {
        var source = RecordSource(file: file, format: format, mapping: mapping, csv: csv)
        return source.feed(bytes) + source.finish()
    }

    /// Why no record of the file is read, when its first bytes show it is not what it claims to be
    /// (`ContentSniff`) or fit no format it may be in; the same message is its one problem.
    public private(set) var refusal: String?

    /// The names of the CSV header's columns the schema has no field for (through the dataset's
    /// mapping), in column order: their values are dropped. Known once the header is read, and only
    /// with a schema reader.
    public var droppedColumns: [String] { reader?.droppedColumns ?? [] }

    /// Whether `file` is gzip-compressed by its name (`events.ndjson.gz`): its bytes are to be
    /// decompressed before they reach a source, which reads the name without the `.gz`.
    public static func isCompressed(_ file: String) -> Bool {
        file.lowercased().hasSuffix(".gz")
    }

    /// The format `file`'s name or the dataset gives before any byte is read: `declared` unless it
    /// is `.auto`, else the one its extension names (`.csv`, `.json`, `.ndjson` or `.jsonl`,
    /// `.xml`, in any case); nil when neither names one.
    public static func format(of file: String, declared: Dataset.Format) -> Dataset.Format? {
        guard declared == .auto else { return declared }
        return formatOfExtension(file)
    }

    private static func formatOfExtension(_ file: String) -> Dataset.Format? {
        var name = file.split(separator: "/").last ?? ""
        if isCompressed(String(name)) { name = name.dropLast(3) }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "csv": return .csv
        case "json": return .json
        case "ndjson", "jsonl": return .ndjson
        case "xml": return .xml
        default: return nil
        }
    }

    /// The format to read `file` in, from its first byte that is not white space (nil for an empty
    /// file), its extension and the dataset's format; or why it cannot be read.
    public static func settleFormat(of file: String, declared: Dataset.Format, firstByte: UInt8?) -> Result<Dataset.Format, FormatConflict> {
        let named = formatOfExtension(file)
        var candidates: [Dataset.Format] = []
        for format in [declared, named].compactMap({ $0 }) where format != .auto && !candidates.contains(format) {
            candidates.append(format)
        }
        guard let first = candidates.first else { return .failure(.unknown) }
        guard let firstByte else { return .success(first) }
        let fitting: [Dataset.Format]
        switch firstByte {
        case UInt8(ascii: "{"): fitting = [.ndjson, .json]
        case UInt8(ascii: "["): fitting = [.json]
        case UInt8(ascii: "<"): fitting = [.xml]
        default: fitting = [.csv]
        }
        if let format = fitting.first(where: candidates.contains) { return .success(format) }
        // A JSON array in a file the dataset reads as NDJSON, or the other way round.
        if firstByte == UInt8(ascii: "["), candidates.contains(.ndjson) { return .success(.json) }
        return .failure(.contradicted(candidates: candidates, firstByte: firstByte))
    }

    /// Why a file's format cannot be settled.
    public enum FormatConflict: Error, Equatable {
        /// Neither the dataset nor the file's extension names a format.
        case unknown
        /// The file's first bytes fit none of the formats it could be in.
        case contradicted(candidates: [Dataset.Format], firstByte: UInt8)

        /// The message, for the file `name`.
        func message(for name: String) -> String {
            switch self {
            case .unknown:
                return "cannot tell how to read \"\(name)\" from its extension; name it .csv, .json, .ndjson, .jsonl "
                    + "or .xml (each may end in .gz), or set the dataset's \"format\""
            case .contradicted(let candidates, let firstByte):
                let looks: String
                switch firstByte {
                case UInt8(ascii: "{"): looks = "a JSON object"
                case UInt8(ascii: "["): looks = "a JSON array"
                case UInt8(ascii: "<"): looks = "XML"
                default: looks = "text such as CSV"
                }
                let formats = candidates.map { "\($0.rawValue)" }.joined(separator: " and ")
                return "the file starts the way \(looks) does, but it can be read only as \(formats) (from the dataset's format and the file's name); "
                    + "no record of it is read: fix the file, its extension or the dataset's \"format\""
            }
        }
    }

    /// Consumes the next chunk and returns the records and problems it completed.
    public mutating func feed<C: Collection>(_ chunk: C) -> [Item] where C.Element == UInt8 {
        let bytes = chunk as? [UInt8] ?? Array(chunk)
        if reader != nil {
            return numbered(reader?.feed(bytes) ?? [])
        }
        leading.append(contentsOf: bytes)
        // The first bytes are looked at before anything is read.
        if leading.count < ContentSniff.length { return [] }
        guard Self.firstSignificantByte(in: leading) != nil else {
            // Only white space so far: past 64 kB of it, the format is what the name and dataset say.
            return leading.count > 1 << 16 ? start() : []
        }
        return start()
    }

    /// Ends the input and returns the last records and problems.
    public mutating func finish() -> [Item] {
        var items = reader == nil ? start() : []
        items += numbered(reader?.finish() ?? [])
        return items
    }

    /// The first byte past a UTF-8 byte order mark that is not white space.
    private static func firstSignificantByte(in bytes: [UInt8]) -> UInt8? {
        bytes.dropFirst(byteOrderMarkLength(bytes)).first { !isWhitespace($0) }
    }

    /// How `file` is read, from its first bytes (those of its first chunk, or all of a shorter file) and the
    /// dataset's format and CSV encoding: the format, or why no record of it is read (`ContentSniff`, or a format
    /// its first bytes contradict), which is then the file's one problem.
    public static func opening(_ leading: [UInt8], file: String, declared: Dataset.Format,
                               encoding: Dataset.CSVOptions.Encoding) -> Result<Dataset.Format, Refusal> {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let claimed = format(of: file, declared: declared) ?? .auto
        if let refusal = ContentSniff.refusal(of: leading[...], file: file, format: claimed, encoding: encoding) {
            return .failure(Refusal(message: refusal))
        }
        return settleFormat(of: file, declared: declared, firstByte: firstSignificantByte(in: leading))
            .mapError { Refusal(message: $0.message(for: name)) }
    }

    /// Why no record of a file is read, as its one problem says.
    public struct Refusal: Error, Equatable {
        public var message: String
    }

    /// Settles the format and hands the reader the bytes held so far.
    private mutating func start() -> [Item] {
        switch Self.opening(leading, file: file, declared: declared, encoding: csv.encoding) {
        case .success(let format):
            switch format {
            case .csv: reader = CSVRecords(mapping: mapping, options: csv, schemaReader: schemaReader)
            case .json: reader = JSONRecords(file: file, mode: .json, schemaReader: schemaReader)
            case .ndjson: reader = JSONRecords(file: file, mode: .ndjson, schemaReader: schemaReader)
            case .xml, .auto: reader = XMLRecords(file: file)
            }
        case .failure(let refusal):
            return refuse(refusal.message)
        }
        let held = leading
        leading = []
        return numbered(reader?.feed(held) ?? [])
    }

    /// Reads nothing of the file: `message` is its one problem.
    private mutating func refuse(_ message: String) -> [Item] {
        refusal = message
        reader = Refused(message: message)
        leading = []
        return numbered(reader?.feed([]) ?? [])
    }

    /// Gives each framed item the next index of the file, in place: the items are not copied.
    private mutating func numbered(_ items: consuming [Framed]) -> [Item] {
        for index in items.indices {
            items[index].position.index = nextIndex
            nextIndex += 1
        }
        return items
    }

    private static func byteOrderMarkLength(_ bytes: [UInt8]) -> Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

/// A framed record or problem and where it starts, before it is numbered (its index is 0 until then).
private typealias Framed = RecordSource.Item

extension RecordSource.Item {
    /// An item at `position`, to be numbered.
    fileprivate init(_ position: TextPosition, _ content: RecordSource.Content) {
        self.init(position: RecordPosition(index: 0, text: position), content: content)
    }
}

/// Reads one format's records from chunks of a file.
private protocol RecordReader {
    /// Concrete bytes, so each reader's byte loop is compiled for them rather than through generics.
    mutating func feed(_ chunk: [UInt8]) -> [Framed]
    mutating func finish() -> [Framed]
    /// The names of header columns the schema has no field for (CSV only).
    var droppedColumns: [String] { get }
}

extension RecordReader {
    var droppedColumns: [String] { [] }
}

/// A file whose format cannot be settled: one problem, and no records.
private struct Refused: RecordReader {
    let message: String
    var reported = false

    mutating func feed(_ chunk: [UInt8]) -> [Framed] { report() }

    mutating func finish() -> [Framed] { report() }

    private mutating func report() -> [Framed] {
        if reported { return [] }
        reported = true
        return [Framed(.start, .problem(message))]
    }
}

/// JSON and NDJSON: records framed by `JSONRecordSplitter`, each read by the schema's fast lane, or
/// else checked to be UTF-8 and parsed with `JSONParser`.
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
    mutating func feed(_ chunk: [UInt8]) -> [Framed] {
        parse(splitter.feed(chunk))
    }

    mutating func finish() -> [Framed] {
        parse(splitter.finish())
    }

    private static let recordsPerTask = 64

    /// The framed records parsed on every core, each task packing its records with one writer.
    private func parse(_ items: [JSONRecordSplitter.Item]) -> [Framed] {
        let (file, schemaReader) = (file, schemaReader)
        return items.parallelMap(chunk: Self.recordsPerTask, scratch: { PackedWriter() }) { writer, item in
            Self.parse(item, file: file, schemaReader: schemaReader, writer: &writer)
        }
    }

    /// A framed record parsed on its own; a problem inside it says where, in the file's lines.
    private static func parse(_ item: JSONRecordSplitter.Item, file: String, schemaReader: SchemaRecordReader?,
                              writer: inout PackedWriter) -> Framed {
        switch item {
        case .problem(let position, let message):
            return Framed(position, .problem(message))
        case .record(let position, let slice):
            // The fast lane takes only valid UTF-8 (see `SchemaRecordReader`): what it takes needs no check of its own.
            if let read = schemaReader?.read(slice, reusing: &writer) { return Framed(position, .checked(read)) }
            let bytes = Array(slice)
            if let invalid = UTF8Validation.firstInvalidOffset(in: bytes) {
                return Framed(position, .problem(notUTF8(bytes, at: invalid, recordStart: position)))
            }
            switch JSONParser.parse(bytes, file: file, firstLine: position.line) {
            case .success(let node):
                guard JSONWriter.holdsOverflowingNumber(node) else { return Framed(position, .record(Value(node))) }
                return Framed(position, .recordWithOverflow(Value(node), json: JSONWriter.string(node)))
            case .failure(let diagnostic):
                return Framed(position, .problem("line \(diagnostic.location.line), column \(diagnostic.location.column): \(diagnostic.message)"))
            }
        }
    }

    /// Where a record's invalid byte is: its offset in the file and the field that holds it.
    private static func notUTF8(_ bytes: [UInt8], at offset: Int, recordStart: TextPosition) -> String {
        var cursor = TextCursor(at: recordStart)
        for byte in bytes[..<offset] { cursor.advance(over: byte) }
        let position = cursor.position
        let field = JSONFieldPath.enclosing(offset: offset, in: bytes).map { " in field \"\($0)\"" } ?? ""
        return "byte offset \(position.offset) (line \(position.line), column \(position.column))\(field) is not valid UTF-8; "
            + "save the file as UTF-8"
    }
}

/// CSV: the first row is the header (or the dataset names the columns), each later row one record
/// of header → text. Text in another encoding than UTF-8 is decoded first. Rows are framed in order,
/// then read on every core: through the fast lane when there is one, else as text.
private struct CSVRecords: RecordReader {
    /// Column names as written, the schema paths they map to, and the file's fast lane: shared by
    /// every row of the file.
    private final class Header: Sendable {
        let names: [String]
        let paths: [String]
        let rowReader: CSVRowReader?

        init(names: [String], paths: [String], rowReader: CSVRowReader?) {
            self.names = names
            self.paths = paths
            self.rowReader = rowReader
        }
    }

    /// A framed item, or a data row still to be read.
    private enum Framing {
        case framed(Framed)
        case row(CSVReader.Row, Header)
    }

    private enum State {
        case awaitingHeader
        case reading(Header)
        /// The header row is broken, so no row can be read.
        case headerless
    }

    private var reader: CSVReader
    /// Nil for UTF-8, which the reader reads as it is.
    private var transcoder: TextTranscoder?
    private var state = State.awaitingHeader
    private let paths: [String: String]
    private let schemaReader: SchemaRecordReader?
    /// The problem of columns the dataset names that cannot all be read, not reported yet.
    private var columnsProblem: Framed?
    private(set) var droppedColumns: [String] = []

    init(mapping: [Dataset.FieldMapping], options: Dataset.CSVOptions, schemaReader: SchemaRecordReader?) {
        paths = Dictionary(mapping.map { ($0.sourceField, $0.path.value) }, uniquingKeysWith: { first, _ in first })
        self.schemaReader = schemaReader
        reader = CSVReader(options: options)
        transcoder = TextTranscoder(options.encoding)
        if !options.header {
            columnsProblem = readHeader(CSVReader.Row(fields: options.columns, position: .start))
        }
    }

    mutating func feed(_ chunk: [UInt8]) -> [Framed] {
        let text = transcoder?.decode(chunk) ?? chunk
        let items = Self.read(reader.feed(text).compactMap { item(for: $0) })
        return columnsProblem == nil ? items : reportColumns() + items
    }

    mutating func finish() -> [Framed] {
        var items = reportColumns()
        if let rest = transcoder?.finish(), !rest.isEmpty {
            items += Self.read(reader.feed(rest).compactMap { item(for: $0) })
        }
        items += Self.read(reader.finish().compactMap { item(for: $0) })
        if case .awaitingHeader = state { items.append(Framed(.start, .problem("the file is empty; expected a header row"))) }
        return items
    }

    /// The problem of the dataset's columns, once.
    private mutating func reportColumns() -> [Framed] {
        guard let problem = columnsProblem else { return [] }
        columnsProblem = nil
        return [problem]
    }

    /// Reads the framed data rows on every core.
    private static func read(_ framing: [Framing]) -> [Framed] {
        framing.parallelMap(chunk: 64, scratch: { PackedWriter() }) { writer, item in
            switch item {
            case .framed(let framed): return framed
            case .row(let row, let header): return read(row, header: header, writer: &writer)
            }
        }
    }

    /// A data row with as many fields as the header: checked by the fast lane (packing with `writer`),
    /// or as text for the full way.
    private static func read(_ row: CSVReader.Row, header: Header, writer: inout PackedWriter) -> Framed {
        if let read = header.rowReader?.read(row, names: header.names, reusing: &writer) {
            return Framed(row.position, .checkedRow(read))
        }
        let fields = zip(header.paths, row.fields).map { (path: $0, text: $1) }
        return Framed(row.position, .csvRow(value: CSVRowReader.recordAsRead(names: header.names, row: row), fields: fields))
    }

    private mutating func item(for item: CSVReader.Item) -> Framing? {
        switch (item, state) {
        case (.row(let row), _) where row.isBlank:
            return nil
        case (.row(let row), .awaitingHeader):
            return readHeader(row).map(Framing.framed)
        case (.row(let row), .reading(let header)):
            guard row.count == header.names.count else {
                let problem = "expected \(header.names.count) fields, one per header, but found \(row.count)"
                return .framed(Framed(row.position, .problem(problem)))
            }
            return .row(row, header)
        case (.problem(let problem), .awaitingHeader):
            state = .headerless
            let message = "the header row cannot be read, so no row of this file is: \(problem.message)"
            return .framed(Framed(problem.position, .problem(message)))
        case (.problem(let problem), .reading):
            return .framed(Framed(problem.position, .problem(problem.message)))
        case (_, .headerless):
            return nil
        }
    }

    /// Maps the header row to schema paths; a missing or repeated header or path spoils the file.
    private mutating func readHeader(_ row: CSVReader.Row) -> Framed? {
        var errors: [String] = []
        var columnOfName: [String: Int] = [:]
        var columnOfPath: [String: Int] = [:]
        let header = (names: row.fields, paths: row.fields.map { paths[$0] ?? $0 })
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
            return Framed(row.position, .problem(errors.joined(separator: "; ") + "; every column needs a header of its own, so no row of this file is read"))
        }
        let rowReader = schemaReader?.csvRowReader(paths: header.paths)
        droppedColumns = rowReader?.droppedColumnIndices.map { header.names[$0] } ?? []
        state = .reading(Header(names: header.names, paths: header.paths, rowReader: rowReader))
        return nil
    }
}

/// XML, streamed through libxml2: each child element of the root is a record, handed on as soon as
/// it closes. Attributes and child elements become fields, repeated children an array, and the text
/// of an element with neither attributes nor children a string. (The parser is a reference: a copy of
/// a `RecordSource` that is reading XML shares its progress.)
private struct XMLRecords: RecordReader {
    /// A record that does not map to fields.
    private struct Problem: Error {
        var location: SourceLocation
        var message: String
    }

    let file: String
    private let parser: XMLEventParser
    /// The file's bytes from `windowStart` on: from the start of the last record read, to find the
    /// offset of a problem inside a record or of text between records.
    private var window: [UInt8] = []
    /// Where `windowStart` is in `window` (bytes before it are dropped now and then, not per record).
    private var windowIndex = 0
    private var windowStart = TextPosition.start
    /// Text written directly in the root was reported (once per file).
    private var reportedRootText = false

    init(file: String) {
        self.file = file
        self.parser = XMLEventParser(file: file, streamsRecords: true)
    }

    /// A record was larger than one may be: it was reported, and the rest of the file is not read.
    private var refused = false

    mutating func feed(_ chunk: [UInt8]) -> [Framed] {
        guard !refused else { return [] }
        window.append(contentsOf: chunk)
        var framed = items(parser.feed(chunk))
        let limit = JSONRecordSplitter.maximumRecordBytes
        if let record = parser.openRecord, windowStart.offset + window.count - windowIndex - record.offset > limit {
            refused = true
            window = []
            framed.append(Framed(TextPosition(offset: record.offset, line: record.location.line, column: record.location.column),
                           .problem("the record starting here is larger than \(limit >> 20) MB, the most one record may hold; "
                                    + "no more of this file is read")))
        }
        return framed
    }

    mutating func finish() -> [Framed] {
        refused ? [] : items(parser.finish())
    }

    private mutating func items(_ events: [XMLEvent]) -> [Framed] {
        var items: [Framed] = []
        for event in events {
            switch event {
            case .record(let element, let offset):
                let start = TextPosition(offset: offset, line: element.location.line, column: element.location.column)
                do throws(Problem) {
                    items.append(Framed(start, .textRecord(try Self.object(of: element))))
                } catch {
                    items.append(Framed(position(of: error.location), .problem(error.message)))
                }
                windowIndex = min(window.count, windowIndex + max(0, offset - windowStart.offset))
                windowStart = start
                if windowIndex > 1 << 16 && windowIndex > window.count / 2 {
                    window.removeFirst(windowIndex)
                    windowIndex = 0
                }
            case .rootText(let text):
                guard !reportedRootText, let root = parser.rootName else { continue }
                reportedRootText = true
                items.append(Framed(position(of: text.location),
                              .problem("text directly inside <\(root)> is not a record; each record is a child element of <\(root)>")))
            case .failure(let diagnostic, let offset):
                let location = diagnostic.location
                items.append(Framed(TextPosition(offset: offset, line: location.line, column: location.column), .problem(diagnostic.message)))
            case .root:
                break
            }
        }
        return items
    }

    /// The position of a location in the window (columns in Unicode scalars).
    private func position(of location: SourceLocation) -> TextPosition {
        var cursor = TextCursor(at: windowStart)
        for byte in window[windowIndex...] {
            let position = cursor.position
            if position.line > location.line || (position.line == location.line && position.column >= location.column) { break }
            cursor.advance(over: byte)
        }
        return TextPosition(offset: cursor.position.offset, line: location.line, column: location.column)
    }

    /// An element with attributes or children as an object of its fields.
    private static func object(of element: XMLElementNode) throws(Problem) -> Value {
        let text = element.text.trimmed()
        guard text.text.isEmpty else {
            throw Problem(location: text.location, message: "<\(element.name)> mixes text with attributes or child elements; put the text in a child element of its own")
        }
        var fields: [String: Value] = [:]
        for attribute in element.attributes { fields[attribute.name] = .string(attribute.value.text) }
        var children: [String: [Value]] = [:]
        for child in element.children {
            guard fields[child.name] == nil else {
                throw Problem(location: child.location, message: "<\(element.name)> has both an attribute and a child element named \(child.name); keep one")
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

