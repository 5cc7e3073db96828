import CohortSampleData
import Testing
@testable import CohortCore

@Suite struct SHA256Tests {
    /// FIPS 180-4 / NIST example vectors.
    @Test func knownVectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingInPiecesEqualsOneShot() {
        let data = Array("The quick brown fox jumps over the lazy dog, again and again, past the 64-byte block edge.".utf8)
        for split in [0, 1, 55, 56, 63, 64, 65, data.count] {
            var hasher = SHA256()
            hasher.update(data[..<split])
            hasher.update(data[split...])
            #expect(hasher.finalizeHex() == SHA256.hex(data))
        }
    }

    /// The processor's SHA instructions and the portable C code give the same digests, over lengths
    /// around every block edge and pieces of every size. (Where the processor has no SHA
    /// instructions both hashers are the portable code.)
    @Test func hardwareAndPortableCodeAgree() {
        var random = SplitMix64(seed: 7)
        for length in [0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 1000, 4096 + 17] {
            let data = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var hardware = SHA256(usingHardware: true)
            var portable = SHA256(usingHardware: false)
            var offset = 0
            while offset < data.count {
                let piece = min(data.count - offset, Int(random.next() % 200) + 1)
                hardware.update(data[offset..<(offset + piece)])
                portable.update(data[offset..<(offset + piece)])
                offset += piece
            }
            #expect(hardware.finalizeHex() == portable.finalizeHex(), "length \(length)")
        }
    }

    @Test func knownVectorsInPortableCode() {
        var hasher = SHA256(usingHardware: false)
        hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
