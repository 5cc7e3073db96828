import Foundation

/// Hands values from one producing thread to one consuming thread, in order, holding at most
/// `depth` at a time: the producer waits while the consumer is behind, and stops when it cancels.
final class Handover<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [Element] = []
    private var cancelled = false
    private let depth: Int

    init(depth: Int) {
        precondition(depth > 0, "a hand-over holds at least one value")
        self.depth = depth
    }

    /// Waits for room, then hands `element` over; false when the consumer has cancelled.
    func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        waiting.append(element)
        condition.broadcast()
        return true
    }

    /// Waits for the next value.
    func take() -> Element {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty { condition.wait() }
        condition.broadcast()
        return waiting.removeFirst()
    }

    /// Tells the producer to stop: its waiting and later `put`s give false.
    func cancel() {
        condition.lock()
        cancelled = true
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
