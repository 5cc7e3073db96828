/// Writes export rows as CSV, JSON or NDJSON bytes, and reads files it wrote back into rows (to
/// compare a new export with the one on disk). Output is deterministic: fixed column order, RFC 4180
/// quoting, `\n` line ends, UTF-8.
public struct ExportCodec: Sendable {
    public let format: Destination.Format
    public let csv: Destination.CSVOptions
    public let layout: ExportLayout

    public init(format: Destination.Format, csv: Destination.CSVOptions, layout: ExportLayout) {
        self.format = format
        self.csv = csv
        self.layout = layout
    }

    /// A whole file of `rows`, in the order given.
    public func render(_ rows: [ExportRow]) -> [UInt8] {
        file(of: rows.map(line))
    }

    /// One row's bytes as a file holds them, without the line end.
    public func line(_ row: ExportRow) -> [UInt8] {
        Array(text(of: row).utf8)
    }

    /// A whole file of rows already written as lines (`line(_:)`), in the order given: what lets
    /// the store keep each row's line and an export write a large file by copying bytes.
    public func file(of lines: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(64) { $0 + $1.count + 2 })
        switch format {
        case .csv:
            if csv.header { bytes += Array((layout.names.map(csvField).joined(separator: csv.delimiter) + "\n").utf8) }
            for line in lines { bytes += line; bytes.append(0x0A) }
        case .json:
            guard !lines.isEmpty else { return Array("[]\n".utf8) }
            bytes += Array("[\n".utf8)
            for (index, line) in lines.enumerated() {
                if index > 0 { bytes += Array(",\n".utf8) }
                bytes += line
            }
            bytes += Array("\n]\n".utf8)
        case .ndjson:
            for line in lines { bytes += line; bytes.append(0x0A) }
        }
        return bytes
    }

    /// One row as the file writes it, without its line end: what a change of the row is judged by.
    public func text(of row: ExportRow) -> String {
        format == .csv ? csvLine(row) : jsonObject(row)
    }

    /// The row's text with its status left out, so that a row that only changed status compares equal.
    public func content(of row: ExportRow) -> String {
        guard let index = layout.statusIndex else { return text(of: row) }
        var row = row
        row.values[index] = .null
        return text(of: row)
    }

    /// The rows of a file this codec wrote; `segment` is the file's segment when it holds only one.
    /// Returns nil for a file that is not in the destination's shape (edited by hand, or the
    /// destination's columns changed).
    public func read(_ bytes: [UInt8], segment: String?) -> [ExportRow]? {
        let records: [[Value]]
        switch format {
        case .csv: guard let rows = csvRecords(bytes) else { return nil }; records = rows
        case .json: guard let rows = jsonRecords(bytes, lines: false) else { return nil }; records = rows
        case .ndjson: guard let rows = jsonRecords(bytes, lines: true) else { return nil }; records = rows
        }
        var rows: [ExportRow] = []
        for values in records {
            let key = layout.columns.firstIndex(of: .identity).flatMap { Self.plainText(values[$0]) } ?? ""
            guard let rowSegment = layout.segmentIndex.flatMap({ Self.plainText(values[$0]) }) ?? segment else { return nil }
            rows.append(ExportRow(segment: rowSegment, key: key, values: values))
        }
        return rows
    }

    // MARK: CSV

    private func csvLine(_ row: ExportRow) -> String {
        row.values.map { csvField(cellText($0)) }.joined(separator: csv.delimiter)
    }

    private func cellText(_ value: Value) -> String {
        switch value {
        case .null: return csv.nullText
        case .string(let text): return text
        default: return JSONWriter.string(value)
        }
    }

    private func csvField(_ text: String) -> String {
        CSVQuoting.field(text, delimiter: csv.delimiter, quote: csv.quote, escape: csv.escape)
    }

    private func csvRecords(_ bytes: [UInt8]) -> [[Value]]? {
        guard let delimiter = csv.delimiter.utf8.first, let quote = csv.quote.utf8.first,
              csv.delimiter.utf8.count == 1, csv.quote.utf8.count == 1 else { return nil }
        var reader = CSVReader(delimiter: delimiter, quote: quote)
        var records: [[Value]] = []
        let text = csv.escape == .backslash ? CSVQuoting.doublingBackslashEscapes(bytes, quote: quote) : bytes
        for (index, item) in (reader.feed(text) + reader.finish()).enumerated() {
            guard case .row(let row) = item, row.fields.count == layout.names.count else { return nil }
            if index == 0 && csv.header {
                guard row.fields == layout.names else { return nil }
                continue
            }
            records.append(row.fields.map { $0 == csv.nullText ? .null : .string($0) })
        }
        return records
    }

    // MARK: JSON

    private func jsonObject(_ row: ExportRow) -> String {
        var output = "{"
        for (index, name) in layout.names.enumerated() {
            if index > 0 { output += "," }
            JSONWriter.writeString(name, to: &output)
            output += ":"
            JSONWriter.write(row.values[index], to: &output)
        }
        return output + "}"
    }

    private func jsonRecords(_ bytes: [UInt8], lines: Bool) -> [[Value]]? {
        var objects: [Value] = []
        if lines {
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                guard case .success(let node) = JSONParser.parse(Array(line), file: "") else { return nil }
                objects.append(Value(node))
            }
        } else {
            guard case .success(let node) = JSONParser.parse(bytes, file: ""), case .array(let elements) = Value(node) else { return nil }
            objects = elements
        }
        var records: [[Value]] = []
        for object in objects {
            guard case .object(let members) = object, Set(members.keys) == Set(layout.names) else { return nil }
            records.append(layout.names.map { members[$0] ?? .null })
        }
        return records
    }

    private static func plainText(_ value: Value) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }
}
