import SHA256Compression

/// SHA-256 (FIPS 180-4), streaming: for the ledger's file digests and hashed export identities.
/// Buffering and padding are here; blocks are compressed by the SHA256Compression C target, with
/// the processor's SHA instructions where it has them (every file ingested is hashed whole), so
/// the core needs no cryptography package.
public struct SHA256 {
    private var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0
    private let usesHardware: Bool

    /// Whether this processor has SHA instructions.
    static let hardwareAvailable = sha256_hardware_available() != 0

    public init() {
        self.init(usingHardware: Self.hardwareAvailable)
    }

    /// `usingHardware` false compresses in portable C even where the processor could (to test one against the other).
    init(usingHardware: Bool) {
        usesHardware = usingHardware && Self.hardwareAvailable
        buffer.reserveCapacity(64)
    }

    /// The lowercase hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ update(contiguous: $0) }) == nil {
            Array(bytes).withUnsafeBufferPointer { update(contiguous: $0) }
        }
    }

    /// Whole 64-byte blocks straight from the input; the rest waits in `buffer`.
    private mutating func update(contiguous bytes: UnsafeBufferPointer<UInt8>) {
        length &+= UInt64(bytes.count)
        var index = 0
        while !buffer.isEmpty, index < bytes.count {
            buffer.append(bytes[index])
            index += 1
            if buffer.count == 64 {
                compress(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let blocks = (bytes.count - index) / 64
        if blocks > 0 {
            compress(UnsafeBufferPointer(rebasing: bytes[index..<(index + 64 * blocks)]))
            index += 64 * blocks
        }
        buffer.append(contentsOf: bytes[index...])
    }

    /// Pads, finishes and returns the digest in lowercase hex.
    public mutating func finalizeHex() -> String {
        let bitLength = length &* 8
        var padding: [UInt8] = [0x80]
        while (buffer.count + padding.count) % 64 != 56 { padding.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        for byte in padding {
            buffer.append(byte)
            if buffer.count == 64 {
                compress(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for word in state {
            for shift in stride(from: 28, through: 0, by: -4) { hex.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private mutating func compress(_ block: [UInt8]) {
        block.withUnsafeBufferPointer { compress($0) }
    }

    /// Compresses whole 64-byte blocks.
    private mutating func compress(_ blocks: UnsafeBufferPointer<UInt8>) {
        let compress = usesHardware ? sha256_hardware_blocks : sha256_portable_blocks
        state.withUnsafeMutableBufferPointer { compress($0.baseAddress!, blocks.baseAddress!, blocks.count / 64) }
    }
}
