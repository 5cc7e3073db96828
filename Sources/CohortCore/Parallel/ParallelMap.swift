import Dispatch

extension Array {
    /// `transform` of every element, in order, worked out on every core: the elements are split into
    /// consecutive chunks and each chunk is one task. `transform` must not touch shared mutable state.
    public func parallelMap<Result>(chunk: Int = 1_024, _ transform: @Sendable (Element) -> Result) -> [Result] {
        precondition(chunk > 0, "a chunk holds at least one element")
        let count = self.count
        guard count > chunk else { return map(transform) }
        let chunks = (count + chunk - 1) / chunk
        return [Result](unsafeUninitializedCapacity: count) { output, initialized in
            nonisolated(unsafe) let target = output.baseAddress!
            withUnsafeBufferPointer { source in
                nonisolated(unsafe) let source = source
                DispatchQueue.concurrentPerform(iterations: chunks) { index in
                    for position in index * chunk..<Swift.min(count, (index + 1) * chunk) {
                        (target + position).initialize(to: transform(source[position]))
                    }
                }
            }
            initialized = count
        }
    }
}
