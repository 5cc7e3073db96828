/// The fast lane for CSV rows (issue 15), as `SchemaRecordReader` is JSON's: a plan of the file's
/// columns, made once from its header and the dataset's mapping, reads each row's fields from its
/// bytes, checks them against the schema and writes the record in packed form, without a tree,
/// a dictionary or a string per field.
///
/// The plan takes a row only when it is sure of the outcome: a row whose one problem is a value
/// failing its checks is rejected here with the validator's words for it. A row it cannot take as
/// it is — two failed checks, a value that fails its coercion, a required field missing, text with
/// white space or longer than a short token in a number, integer or boolean column, a column the
/// plan leaves to the full way — gives nil, and the caller takes the full way
/// (`RecordValidator.validate(textFields:)`), which names every problem. So both ways keep the same
/// records with the same values and reject the same rows for the same reasons.
public struct CSVRowReader: Sendable {
    /// A row read in the fast lane.
    public struct Read: Equatable, Sendable {
        /// The record's fields, as the full way keeps them.
        public var attributes: PackedValue
        /// Paths of the row's non-empty columns the schema does not have, sorted.
        public var droppedFields: [String]
        /// `path: reason` of the check the row fails, which rejects it; empty when it passes.
        public var errors: [String]
        /// The file's column names and the row, for the record as read.
        let names: [String]
        let row: CSVReader.Row

        /// The row as read: each column name with its text (for `rejected/`).
        public var recordAsRead: Value { CSVRowReader.recordAsRead(names: names, row: row) }
    }

    /// A schema object or leaf the columns reach; children in name id order, as a packed object holds them.
    private final class Node: Sendable {
        let id: UInt32
        let field: SchemaField
        let isRequired: Bool
        /// The column of a leaf; nil for an object.
        let column: Int?
        /// The dotted path, as validation names the field in its problems.
        let path: String
        let hasChecks: Bool
        /// The checks of a string leaf on ASCII text's bytes, when they can be worked so.
        let asciiCheck: ASCIITextCheck?
        let children: [Node]
        /// The columns of the leaves at or below this node: it is written when one of them has text.
        let columns: [Int]
        /// The field requires a child no column reaches.
        let lacksRequired: Bool

        init(name: String, path: String, field: SchemaField, column: Int?, children: [Node]) {
            id = FieldNames.id(of: name)
            self.path = path
            self.field = field
            isRequired = field.isRequired
            self.column = column
            hasChecks = RecordValidator.hasChecks(field)
            asciiCheck = ASCIITextCheck(field)
            self.children = children.sorted { $0.id < $1.id }
            columns = column.map { [$0] } ?? children.flatMap(\.columns)
            let reached = Set(children.map(\.id))
            lacksRequired = field.properties.contains { name, child in
                child.isRequired && !reached.contains(FieldNames.id(of: name))
            }
        }
    }

    private let root: Node
    private let validator: RecordValidator
    private let columnCount: Int
    /// Columns whose text the full way must read (a path through an array or a map, to an object,
    /// into `identityMap`, or shared with another column).
    private let fullWayColumns: [Int]
    /// Columns the schema does not have, by path, sorted by path.
    private let droppedColumns: [(column: Int, path: String)]

    /// The columns the schema does not have, in column order: their values are dropped.
    var droppedColumnIndices: [Int] { droppedColumns.map(\.column).sorted() }

    /// A plan for a file whose columns map to `paths` (header through the dataset's mapping), in order.
    init(paths: [String], schema: Schema, validator: RecordValidator) {
        self.validator = validator
        columnCount = paths.count
        var leaves: [(components: [String], column: Int)] = []
        var fullWay: [Int] = []
        var dropped: [(column: Int, path: String)] = []
        for (column, path) in paths.enumerated() {
            guard let (components, field) = validator.resolve(path) else {
                dropped.append((column, path))
                continue
            }
            if components.first != "identityMap", Self.isPlainLeaf(components, field: field, in: schema.root) {
                leaves.append((components, column))
            } else {
                fullWay.append(column)
            }
        }
        // Two columns reaching one field (`a.b` and `a[].b`): the full way settles which is kept.
        var columnsOf: [[String]: [Int]] = [:]
        for leaf in leaves { columnsOf[leaf.components, default: []].append(leaf.column) }
        fullWay += columnsOf.values.filter { $0.count > 1 }.flatMap { $0 }
        let planned = leaves.filter { columnsOf[$0.components]?.count == 1 }
        root = Self.node(name: "", path: "", field: schema.root,
                         leaves: planned[...].map { ($0.components[...], $0.column) })
        fullWayColumns = fullWay.sorted()
        droppedColumns = dropped.sorted { $0.path < $1.path }
    }

    /// Whether `components` reach `field` through objects only, and it holds one text value.
    private static func isPlainLeaf(_ components: [String], field: SchemaField, in root: SchemaField) -> Bool {
        guard [.string, .integer, .number, .boolean].contains(field.type) else { return false }
        var current = root
        for name in components {
            guard current.type == .object, let child = current.properties[name] else { return false }
            current = child
        }
        return current == field
    }

