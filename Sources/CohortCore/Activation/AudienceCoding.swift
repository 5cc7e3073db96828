/// The bytes the store keeps an audience's state in between builds: a member's entry (its rows,
/// why it is left out, when it qualified, its deduplication value) and a row's values (and, with
/// `Writer` and `Reader`, a stream destination's state). Lossless (integers stay integers, object
/// members are written in sorted order) and compact; decoding returns nil for bytes it did not
/// write, never traps.
enum AudienceCoding {
    static func encode(_ member: AudienceIndex.Member) -> [UInt8] {
        var writer = Writer()
        writer.integer(member.qualifiedAt)
        writer.skip(member.skip)
        writer.optional(member.dedupValue)
        writer.count(member.rows.count)
        for row in member.rows {
            writer.string(row.key)
            writer.values(row.values)
        }
        return writer.bytes
    }

    static func decodeMember(_ bytes: [UInt8], segment: String) -> AudienceIndex.Member? {
        var reader = Reader(bytes: bytes)
        guard let qualifiedAt = reader.integer(), let skip = reader.skip(),
              let dedupValue = reader.optional(), let count = reader.count() else { return nil }
        var rows: [ExportRow] = []
        for _ in 0..<count {
            guard let key = reader.string(), let values = reader.values() else { return nil }
            rows.append(ExportRow(segment: segment, key: key, values: values))
        }
        guard reader.isAtEnd else { return nil }
        return AudienceIndex.Member(rows: rows, skip: skip, qualifiedAt: qualifiedAt, dedupValue: dedupValue)
    }

    static func encode(_ values: [Value]) -> [UInt8] {
        var writer = Writer()
        writer.values(values)
        return writer.bytes
    }

    static func decodeValues(_ bytes: [UInt8]) -> [Value]? {
        var reader = Reader(bytes: bytes)
        guard let values = reader.values(), reader.isAtEnd else { return nil }
        return values
    }

    private enum Tag: UInt8 {
        case null, falseValue, trueValue, integer, number, string, array, object
    }

    struct Writer {
        var bytes: [UInt8] = []

        /// Why a member is left out: 0 when it is not.
        mutating func skip(_ skip: ExportSkip?) {
            let tag: UInt8 = switch skip {
            case nil: 0
            case .consent?: 1
            case .mandatory?: 2
            case .identity?: 3
            }
            byte(tag)
        }

        /// A number that is not a count of what follows (a line's number, a tally).
        mutating func number(_ value: Int) { integer(Int64(value)) }

        /// Bytes written elsewhere, kept as they are.
        mutating func rawBytes(_ raw: [UInt8]) {
            count(raw.count)
            bytes += raw
        }

        mutating func strings(_ texts: some Collection<String>) {
            count(texts.count)
            for text in texts { string(text) }
        }

        mutating func byte(_ value: UInt8) { bytes.append(value) }

        mutating func integer(_ value: Int64) {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }

        mutating func count(_ value: Int) { integer(Int64(value)) }

        mutating func string(_ text: String) {
            let utf8 = Array(text.utf8)
            count(utf8.count)
            bytes += utf8
        }

        mutating func optional(_ text: String?) {
            guard let text else { return byte(0) }
            byte(1)
            string(text)
        }

        mutating func values(_ values: [Value]) {
            count(values.count)
            for element in values { value(element) }
        }

        mutating func value(_ value: Value) {
            switch value {
            case .null: byte(Tag.null.rawValue)
            case .bool(let flag): byte(flag ? Tag.trueValue.rawValue : Tag.falseValue.rawValue)
            case .integer(let number):
                byte(Tag.integer.rawValue)
                integer(number)
            case .number(let number):
                byte(Tag.number.rawValue)
                integer(Int64(bitPattern: number.bitPattern))
            case .string(let text):
                byte(Tag.string.rawValue)
                string(text)
            case .array(let elements):
                byte(Tag.array.rawValue)
                values(elements)
            case .object(let members):
                byte(Tag.object.rawValue)
                count(members.count)
                for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                    string(name)
                    self.value(member)
                }
            }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// Nil for bytes no `Writer.skip` wrote; `.some(nil)` when the member is not left out.
        mutating func skip() -> ExportSkip?? {
            guard let tag = byte(), tag < 4 else { return nil }
            return .some([nil, .consent, .mandatory, .identity][Int(tag)])
        }

        /// Bytes `Writer.rawBytes` wrote.
        mutating func rawBytes() -> [UInt8]? {
            guard let length = count() else { return nil }
            defer { offset += length }
            return Array(bytes[offset..<offset + length])
        }

        /// A number `Writer.number` wrote: never negative.
        mutating func number() -> Int? {
            guard let value = integer(), value >= 0, value <= Int64(Int.max) else { return nil }
            return Int(value)
        }

        mutating func strings() -> [String]? {
            guard let count = count() else { return nil }
            var texts: [String] = []
            for _ in 0..<count {
                guard let text = string() else { return nil }
                texts.append(text)
            }
            return texts
        }
        /// Values nest at most this deep (bytes the store holds are never deeper; damaged ones may claim to be).
        static let maximumDepth = 64

        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func integer() -> Int64? {
            guard bytes.count - offset >= 8 else { return nil }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
            offset += 8
            return Int64(bitPattern: value)
        }

        /// A count no larger than the bytes left could hold (so damaged bytes never allocate much).
        mutating func count() -> Int? {
            guard let value = integer(), value >= 0, value <= Int64(bytes.count - offset) else { return nil }
            return Int(value)
        }

        mutating func string() -> String? {
            guard let length = count() else { return nil }
            defer { offset += length }
            return String(validating: bytes[offset..<offset + length], as: UTF8.self)
        }

        mutating func optional() -> String?? {
            switch byte() {
            case 0?: return .some(nil)
            case 1?: return string().map { .some($0) }
            default: return nil
            }
        }

        mutating func values(depth: Int = 0) -> [Value]? {
            guard depth < Self.maximumDepth, let count = count() else { return nil }
            var values: [Value] = []
            for _ in 0..<count {
                guard let value = value(depth: depth) else { return nil }
                values.append(value)
            }
            return values
        }

        mutating func value(depth: Int) -> Value? {
            guard let raw = byte(), let tag = Tag(rawValue: raw) else { return nil }
            switch tag {
            case .null: return .null
            case .falseValue: return .bool(false)
            case .trueValue: return .bool(true)
            case .integer: return integer().map(Value.integer)
            case .number: return integer().map { .number(Double(bitPattern: UInt64(bitPattern: $0))) }
            case .string: return string().map(Value.string)
            case .array: return values(depth: depth + 1).map(Value.array)
            case .object:
                guard depth + 1 < Self.maximumDepth, let count = count() else { return nil }
                var members: [String: Value] = [:]
                for _ in 0..<count {
                    guard let name = string(), let member = value(depth: depth + 1) else { return nil }
                    members[name] = member
                }
                return .object(members)
            }
        }
    }
}
