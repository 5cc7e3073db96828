/// A value packed into one byte buffer: one allocation per record instead of a tree of
/// dictionaries, and field names as interned ids (`FieldNames`), so a compiled path finds a field
/// by comparing integers.
///
/// Layout, little-endian: a tag byte, then
/// - null, false, true: nothing;
/// - integer, number: 8 bytes (two's complement, IEEE 754 bits);
/// - string: a UInt32 byte count and the UTF-8 bytes;
/// - array: a UInt32 count, a UInt32 byte size of the elements, then the elements;
/// - object: a UInt32 count, a UInt32 byte size of the members, then each member as a UInt32 name
///   id and its value, in ascending id order (so equal objects pack to equal bytes).
public struct PackedValue: Sendable {
    enum Tag: UInt8 {
        case null, falseValue, trueValue, integer, number, string, array, object
    }

    private let bytes: [UInt8]
    private let start: Int

    init(bytes: [UInt8], start: Int) {
        self.bytes = bytes
        self.start = start
    }

    /// Packs a value.
    public init(_ value: Value) {
        var writer = PackedWriter()
        writer.write(value)
        self = writer.packed
    }

    /// An object with no fields.
    public static let emptyObject = PackedValue(.object([:]))

    // MARK: Reading

    var tag: Tag { Tag(rawValue: bytes[start]) ?? .null }

    public var isNull: Bool { tag == .null }
    public var isObject: Bool { tag == .object }
    public var isArray: Bool { tag == .array }

    public var boolValue: Bool? {
        switch tag {
        case .trueValue: return true
        case .falseValue: return false
        default: return nil
        }
    }

    /// An integer or a number as a `Double`.
    public var numberValue: Double? {
        switch tag {
        case .integer: return Double(Int64(bitPattern: word64(at: start + 1)))
        case .number: return Double(bitPattern: word64(at: start + 1))
        default: return nil
        }
    }

    public var stringValue: String? {
        guard tag == .string else { return nil }
        let count = Int(word32(at: start + 1))
        return bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[(start + 5)..<(start + 5 + count)]), as: UTF8.self)
        }
    }

    /// `body` over a string's UTF-8 bytes, read where they are packed; nil when this is not a string.
    public func withStringBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard tag == .string else { return nil }
        let count = Int(word32(at: start + 1))
        return bytes.withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[(start + 5)..<(start + 5 + count)]))
        }
    }

    /// The member of an object with the name `id`; nil when there is none or this is not an object.
    public func member(_ id: UInt32) -> PackedValue? {
        guard tag == .object else { return nil }
        return bytes.withUnsafeBytes { raw -> PackedValue? in
            var count = Self.word32(raw, start + 1)
            var offset = start + 9
            while count > 0 {
                let name = Self.word32(raw, offset)
                if name == id { return PackedValue(bytes: bytes, start: offset + 4) }
                if name > id { return nil }
                offset += 4 + Self.size(raw, offset + 4)
                count -= 1
            }
            return nil
        }
    }

    /// The elements of an array (empty for anything else).
    public var elements: [PackedValue] {
        guard tag == .array else { return [] }
        return bytes.withUnsafeBytes { raw in
            let count = Int(Self.word32(raw, start + 1))
            var offset = start + 9
            var items: [PackedValue] = []
            items.reserveCapacity(count)
            for _ in 0..<count {
                items.append(PackedValue(bytes: bytes, start: offset))
                offset += Self.size(raw, offset)
            }
            return items
        }
    }

    /// The members of an object by name id, in id order (empty for anything else).
    public var members: [(id: UInt32, value: PackedValue)] {
        guard tag == .object else { return [] }
        return bytes.withUnsafeBytes { raw in
            let count = Int(Self.word32(raw, start + 1))
            var offset = start + 9
            var members: [(id: UInt32, value: PackedValue)] = []
            members.reserveCapacity(count)
            for _ in 0..<count {
                members.append((Self.word32(raw, offset), PackedValue(bytes: bytes, start: offset + 4)))
                offset += 4 + Self.size(raw, offset + 4)
            }
            return members
        }
    }

    /// The value unpacked into a tree.
    public var value: Value {
        switch tag {
        case .null: return .null
        case .falseValue: return .bool(false)
        case .trueValue: return .bool(true)
        case .integer: return .integer(Int64(bitPattern: word64(at: start + 1)))
        case .number: return .number(Double(bitPattern: word64(at: start + 1)))
        case .string: return .string(stringValue ?? "")
        case .array: return .array(elements.map(\.value))
        case .object: return .object(objectMembers)
        }
    }

    /// The value at a path of name ids through objects (not arrays), unpacked; nil when there is none.
    public func value(at path: [UInt32]) -> Value? {
        var current = self
        for id in path {
            guard let next = current.member(id) else { return nil }
            current = next
        }
        return current.value
    }

    /// The name ids of a dotted path, for `value(at:)` (work them out once, not per record).
    public static func path(_ dotted: String) -> [UInt32] {
        FieldPath.components(of: dotted).map(FieldNames.id(of:))
    }

    /// An object's members unpacked by name (empty for anything else).
    public var objectMembers: [String: Value] {
        var result: [String: Value] = [:]
        for (id, member) in members { result[FieldNames.name(of: id)] = member.value }
        return result
    }

    /// The bytes this value takes in its buffer.
    private var span: Range<Int> {
        start..<(start + bytes.withUnsafeBytes { Self.size($0, start) })
    }

    private func word32(at offset: Int) -> UInt32 {
        bytes.withUnsafeBytes { Self.word32($0, offset) }
    }

    private func word64(at offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }

    private static func word32(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The size in bytes of the value starting at `offset`.
    private static func size(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        switch Tag(rawValue: raw[offset]) ?? .null {
        case .null, .falseValue, .trueValue: return 1
        case .integer, .number: return 9
        case .string: return 5 + Int(word32(raw, offset + 1))
        case .array, .object: return 9 + Int(word32(raw, offset + 5))
        }
    }
}