    /// The node of `field` holding the leaves below it (their components from this node on).
    private static func node(name: String, path: String, field: SchemaField,
                             leaves: [(components: ArraySlice<String>, column: Int)]) -> Node {
        if let leaf = leaves.first, leaf.components.isEmpty {
            return Node(name: name, path: path, field: field, column: leaf.column, children: [])
        }
        var byName: [String: [(components: ArraySlice<String>, column: Int)]] = [:]
        for leaf in leaves {
            guard let first = leaf.components.first else { continue }
            byName[first, default: []].append((leaf.components.dropFirst(), leaf.column))
        }
        let children = byName.keys.sorted().compactMap { child -> Node? in
            guard let childField = field.properties[child], let childLeaves = byName[child] else { return nil }
            let childPath = path.isEmpty ? child : path + "." + child
            return node(name: child, path: childPath, field: childField, leaves: childLeaves)
        }
        return Node(name: name, path: path, field: field, column: nil, children: children)
    }

    /// The row read and checked, or nil when the full way must read it. `names` are the file's column names.
    public func read(_ row: CSVReader.Row, names: [String]) -> Read? {
        var writer = PackedWriter(capacity: row.bytes.count + 16 * row.count + 16)
        return read(row, names: names, reusing: &writer)
    }

    /// `read(_:names:)` packing into `writer`, which is left empty for the next row.
    func read(_ row: CSVReader.Row, names: [String], reusing writer: inout PackedWriter) -> Read? {
        guard row.count == columnCount else { return nil }
        for column in fullWayColumns where !row.range(ofField: column).isEmpty { return nil }
        defer { writer.reset() }
        var failure: String?
        let packed: PackedValue? = row.bytes.withUnsafeBufferPointer { bytes in
            guard write(root, row: row, bytes: bytes, into: &writer, failure: &failure) else { return nil }
            return writer.take()
        }
        guard let packed else { return nil }
        var dropped: [String] = []
        for (column, path) in droppedColumns where !row.range(ofField: column).isEmpty { dropped.append(path) }
        return Read(attributes: packed, droppedFields: dropped, errors: failure.map { [$0] } ?? [], names: names,
                    row: row)
    }

    /// Writes an object node with the children that have text, noting a leaf that fails its
    /// checks in `failure`; false when the full way must decide.
    private func write(_ node: Node, row: CSVReader.Row, bytes: UnsafeBufferPointer<UInt8>,
                       into writer: inout PackedWriter, failure: inout String?) -> Bool {
        if node.lacksRequired { return false }
        var container = writer.beginObject()
        for child in node.children {
            if let column = child.column {
                let range = row.range(ofField: column)
                if range.isEmpty {
                    if child.isRequired { return false }
                    continue
                }
                writer.member(child.id, of: &container)
                switch writeLeaf(child, text: UnsafeBufferPointer(rebasing: bytes[range]), into: &writer) {
                case .written: break
                case .failed(let problem):
                    guard failure == nil else { return false }
                    failure = "\(child.path): \(problem)"
                case .fullWay: return false
                }
            } else {
                guard child.columns.contains(where: { !row.range(ofField: $0).isEmpty }) else {
                    if child.isRequired { return false }
                    continue
                }
                writer.member(child.id, of: &container)
                guard write(child, row: row, bytes: bytes, into: &writer, failure: &failure) else { return false }
            }
        }
        return writer.end(container)
    }

    /// What became of a leaf's text.
    private enum Leaf {
        case written
        /// Coerced, but the value fails a check: the validator's words.
        case failed(String)
        /// Only the full way can say.
        case fullWay
    }

    /// Writes a leaf's value coerced from its text, as `RecordValidator` coerces and checks it.
    private func writeLeaf(_ leaf: Node, text: UnsafeBufferPointer<UInt8>, into writer: inout PackedWriter) -> Leaf {
        if leaf.field.type == .string {
            writer.string(text)
            guard leaf.hasChecks else { return .written }
            // Passing text needs no string; failing text gets the validator's words for it.
            if let check = leaf.asciiCheck, ASCIITextCheck.reads(text), check.accepts(text) { return .written }
            let string = String(decoding: text, as: UTF8.self)
            return validator.leafProblem(.string(string), as: leaf.field).map(Leaf.failed) ?? .written
        }
        // A short token of visible ASCII: white space trimming leaves it as it is, and it is a
        // string without storage of its own.
        guard text.count <= Self.longestToken, text.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
              let value = RecordValidator.scalar(trimmed: String(decoding: text, as: UTF8.self), as: leaf.field.type)
        else { return .fullWay }
        switch value {
        case .integer(let number): writer.integer(number)
        case .number(let number): writer.number(number)
        case .bool(let flag): writer.bool(flag)
        default: return .fullWay
        }
        guard leaf.hasChecks else { return .written }
        return validator.leafProblem(value, as: leaf.field).map(Leaf.failed) ?? .written
    }

    /// The longest number, integer or boolean text the fast lane reads (Swift keeps up to 15 UTF-8
    /// bytes inside a string).
    private static let longestToken = 15

    /// A row as read: each column name with its text.
    static func recordAsRead(names: [String], row: CSVReader.Row) -> Value {
        .object(Dictionary(zip(names, row.fields.map(Value.string)), uniquingKeysWith: { first, _ in first }))
    }
}

extension SchemaRecordReader {
    /// The CSV fast lane for a file whose columns map to `paths`.
    func csvRowReader(paths: [String]) -> CSVRowReader {
        CSVRowReader(paths: paths, schema: schema, validator: validator)
    }
}
