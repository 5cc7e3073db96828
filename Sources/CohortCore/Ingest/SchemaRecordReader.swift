/// Reads a JSON record's bytes straight into packed attributes while checking them against the
/// schema, with no tree in between: the fast lane of ingest.
///
/// It answers only for records that `RecordValidator` would keep exactly as written: every field
/// known, no nulls, every check passed. Anything else — an unknown field, a null, a failed check,
/// an escape in a string, a name written twice, bytes that are not JSON — gives nil, and the
/// caller takes the full path, which parses with positions and names every problem. So both paths
/// keep the same records with the same values.
///
/// A record it takes is valid UTF-8 throughout: outside strings it takes ASCII bytes only, a name
/// must equal a schema field's (or be valid text, in a map), and a string value that is not ASCII
/// is validated. So the caller needs no UTF-8 check of its own for a record it takes.
public struct SchemaRecordReader: Sendable {
    /// What a record read in the fast lane holds.
    public struct Read: Equatable, Sendable {
        /// The record's fields without `identityMap`.
        public var attributes: PackedValue
        /// The entries of the record's `identityMap`, sorted by code; nil when it has none.
        public var identityMap: [IdentityMapEntry]?

        /// The record as a tree, with its `identityMap` (for `rejected/`).
        public var recordAsRead: Value {
            var members = attributes.objectMembers
            if let identityMap { members["identityMap"] = IdentityMapEntry.map(of: identityMap) }
            return .object(members)
        }
    }

    /// A schema field prepared for reading: children with the bytes of their name.
    private final class Field: Sendable {
        let schema: SchemaField
        let id: UInt32
        /// The children in order of name, their names' UTF-8 bytes one after another in `names`, each
        /// ending where `nameEnds` says.
        let children: [Field]
        let names: [UInt8]
        let nameEnds: [Int]
        let element: Field?
        /// How many of the children their object requires, and whether this field is one of them.
        let requiredCount: Int
        let isRequired: Bool
        /// Whether values need `RecordValidator`'s leaf checks (enum, bounds, lengths, format, pattern).
        let hasChecks: Bool
        /// The checks of a string field on ASCII text's bytes, when they can be worked so.
        let asciiCheck: ASCIITextCheck?

        init(_ schema: SchemaField, name: String) {
            self.schema = schema
            id = FieldNames.id(of: name)
            let sortedNames = schema.properties.keys.sorted()
            children = sortedNames.map { Field(schema.properties[$0]!, name: $0) }
            names = sortedNames.flatMap(\.utf8)
            var end = 0
            nameEnds = sortedNames.map { name in
                end += name.utf8.count
                return end
            }
            element = schema.element.map { Field($0, name: "") }
            requiredCount = schema.properties.values.filter(\.isRequired).count
            isRequired = schema.isRequired
            hasChecks = RecordValidator.hasChecks(schema)
            asciiCheck = ASCIITextCheck(schema)
        }

        /// The child named by these bytes: a scan that compares lengths first, cheaper than hashing a
        /// copy of the name for the tens of fields a schema object has. It reads the names where they
        /// lie, so it retains no child's name on the way.
        func child(named name: UnsafeBufferPointer<UInt8>) -> Field? {
            let found = names.withUnsafeBufferPointer { names -> Int? in
                var start = 0
                for (index, end) in nameEnds.enumerated() {
                    if end - start == name.count && UnsafeBufferPointer(rebasing: names[start..<end]).elementsEqual(name) {
                        return index
                    }
                    start = end
                }
                return nil
            }
            return found.map { children[$0] }
        }
    }

    private let root: Field
    /// The schema and its validator, also for the CSV fast lane (`CSVRowReader`).
    let schema: Schema
    let validator: RecordValidator
    private static let identityMapName = Array("identityMap".utf8)

    public init(schema: Schema, validator: RecordValidator) {
        root = Field(schema.root, name: "")
        self.schema = schema
        self.validator = validator
    }

    /// The record, or nil when the full path must read it.
    public func read(_ bytes: [UInt8]) -> Read? {
        var writer = PackedWriter()
        return read(bytes[...], reusing: &writer)
    }

    /// `read(_:)` packing into `writer`, which is left empty for the next record.
    func read(_ bytes: ArraySlice<UInt8>, reusing writer: inout PackedWriter) -> Read? {
        defer { writer.reset() }
        return bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer, validator: validator)
            parser.skipSpace()
            guard parser.readObject(root, into: &writer, isRoot: true) else { return nil }
            parser.skipSpace()
            guard parser.index == buffer.count else { return nil }
            return Read(attributes: writer.take(), identityMap: parser.identityMap)
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let validator: RecordValidator
        var index = 0
        /// The root object's `identityMap`, read aside from the attributes.
        var identityMap: [IdentityMapEntry]?

