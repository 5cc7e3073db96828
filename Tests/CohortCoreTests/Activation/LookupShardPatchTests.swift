import CohortSampleData
import Testing
@testable import CohortCore

/// A shard changed in place: its lines are found without parsing its entries, and a patch of a few
/// keys gives the bytes a render of every entry gives, so an export reads and writes a large shard
/// without decoding it.
@Suite struct LookupShardPatchTests {
    static func entry(_ number: Int) -> Value {
        .object(["segments": .array([.string(number % 2 == 0 ? "gold" : "buyers")]),
                 "attributes": .object(["points": .integer(Int64(number)), "name": .string("n\"\(number)\\é")])])
    }

    /// Keys of every kind a shard may hold: escaped, non-ASCII, sharing prefixes.
    static func key(_ number: Int) -> String {
        ["k\(number)", "k\(number)\"q", "é\(number)", "k\(number)\\b", "\(number)"][number % 5]
    }

    @Test(arguments: Array(1...20))
    func aPatchGivesTheBytesOfARender(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        var entries: [String: Value] = [:]
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            let number = Int.random(in: 0..<60, using: &random)
            entries[Self.key(number)] = Self.entry(number)
        }
        let bytes = LookupShards.render(entries)
        let lines = try #require(LookupShards.lines(bytes))
        #expect(lines.map(\.key) == entries.keys.sorted())
        for line in lines {
            guard case .success(let node) = JSONParser.parse(Array(bytes[line.entry]), file: "") else {
                Issue.record("the entry of \(line.key) is no JSON")
                continue
            }
            #expect(Value(node) == entries[line.key])
        }
        var changes: [String: Value?] = [:]
        for _ in 0..<Int.random(in: 0...8, using: &random) {
            let number = Int.random(in: 0..<70, using: &random)
            changes[Self.key(number)] = Bool.random(using: &random) ? .some(nil) : .some(Self.entry(number + 100))
        }
        var after = entries
        for (key, entry) in changes { after[key] = entry }
        let patched = LookupShards.patch(bytes, lines: lines, changes: changes)
        #expect(patched.count == after.count)
        if !after.isEmpty { #expect(patched.bytes == LookupShards.render(after)) }
    }

    @Test func bytesNotInTheShapeARenderGivesAreNoLines() {
        let good = LookupShards.render(["a": .integer(1), "b": .integer(2)])
        #expect(LookupShards.lines(good)?.map(\.key) == ["a", "b"])
        for bad in ["{\"a\":1,\"b\":2}", "{\n  \"b\":2,\n  \"a\":1\n}\n", "{\n  \"a\":1\n  \"b\":2\n}\n", "{\n \"a\":1\n}\n",
                    "{\n  \"a\"\n}\n", "[\n  \"a\":1\n]\n", ""] {
            #expect(LookupShards.lines(Array(bad.utf8)) == nil, "\(bad)")
        }
    }
}
