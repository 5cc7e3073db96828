/// The shape a file destination's rows were written in: the format, the CSV options and each
/// column's name and source. The manifest records it, so that after a change of format, columns or
/// mapping the earlier files are still read back, in the shape they were written in, rather than
/// taken for files edited by hand.
public struct ExportShape: Equatable, Sendable {
    public let format: Destination.Format
    /// The CSV options; `.standard` for JSON formats, which have none.
    public let csv: Destination.CSVOptions
    public let names: [String]
    public let sources: [String]

    public init(format: Destination.Format, csv: Destination.CSVOptions, layout: ExportLayout) {
        self.init(format: format, csv: csv, names: layout.names, sources: layout.sources)
    }

    private init(format: Destination.Format, csv: Destination.CSVOptions, names: [String], sources: [String]) {
        self.format = format
        self.csv = format == .csv ? csv : .standard
        self.names = names
        self.sources = sources
    }

    /// A codec that reads (and writes) files of this shape.
    public var codec: ExportCodec {
        ExportCodec(format: format, csv: csv, layout: ExportLayout(names: names, sources: sources))
    }

    /// Maps a row read in this shape onto `layout`: each column takes the value of this shape's
    /// column for it (`column(for:in:)`), or null when this shape has none.
    func translate(_ row: ExportRow, to layout: ExportLayout) -> ExportRow {
        let values = layout.names.indices.map { column(for: $0, in: layout).map { row.values[$0] } ?? .null }
        return ExportRow(segment: row.segment, key: row.key, values: values)
    }

    /// This shape's column for `layout`'s column `index`: the one with the same source (a renamed
    /// header), else the one with the same name (a header now filled from another source, so a
    /// changed value shows as a changed row); nil for a new column.
    func column(for index: Int, in layout: ExportLayout) -> Int? {
        sources.firstIndex(of: layout.sources[index]) ?? names.firstIndex(of: layout.names[index])
    }

    /// `{"format": "csv", "csv": {…}, "columns": [{"name": "Email", "source": "(identity)"}, …]}`
    var encoded: Value {
        var root: [String: Value] = [
            "format": .string(format.rawValue),
            "columns": .array(zip(names, sources).map { .object(["name": .string($0), "source": .string($1)]) }),
        ]
        if format == .csv {
            root["csv"] = .object([
                "delimiter": .string(csv.delimiter), "quote": .string(csv.quote),
                "header": .bool(csv.header), "null": .string(csv.nullText),
            ])
            if csv.escape != .doubled, case .object(var options)? = root["csv"] {
                options["escape"] = .string(csv.escape.rawValue)
                root["csv"] = .object(options)
            }
        }
        return .object(root)
    }

    /// Reads what `encoded` wrote; nil when the value is not a shape.
    static func decode(_ value: Value) -> ExportShape? {
        guard case .object(let root) = value, case .string(let formatName)? = root["format"],
            let format = Destination.Format(rawValue: formatName), case .array(let columns)? = root["columns"]
        else { return nil }
        var names: [String] = []
        var sources: [String] = []
        for column in columns {
            guard case .object(let fields) = column, case .string(let name)? = fields["name"],
                case .string(let source)? = fields["source"]
            else { return nil }
            names.append(name)
            sources.append(source)
        }
        var csv = Destination.CSVOptions.standard
        if format == .csv {
            guard case .object(let options)? = root["csv"], case .string(let delimiter)? = options["delimiter"],
                case .string(let quote)? = options["quote"], case .bool(let header)? = options["header"],
                case .string(let nullText)? = options["null"]
            else { return nil }
            var escape = CSVQuoting.Escape.doubled
            if let given = options["escape"] {
                guard case .string(let name) = given, let named = CSVQuoting.Escape(rawValue: name) else { return nil }
                escape = named
            }
            csv = Destination.CSVOptions(delimiter: delimiter, quote: quote, header: header, nullText: nullText, escape: escape)
        }
        return ExportShape(format: format, csv: csv, names: names, sources: sources)
    }
}