        init(bytes: UnsafeBufferPointer<UInt8>, validator: RecordValidator) {
            self.bytes = bytes
            self.validator = validator
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard current == byte else { return false }
            index += 1
            return true
        }

        /// An object against `field`; at the root, `identityMap` is read aside.
        mutating func readObject(_ field: Field, into writer: inout PackedWriter, isRoot: Bool = false) -> Bool {
            guard expect(UInt8(ascii: "{")) else { return false }
            var container = writer.beginObject()
            // Required members seen: all are there when the count is reached, as a name written
            // twice fails the object anyway (`end`).
            var requiredSeen = 0
            if !expect(UInt8(ascii: "}")) {
                repeat {
                    skipSpace()
                    guard let name = readRawString() else { return false }
                    guard expect(UInt8(ascii: ":")) else { return false }
                    skipSpace()
                    if field.schema.type == .map {
                        guard let element = field.element, let key = Self.text(name) else { return false }
                        writer.member(FieldNames.id(of: key), of: &container)
                        guard readValue(element, into: &writer) else { return false }
                        continue
                    }
                    guard let child = field.child(named: name) else {
                        guard isRoot, name.elementsEqual(SchemaRecordReader.identityMapName), identityMap == nil,
                              readIdentityMap() else { return false }
                        continue
                    }
                    writer.member(child.id, of: &container)
                    if child.isRequired { requiredSeen += 1 }
                    guard readValue(child, into: &writer) else { return false }
                } while expect(UInt8(ascii: ","))
                guard expect(UInt8(ascii: "}")) else { return false }
            }
            return writer.end(container) && requiredSeen == field.requiredCount
        }

        mutating func readValue(_ field: Field, into writer: inout PackedWriter) -> Bool {
            skipSpace()
            switch field.schema.type {
            case .object, .map:
                return readObject(field, into: &writer)
            case .array:
                guard let element = field.element, expect(UInt8(ascii: "[")) else { return false }
                var container = writer.beginArray()
                if !expect(UInt8(ascii: "]")) {
                    repeat {
                        writer.element(of: &container)
                        guard readValue(element, into: &writer) else { return false }
                    } while expect(UInt8(ascii: ","))
                    guard expect(UInt8(ascii: "]")) else { return false }
                }
                return writer.end(container)
            case .string:
                guard let text = readRawString() else { return false }
                let isASCII = !text.contains(where: { $0 >= 0x80 })
                if field.hasChecks, isASCII, let check = field.asciiCheck {
                    // A raw string holds no control character, so no carriage return: the check reads it.
                    guard check.accepts(text) else { return false }
                } else if field.hasChecks || !isASCII {
                    guard let string = String(validating: text, as: UTF8.self),
                          !field.hasChecks || validator.accepts(.string(string), as: field.schema) else { return false }
                }
                writer.string(text)
                return true
            case .integer, .number:
                guard let value = readNumber() else { return false }
                if case .number = value, field.schema.type == .integer { return false }
                if field.hasChecks, !validator.accepts(value, as: field.schema) { return false }
                switch value {
                case .integer(let number): writer.integer(number)
                case .number(let number): writer.number(number)
                default: return false
                }
                return true
            case .boolean:
                guard let flag = readLiteral() else { return false }
                if field.hasChecks, !validator.accepts(.bool(flag), as: field.schema) { return false }
                writer.bool(flag)
                return true
            }
        }

        /// The text of a string's bytes; nil when they are not UTF-8. ASCII, the usual case, is
        /// made a string through the standard library's fast lane for it, not its generic validation.
        static func text(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
            raw.allSatisfy { $0 < 0x80 } ? String(decoding: raw, as: UTF8.self) : String(validating: raw, as: UTF8.self)
        }

