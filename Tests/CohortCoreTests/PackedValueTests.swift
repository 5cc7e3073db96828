import CohortSampleData
import Testing
@testable import CohortCore

/// Packed records hold the same values as trees and find fields by interned name ids.
@Suite struct PackedValueTests {
    /// A random value up to `depth` levels of arrays and objects, with names from a small pool so
    /// objects share and miss fields.
    static func randomValue(depth: Int, using generator: inout SplitMix64) -> Value {
        let names = ["a", "b", "tier", "points", "name", "päth", ""]
        switch Int.random(in: 0..<(depth > 0 ? 9 : 7), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &generator))
        case 3: return .number(Double.random(in: -1e9...1e9, using: &generator))
        case 4, 5: return .string(String((0..<Int.random(in: 0...40, using: &generator)).map { _ in "aé😀 \"\\z".randomElement(using: &generator)! }))
        case 6: return .integer(Int64.random(in: -5...5, using: &generator))
        case 7: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth - 1, using: &generator) })
        default:
            var members: [String: Value] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                members[names.randomElement(using: &generator)!] = randomValue(depth: depth - 1, using: &generator)
            }
            return .object(members)
        }
    }

    @Test func packingThenUnpackingGivesTheSameValue() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let value = Self.randomValue(depth: 4, using: &generator)
            #expect(PackedValue(value).value == value)
        }
    }

    @Test func equalValuesPackEquallyWhateverTheDictionaryOrder() {
        var generator = SplitMix64(seed: 12)
        for _ in 0..<500 {
            let value = Self.randomValue(depth: 3, using: &generator)
            // Rebuilding every dictionary inserts its keys in another order.
            guard case .success(let node) = JSONParser.parse(JSONWriter.string(value), file: "t") else {
                Issue.record("the writer's JSON did not parse")
                continue
            }
            let rebuilt = Value(node)
            #expect(PackedValue(value) == PackedValue(rebuilt))
            #expect(PackedValue(value).hashValue == PackedValue(rebuilt).hashValue)
        }
        #expect(PackedValue(.object(["a": .integer(1)])) != PackedValue(.object(["a": .integer(2)])))
        #expect(PackedValue(.integer(1)) != PackedValue(.number(1)))
    }

    @Test func membersAreFoundByNameIDAndScalarsReadBack() {
        let value = PackedValue(.object([
            "loyalty": .object(["tier": .string("gold"), "points": .integer(1200)]),
            "items": .array([.object(["SKU": .string("x")]), .string("y")]),
            "flag": .bool(false), "rate": .number(0.5), "nothing": .null,
        ]))
        let loyalty = value.member(FieldNames.id(of: "loyalty"))
        #expect(loyalty?.member(FieldNames.id(of: "tier"))?.stringValue == "gold")
        #expect(loyalty?.member(FieldNames.id(of: "points"))?.numberValue == 1200)
        #expect(loyalty?.member(FieldNames.id(of: "missing")) == nil)
        #expect(value.member(FieldNames.id(of: "flag"))?.boolValue == false)
        #expect(value.member(FieldNames.id(of: "rate"))?.numberValue == 0.5)
        #expect(value.member(FieldNames.id(of: "nothing"))?.isNull == true)
        let items = value.member(FieldNames.id(of: "items"))?.elements ?? []
        #expect(items.count == 2 && items[0].member(FieldNames.id(of: "SKU"))?.stringValue == "x" && items[1].stringValue == "y")
        #expect(items[1].member(FieldNames.id(of: "SKU")) == nil)
        #expect(value.member(FieldNames.id(of: "rate"))?.stringValue == nil)
    }

    @Test func everyMemberOfARandomObjectIsFound() {
        var generator = SplitMix64(seed: 13)
        for _ in 0..<500 {
            guard case .object(let members) = Self.randomValue(depth: 3, using: &generator) else { continue }
            let packed = PackedValue(.object(members))
            for (name, member) in members {
                #expect(packed.member(FieldNames.id(of: name))?.value == member)
            }
            #expect(packed.member(FieldNames.id(of: "never-a-field")) == nil)
        }
    }

    @Test func renumberedNamesReadBackAsTheSameValue() {
        var generator = SplitMix64(seed: 14)
        for _ in 0..<500 {
            let value = Self.randomValue(depth: 4, using: &generator)
            let packed = PackedValue(value)
            // Another numbering reverses the order of names, so every object's members are re-sorted.
            let stored = PackedValue(storedBytes: packed.storedBytes) { UInt32.max - $0 }
            let back = stored.flatMap { PackedValue(storedBytes: $0.storedBytes) { UInt32.max - $0 } }
            #expect(back == packed)
            #expect(back?.value == value)
        }
    }

    /// Numberings that keep some or all objects' members in order are rewritten in place; the
    /// round trip gives the same bytes either way.
    @Test func renumberingThatKeepsTheOrderRoundTrips() {
        var generator = SplitMix64(seed: 15)
        let numberings: [(forward: (UInt32) -> UInt32, back: (UInt32) -> UInt32)] = [
            ({ $0 + 1000 }, { $0 - 1000 }),     // every object keeps its order
            ({ $0 ^ 1 }, { $0 ^ 1 }),           // neighbours swap: some objects keep their order, some do not
        ]
        for _ in 0..<300 {
            let packed = PackedValue(Self.randomValue(depth: 4, using: &generator))
            for numbering in numberings {
                let stored = PackedValue(storedBytes: packed.storedBytes) { numbering.forward($0) }
                let back = stored.flatMap { PackedValue(storedBytes: $0.storedBytes) { numbering.back($0) } }
                #expect(back?.storedBytes == packed.storedBytes)
            }
        }
        let object = PackedValue(.object(["a": .integer(1)]))
        let id = FieldNames.id(of: "a")
        #expect(PackedValue(storedBytes: object.storedBytes) { $0 + 1000 }?.member(id + 1000) != nil, "the id is rewritten")
    }

    @Test func bytesThatAreNotAPackedValueAreRefused() {
        let bytes = PackedValue(.object(["a": .array([.string("text"), .integer(3)]), "b": .bool(true)])).storedBytes
        #expect(PackedValue(storedBytes: bytes) { $0 } != nil)
        for length in 0..<bytes.count {
            #expect(PackedValue(storedBytes: Array(bytes[..<length])) { $0 } == nil)
        }
        #expect(PackedValue(storedBytes: bytes + [0]) { $0 } == nil)
        #expect(PackedValue(storedBytes: [42]) { $0 } == nil)
        #expect(PackedValue(storedBytes: bytes) { _ in nil } == nil)
    }
}
