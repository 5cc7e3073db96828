import Testing
import Synchronization
@testable import CohortCore

/// Work spread over every core gives what the same work in order gives.
@Suite struct ParallelMapTests {
    @Test(arguments: [0, 1, 7, 8, 9, 1_000, 10_001])
    func resultsAreInInputOrder(count: Int) {
        let input = (0..<count).map { ($0 &* 2_654_435_761) % 1_000_003 }
        #expect(input.parallelMap(chunk: 8) { $0 * 3 + 1 } == input.map { $0 * 3 + 1 })
    }

    @Test func everyElementIsTransformedOnce() {
        let counter = Mutex(0)
        let result = Array(0..<5_000).parallelMap(chunk: 64) { value -> Int in
            counter.withLock { $0 += 1 }
            return value
        }
        #expect(result == Array(0..<5_000))
        #expect(counter.withLock { $0 } == 5_000)
    }
}