        /// A string without escapes or control characters, as its UTF-8 bytes.
        mutating func readRawString() -> UnsafeBufferPointer<UInt8>? {
            guard current == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)])
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }

        /// `true` or `false`.
        mutating func readLiteral() -> Bool? {
            if matches("true") { return true }
            if matches("false") { return false }
            return nil
        }

        /// Whether the bytes at `index` spell `word`; if so, steps over them.
        mutating func matches(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count,
                  UnsafeBufferPointer(start: word.utf8Start, count: count).elementsEqual(bytes[index..<(index + count)]) else { return false }
            index += count
            return true
        }

        /// A number as JSON writes it: an integer when it has no fraction or exponent and fits, else a double.
        mutating func readNumber() -> Value? {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            guard let first = current, (0x30...0x39).contains(first) else { return nil }
            index += 1
            if first == 0x30, let next = current, (0x30...0x39).contains(next) { return nil }
            while let byte = current, (0x30...0x39).contains(byte) { index += 1 }
            var isInteger = true
            if current == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                guard let byte = current, (0x30...0x39).contains(byte) else { return nil }
                while let byte = current, (0x30...0x39).contains(byte) { index += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard let byte = current, (0x30...0x39).contains(byte) else { return nil }
                while let byte = current, (0x30...0x39).contains(byte) { index += 1 }
            }
            // Up to 18 digits always fit in an Int64: add them up without making a string.
            let digits = index - start - (bytes[start] == UInt8(ascii: "-") ? 1 : 0)
            if isInteger, digits <= 18 {
                var magnitude: Int64 = 0
                for byte in bytes[(index - digits)..<index] { magnitude = magnitude * 10 + Int64(byte - 0x30) }
                return .integer(bytes[start] == UInt8(ascii: "-") ? -magnitude : magnitude)
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if isInteger, let integer = Int64(text) { return .integer(integer) }
            // Too large for a double (`1e400`): the full path names the problem.
            guard let number = Double(text), number.isFinite else { return nil }
            return .number(number)
        }

        /// `identityMap` in its plain shape: codes (each once, in any order) to non-empty arrays of
        /// objects with a string `id`, and optionally a boolean `primary` and a string
        /// `authenticatedState`, each once. Anything else is left to the full path.
        mutating func readIdentityMap() -> Bool {
            guard expect(UInt8(ascii: "{")) else { return false }
            var entries: [IdentityMapEntry] = []
            // Each code once, with where its entries are in `entries` (they are written together).
            var groups: [(code: String, entries: Range<Int>)] = []
            // The codes seen, hashed once there are more than a handful to scan.
            var codes: Set<String>?
            func isNew(_ code: String) -> Bool {
                if groups.count < 16 { return !groups.contains { $0.code == code } }
                if codes == nil { codes = Set(groups.map(\.code)) }
                return codes?.insert(code).inserted ?? false
            }
            if !expect(UInt8(ascii: "}")) {
                repeat {
                    skipSpace()
                    guard let raw = readRawString(), let code = Self.text(raw), isNew(code),
                          expect(UInt8(ascii: ":")), expect(UInt8(ascii: "[")) else { return false }
                    let first = entries.count
                    repeat {
                        guard let entry = readIdentityMapEntry(code: code) else { return false }
                        entries.append(entry)
                    } while expect(UInt8(ascii: ","))
                    guard expect(UInt8(ascii: "]")) else { return false }
                    groups.append((code, first..<entries.count))
                } while expect(UInt8(ascii: ","))
                guard expect(UInt8(ascii: "}")) else { return false }
            }
            // Codes in sorted order, entries of one code in written order, as the extractor takes them.
            let inOrder = zip(groups, groups.dropFirst()).allSatisfy { $0.code < $1.code }
            identityMap = inOrder ? entries : groups.sorted { $0.code < $1.code }.flatMap { entries[$0.entries] }
            return true
        }

        mutating func readIdentityMapEntry(code: String) -> IdentityMapEntry? {
            guard expect(UInt8(ascii: "{")) else { return nil }
            var id: String?
            var primary: Bool?
            var state: String?
            repeat {
                skipSpace()
                guard let name = readRawString(), expect(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                if name.elementsEqual("id".utf8), id == nil {
                    guard let raw = readRawString(), let text = Self.text(raw) else { return nil }
                    id = text
                } else if name.elementsEqual("primary".utf8), primary == nil {
                    guard let flag = readLiteral() else { return nil }
                    primary = flag
                } else if name.elementsEqual("authenticatedState".utf8), state == nil {
                    guard let raw = readRawString(), let text = Self.text(raw) else { return nil }
                    state = text
                } else {
                    return nil
                }
            } while expect(UInt8(ascii: ","))
            guard expect(UInt8(ascii: "}")), let id else { return nil }
            return IdentityMapEntry(code: code, id: id, primary: primary, authenticatedState: state)
        }
    }
}
