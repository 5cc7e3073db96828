import Dispatch

extension Array {
    /// `transform` of every element, in order, worked out on every core: the elements are split into
    /// consecutive chunks and each chunk is one task. `transform` must not touch shared mutable state.
    /// (Inlinable, so that callers in other modules get it compiled for their types rather than
    /// copying each element through generic value witnesses.)
    @inlinable
    public func parallelMap<Result>(chunk: Int = 1_024, _ transform: @Sendable (Element) -> Result) -> [Result] {
        parallelMap(chunk: chunk, scratch: {}) { _, element in transform(element) }
    }

    /// `parallelMap` where each chunk's task makes one `scratch` value with `makeScratch` and passes
    /// it to every transform of the chunk: room that transforms reuse instead of each allocating its own.
    @inlinable
    public func parallelMap<Scratch, Result>(chunk: Int = 1_024, scratch makeScratch: @Sendable () -> Scratch,
                                             _ transform: @Sendable (inout Scratch, Element) -> Result) -> [Result] {
        precondition(chunk > 0, "a chunk holds at least one element")
        let count = self.count
        guard count > chunk else {
            var scratch = makeScratch()
            return map { transform(&scratch, $0) }
        }
        let chunks = (count + chunk - 1) / chunk
        return [Result](unsafeUninitializedCapacity: count) { output, initialized in
            nonisolated(unsafe) let target = output.baseAddress!
            withUnsafeBufferPointer { source in
                nonisolated(unsafe) let source = source
                DispatchQueue.concurrentPerform(iterations: chunks) { index in
                    var scratch = makeScratch()
                    for position in index * chunk..<Swift.min(count, (index + 1) * chunk) {
                        (target + position).initialize(to: transform(&scratch, source[position]))
                    }
                }
            }
            initialized = count
        }
    }
}
