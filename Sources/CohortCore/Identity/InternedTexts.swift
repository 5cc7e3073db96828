import Foundation

/// Distinct texts numbered 0, 1, 2… in the order they are first added, their UTF-8 bytes kept one
/// after another in a single buffer and found again through an open-addressing table of numbers:
/// millions of identities cost their bytes and a few integers each, not a `String` and a
/// dictionary entry apiece.
struct InternedTexts {
    private var bytes: [UInt8] = []
    /// Where each text ends in `bytes`; text `n` starts where text `n - 1` ends.
    private var ends: [Int] = []
    /// Numbers of texts plus one, by hash (0: empty slot); a power of two long, at most half full.
    private var slots = [Int32](repeating: 0, count: 1024)

    /// How many distinct texts there are.
    var count: Int { ends.count }

    /// The number of `text`, added when it is new.
    mutating func number(of text: String) -> Int {
        var text = text
        return text.withUTF8 { number(of: $0) }
    }

    private mutating func number(of text: UnsafeBufferPointer<UInt8>) -> Int {
        var slot = Self.hash(text) & (slots.count - 1)
        while slots[slot] != 0 {
            let known = Int(slots[slot]) - 1
            if withBytes(of: known, { $0.elementsEqual(text) }) { return known }
            slot = (slot + 1) & (slots.count - 1)
        }
        let added = ends.count
        bytes.append(contentsOf: text)
        ends.append(bytes.count)
        slots[slot] = Int32(added + 1)
        if ends.count * 2 > slots.count { grow() }
        return added
    }

    /// Hands `body` the UTF-8 bytes of text `number`.
    func withBytes<Result>(of number: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer { try body(slice(number, of: $0)) }
    }

    /// Text `number`.
    func text(_ number: Int) -> String {
        withBytes(of: number) { String(decoding: $0, as: UTF8.self) }
    }

    /// Every number, ordered by the bytes of its text (the order SQLite keeps text keys in).
    func numbersInByteOrder() -> [Int32] {
        var numbers = (0..<Int32(count)).map { $0 }
        bytes.withUnsafeBufferPointer { all in
            numbers.sort { (left: Int32, right: Int32) -> Bool in
                let (leftText, rightText) = (slice(Int(left), of: all), slice(Int(right), of: all))
                guard let leftStart = leftText.baseAddress, let rightStart = rightText.baseAddress else {
                    return leftText.count < rightText.count
                }
                let common = memcmp(leftStart, rightStart, min(leftText.count, rightText.count))
                return common != 0 ? common < 0 : leftText.count < rightText.count
            }
        }
        return numbers
    }

    private func slice(_ number: Int, of all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: all[(number == 0 ? 0 : ends[number - 1])..<ends[number]])
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for number in 0..<ends.count {
            var slot = withBytes(of: number, Self.hash) & (slots.count - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(number + 1)
        }
    }

    /// FNV-1a over the bytes, its bits mixed so that the low ones (the slot) depend on all of them.
    private static func hash(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return Int(truncatingIfNeeded: hash)
    }
}
