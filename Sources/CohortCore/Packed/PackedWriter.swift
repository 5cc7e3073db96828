/// Writes packed values: whole trees, or piece by piece for readers that pack as they parse
/// (containers whose count is known only at their end, objects whose members arrive in any order).
struct PackedWriter {
    private(set) var bytes: [UInt8] = []
    /// The members of every open object, innermost last: each name id and where its bytes start.
    /// One stack for all objects, so writing an object allocates nothing once it has grown.
    private var openMembers: [(id: UInt32, start: Int)] = []
    /// Room for putting one object's members in id order.
    private var reordered: [(id: UInt32, range: Range<Int>)] = []
    private var section: [UInt8] = []

    /// Where an open container's count and size are to be written.
    struct Container {
        fileprivate let headerOffset: Int
        fileprivate var count: UInt32 = 0
        /// Where this container's members start in `openMembers` (objects only).
        fileprivate let firstMember: Int
    }

    /// `capacity`: the bytes expected, when known.
    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// The value written, in a buffer no larger than it needs (records stay in memory by the million).
    var packed: PackedValue {
        PackedValue(bytes: bytes.capacity > bytes.count + bytes.count / 8 + 32 ? Array(bytes[...]) : bytes, start: 0)
    }

    /// The value written, in a buffer of its own that fits it; the writer is left empty, keeping its
    /// room for the next value (readers that pack record after record reuse one writer).
    mutating func take() -> PackedValue {
        let value = PackedValue(bytes: [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            count = bytes.withUnsafeBufferPointer { buffer.initialize(fromContentsOf: $0) }
        }, start: 0)
        reset()
        return value
    }

    /// Drops whatever was written (a value given up halfway included), keeping the room.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        openMembers.removeAll(keepingCapacity: true)
    }

    mutating func null() { bytes.append(PackedValue.Tag.null.rawValue) }

    mutating func bool(_ flag: Bool) { bytes.append(flag ? PackedValue.Tag.trueValue.rawValue : PackedValue.Tag.falseValue.rawValue) }

    mutating func integer(_ number: Int64) {
        bytes.append(PackedValue.Tag.integer.rawValue)
        append64(UInt64(bitPattern: number))
    }

    mutating func number(_ number: Double) {
        bytes.append(PackedValue.Tag.number.rawValue)
        append64(number.bitPattern)
    }

    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(PackedValue.Tag.string.rawValue)
        append32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Packs a whole value (objects' members in any order).
    mutating func write(_ value: Value) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .integer(let number): integer(number)
        case .number(let double): number(double)
        case .string(var text): text.withUTF8 { string($0) }
        case .array(let items):
            var container = beginArray()
            for item in items {
                element(of: &container)
                write(item)
            }
            _ = end(container)
        case .object(let members):
            var container = beginObject()
            for (name, member) in members {
                self.member(FieldNames.id(of: name), of: &container)
                write(member)
            }
            _ = end(container)
        }
    }

    mutating func beginArray() -> Container { begin(.array) }

    mutating func beginObject() -> Container { begin(.object) }

    /// Starts the next element of an array.
    mutating func element(of container: inout Container) {
        container.count += 1
    }

    /// Starts a member of an object; its value is written next.
    mutating func member(_ id: UInt32, of container: inout Container) {
        container.count += 1
        openMembers.append((id, bytes.count))
        append32(id)
    }

    /// Closes a container; false when an object has a name twice.
    mutating func end(_ container: Container) -> Bool {
        defer { openMembers.removeLast(openMembers.count - container.firstMember) }
        let members = container.firstMember..<openMembers.count
        var inOrder = true
        for index in members.dropFirst() where openMembers[index - 1].id >= openMembers[index].id {
            if openMembers[index - 1].id == openMembers[index].id { return false }
            inOrder = false
        }
        if !inOrder {
            reordered.removeAll(keepingCapacity: true)
            for index in members {
                let end = index + 1 < members.upperBound ? openMembers[index + 1].start : bytes.count
                reordered.append((openMembers[index].id, openMembers[index].start..<end))
            }
            reordered.sort { $0.id < $1.id }
            for index in reordered.indices.dropFirst() where reordered[index - 1].id == reordered[index].id { return false }
            let base = container.headerOffset + 9
            section.removeAll(keepingCapacity: true)
            section.append(contentsOf: bytes[base...])
            bytes.removeLast(bytes.count - base)
            for member in reordered { bytes.append(contentsOf: section[(member.range.lowerBound - base)..<(member.range.upperBound - base)]) }
        }
        write32(container.count, at: container.headerOffset + 1)
        write32(UInt32(bytes.count - container.headerOffset - 9), at: container.headerOffset + 5)
        return true
    }

    private mutating func begin(_ tag: PackedValue.Tag) -> Container {
        let container = Container(headerOffset: bytes.count, firstMember: openMembers.count)
        bytes.append(tag.rawValue)
        append64(0)
        return container
    }

    private mutating func append32(_ word: UInt32) {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func append64(_ word: UInt64) {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func write32(_ word: UInt32, at offset: Int) {
        withUnsafeBytes(of: word.littleEndian) { word in
            for index in 0..<4 { bytes[offset + index] = word[index] }
        }
    }
}
