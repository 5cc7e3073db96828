import CohortCore
import Testing
@testable import CohortFuzz

/// The checks themselves: they see a broken invariant, and they split inputs reproducibly.
@Suite struct FuzzCheckTests {
    private func position(_ index: Int, offset: Int, line: Int, column: Int = 1) -> RecordPosition {
        RecordPosition(index: index, text: TextPosition(offset: offset, line: line, column: column))
    }

    @Test func positionsOutOfOrderOrOutsideTheInputAreViolations() {
        let inOrder = [position(0, offset: 0, line: 1), position(1, offset: 5, line: 2)]
        #expect(PositionCheck.violations(inOrder, byteCount: 5) == [])
        #expect(PositionCheck.violations([position(1, offset: 0, line: 1)], byteCount: 5) == ["item 0 has index 1"])
        #expect(PositionCheck.violations([position(0, offset: 6, line: 1)], byteCount: 5)
            == ["item 0 starts at offset 6, outside the 5 bytes read"])
        let backwards = [position(0, offset: 4, line: 2), position(1, offset: 2, line: 1)]
        #expect(PositionCheck.violations(backwards, byteCount: 5) == ["item 1 starts at offset 2, before item 0 (4)"])
        let upwards = [position(0, offset: 2, line: 2), position(1, offset: 4, line: 1)]
        #expect(PositionCheck.violations(upwards, byteCount: 5)
            == ["item 1 starts after item 0 but on an earlier line"])
        let sameOffset = [position(0, offset: 2, line: 1), position(1, offset: 2, line: 1, column: 2)]
        #expect(PositionCheck.violations(sameOffset, byteCount: 5)
            == ["items 0 and 1 start at offset 2 but at other lines or columns"])
    }

    @Test func chunksCoverTheInputTheSameWayEveryTime() {
        for length in [0, 1, 7, 100, 5000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 31) }
            let sizes = ChunkPlan.sizes(for: bytes)
            #expect(sizes.reduce(0, +) == length)
            #expect(sizes.allSatisfy { $0 > 0 })
            #expect(ChunkPlan.sizes(for: bytes) == sizes)
        }
        #expect(ChunkPlan.sizes(for: Array(repeating: 1, count: 5000)).contains(1))
    }

    @Test func sameJSONTellsOnlyWhatJSONTellsApart() {
        #expect(Value.integer(59).isSameJSON(as: .number(59)))
        #expect(Value.object(["a": .array([.number(2)])]).isSameJSON(as: .object(["a": .array([.integer(2)])])))
        #expect(!Value.number(59.5).isSameJSON(as: .integer(59)))
        // An overflowing literal (1e999 reads as infinity) keeps its text in `rejected/`: it reads back
        // as infinity, never as null.
        #expect(!Value.number(.infinity).isSameJSON(as: .null))
        #expect(Value.number(-.infinity).isSameJSON(as: .number(-.infinity)))
        #expect(!Value.number(1).isSameJSON(as: .null))
        #expect(!Value.object(["a": .null]).isSameJSON(as: .object(["b": .null])))
    }

    @Test func leakedErrorTextIsAViolation() {
        #expect(MessageCheck.violations(["expected a value"], what: "m") == [])
        #expect(MessageCheck.violations(["", "found Optional(\"x\")"], what: "m").count == 2)
        // A message quoting the user's own text ("unknown segment \"Optional(…\"") leaks nothing.
        #expect(MessageCheck.violations(["unknown segment \"Optional(a\""], what: "m", quoting: "inSegment(\"Optional(a\")") == [])
        #expect(MessageCheck.violations(["found Optional(\"x\")"], what: "m", quoting: "x").count == 1)
    }
}