extension PackedValue: Hashable {
    /// Equal when the packed bytes are equal, which for packed objects means equal values.
    public static func == (lhs: PackedValue, rhs: PackedValue) -> Bool {
        lhs.bytes[lhs.span].elementsEqual(rhs.bytes[rhs.span])
    }

    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { raw in hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[span])) }
    }
}

extension PackedValue {
    /// The packed bytes, to store; their name ids are this process's (a reader from another
    /// process renumbers them with `init(storedBytes:rename:)`).
    public var storedBytes: [UInt8] {
        start == 0 && span.count == bytes.count ? bytes : Array(bytes[span])
    }

    /// Reads stored bytes whose name ids `rename` turns into this process's ids (members re-sorted);
    /// nil when the bytes are not a packed value.
    public init?(storedBytes: [UInt8], rename: (UInt32) -> UInt32?) {
        var output = storedBytes
        let renamed = withoutActuallyEscaping(rename) { rename in
            output.withUnsafeMutableBufferPointer { buffer -> Bool in
                var rewriter = IDRewriter(bytes: buffer, rename: rename)
                return rewriter.value() && rewriter.offset == buffer.count
            }
        }
        guard renamed else { return nil }
        self.init(bytes: output, start: 0)
    }

    /// Rewrites name ids where they are, walking the value and checking every length; an object
    /// whose new ids are out of order has its members put in order within its own bytes.
    private struct IDRewriter {
        let bytes: UnsafeMutableBufferPointer<UInt8>
        let rename: (UInt32) -> UInt32?
        var offset = 0

        func word32(at position: Int) -> UInt32? {
            guard position >= 0, position + 4 <= bytes.count else { return nil }
            return UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2]) << 16 | UInt32(bytes[position + 3]) << 24
        }

        mutating func skip(_ count: Int) -> Bool {
            guard count >= 0, offset + count <= bytes.count else { return false }
            offset += count
            return true
        }

        mutating func value() -> Bool {
            guard offset < bytes.count, let tag = Tag(rawValue: bytes[offset]) else { return false }
            switch tag {
            case .null, .falseValue, .trueValue: return skip(1)
            case .integer, .number: return skip(9)
            case .string:
                guard let count = word32(at: offset + 1) else { return false }
                return skip(5 + Int(count))
            case .array, .object:
                guard let count = word32(at: offset + 1), let size = word32(at: offset + 5) else { return false }
                offset += 9
                let (first, end) = (offset, offset + Int(size))
                var previous: UInt32?
                var inOrder = true
                for _ in 0..<count {
                    if tag == .object {
                        guard let stored = word32(at: offset), let id = rename(stored) else { return false }
                        if let previous, previous >= id { inOrder = false }
                        previous = id
                        withUnsafeBytes(of: id.littleEndian) { for index in 0..<4 { bytes[offset + index] = $0[index] } }
                        offset += 4
                    }
                    guard value() else { return false }
                }
                return offset == end && (inOrder || sortMembers(count: Int(count), from: first, to: end))
            }
        }

        /// Puts an object's members (already checked) in id order; false when two share an id.
        func sortMembers(count: Int, from first: Int, to end: Int) -> Bool {
            var members: [(id: UInt32, range: Range<Int>)] = []
            var position = first
            for _ in 0..<count {
                let next = position + 4 + length(ofValueAt: position + 4)
                members.append((word32(at: position) ?? 0, position..<next))
                position = next
            }
            members.sort { $0.id < $1.id }
            for index in members.indices.dropFirst() where members[index - 1].id == members[index].id { return false }
            let section = Array(bytes[first..<end])
            var target = first
            for member in members {
                for byte in section[(member.range.lowerBound - first)..<(member.range.upperBound - first)] {
                    bytes[target] = byte
                    target += 1
                }
            }
            return true
        }

        /// The length of a value whose lengths were checked.
        func length(ofValueAt position: Int) -> Int {
            switch Tag(rawValue: bytes[position]) {
            case .integer, .number: return 9
            case .string: return 5 + Int(word32(at: position + 1) ?? 0)
            case .array, .object: return 9 + Int(word32(at: position + 5) ?? 0)
            default: return 1
            }
        }
    }
}
