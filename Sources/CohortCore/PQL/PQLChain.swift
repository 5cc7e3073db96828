/// `chain(xEvent, timestamp, [steps])`: an ordered sequence of events, each step strictly after the
/// previous one, matched greedily from the earliest event.
enum PQLChain {
    static func compile(source: @escaping PQLProgram.Evaluator, timestamp: [String], steps: [PQLChainStep],
                        bound: [String]) throws(PQLError) -> PQLProgram.Evaluator {
        let compile = { (node: PQLNode) throws(PQLError) in try PQLProgram.compile(node, bound: bound) }
        let compiled = try steps.map { (step) throws(PQLError) in
            (what: try step.what.map(compile), whereCondition: try step.whereCondition.map(compile),
             count: try step.count.map(compile), when: step.when, anchors: try step.when?.anchorNodes.map(compile) ?? [])
        }
        let timestampPath = timestamp.map(FieldNames.id(of:))
        let keepsScope = steps.contains { [$0.what, $0.whereCondition].contains { $0?.readsAroundScope ?? false } }
        return { context in
            guard case .events(let events) = source(context) else { return .bool(false) }
            let timed = events.compactMap { event -> (Int64, PackedValue)? in
                PQLProgram.lookup(timestampPath[...], in: event).time(in: context.calendar).map { ($0, event) }
            }.sorted { $0.0 < $1.0 }
            var after = Int64.min
            for step in compiled {
                var needed = 1
                if let count = step.count, case .number(let number) = count(context) {
                    // A count beyond any number of events cannot be met.
                    needed = max(1, number.wholeNumber.map { Int($0) } ?? .max)
                }
                var anchors: [Int64] = []
                for anchor in step.anchors {
                    switch anchor(context) {
                    case .number(let number):
                        guard let whole = number.wholeNumber else { return .bool(false) }
                        anchors.append(whole)
                    case let value:
                        guard let time = value.time(in: context.calendar) else { return .bool(false) }
                        anchors.append(time)
                    }
                }
                let range = step.when?.range(anchors: anchors, now: context.now, calendar: context.calendar, endOfDayForLastAnchor: false)
                var found = 0
                var last = after
                var inner = context.descending(keepingScope: keepsScope)
                for (time, event) in timed where time > after {
                    inner.scope = event
                    if let what = step.what, !truth(what(inner)) { continue }
                    if let whereCondition = step.whereCondition, !truth(whereCondition(inner)) { continue }
                    if let range, !range.contains(time) { continue }
                    found += 1
                    last = time
                    if found == needed { break }
                }
                guard found == needed else { return .bool(false) }
                after = last
            }
            return .bool(true)
        }
    }
}
