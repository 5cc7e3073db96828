import CohortSampleData
import Testing
@testable import CohortCore

/// Stored identity lists read back exactly, whatever their values hold, and damaged text is refused.
@Suite struct IdentityListCodingTests {
    static let pieces = ["a", "crm", "ann@example.com", "\"", "\\", "\n", "\u{1}", "é", "👩‍💻", ",", "]", "[", ":", " "]

    static func value(using generator: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...4, using: &generator)).map { _ in
            pieces[Int.random(in: 0..<pieces.count, using: &generator)]
        }.joined()
    }

    @Test func everyListReadsBackAndNoPrefixOrDamageReadsAsAList() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let identities = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                Identity(namespace: Self.value(using: &generator), id: Self.value(using: &generator))
            }
            let text = IdentityListCoding.encode(identities)
            #expect(IdentityListCoding.decodeList(text) == identities, "\(text)")
            let bytes = Array(text.utf8)
            let cut = Int.random(in: 0..<bytes.count, using: &generator)
            #expect(IdentityListCoding.decodeList(String(decoding: bytes[..<cut], as: UTF8.self)) == nil)
            #expect(IdentityListCoding.decodeList(text + "x") == nil)
        }
    }

    /// Stores key identities by this text (`identities.identity`, profile keys): it must stay the JSON
    /// text of the `[[namespace, value], …]` tree, byte for byte, whatever the values hold.
    @Test func theTextIsTheListsJSONByteForByte() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let identities = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                Identity(namespace: Self.value(using: &generator), id: Self.value(using: &generator))
            }
            let pairs = identities.map { Value.array([.string($0.namespace), .string($0.id)]) }
            #expect(IdentityListCoding.encode(identities) == JSONWriter.string(.array(pairs)))
            for (identity, pair) in zip(identities, pairs) {
                #expect(IdentityListCoding.encode(identity) == JSONWriter.string(pair))
            }
        }
    }

    @Test func shapesOtherThanPairsAreRefused() {
        for text in ["", "[", "[[]]", #"[["a"]]"#, #"[["a","b","c"]]"#, #"[["a",1]]"#, #"[["a","b"],]"#, #"[["a","b"]"#,
                     #"{"a":"b"}"#, "crm:x"] {
            #expect(IdentityListCoding.decodeList(text) == nil, "\(text)")
        }
        #expect(IdentityListCoding.decodeList("[]") == [])
        #expect(IdentityListCoding.decodeList(#"[["a","b"],["c","d"]]"#) == [Identity(namespace: "a", id: "b"), Identity(namespace: "c", id: "d")])
    }
}
