/// Every segment of a workspace compiled and ordered so that a segment comes after the segments its
/// `inSegment` calls name; evaluates a profile's memberships in that order.
public struct SegmentSet: Sendable {
    /// A compiled segment and what it depends on.
    public struct Compiled: Sendable {
        public var id: String
        /// The checked expression.
        public var node: PQLNode
        public var program: PQLProgram
        public var dependencies: PQLChecker.Result
        /// Leave out opted-out profiles (AEP's `excludeOptOut`).
        public var excludeOptOut: Bool
        /// Streaming or batch, and why.
        public var eligibility: StreamingEligibility
        /// The id of the merge policy whose profiles the segment is evaluated on.
        public var policy: String
    }

    /// In `inSegment` dependency order (ties by id).
    public let segments: [Compiled]

    /// The segments evaluated under the merge policies of one group, in the same order.
    public func segments(under group: PolicyGroup) -> SegmentSet {
        let ids = group.ids
        return filter { ids.contains($0.policy) }
    }

    /// The segments that satisfy `isIncluded`, in the same order.
    public func filter(_ isIncluded: (Compiled) -> Bool) -> SegmentSet {
        SegmentSet(ordered: segments.filter(isIncluded))
    }

    /// Segments already in dependency order.
    init(ordered: [Compiled]) {
        segments = ordered
    }

    /// Compiles the segments that parse and check cleanly (a workspace that validates has no others).
    public init(workspace: Workspace) {
        let environment = PQLEnvironment(workspace: workspace)
        var compiled: [String: Compiled] = [:]
        for segment in workspace.segments {
            guard case .success(let node) = PQLParser.parse(segment.expression.text) else { continue }
            let result = PQLChecker.check(node, in: environment)
            guard result.errors.isEmpty, let program = try? PQLProgram(node) else { continue }
            compiled[segment.id.value] = Compiled(id: segment.id.value, node: node, program: program, dependencies: result,
                                                  excludeOptOut: segment.excludeOptOut,
                                                  eligibility: StreamingEligibility(isStreaming: true, reason: ""),
                                                  policy: workspace.mergePolicy(of: segment).id.value)
        }
        var ordered: [Compiled] = []
        var placed = Set<String>()
        func place(_ id: String, visiting: Set<String>) {
            guard !placed.contains(id), !visiting.contains(id), let segment = compiled[id] else { return }
            for dependency in segment.dependencies.segments.keys.sorted() { place(dependency, visiting: visiting.union([id])) }
            placed.insert(id)
            var placedSegment = segment
            let modes = Dictionary(uniqueKeysWithValues: ordered.map { ($0.id, $0.eligibility) })
            placedSegment.eligibility = StreamingEligibility.of(segment.node, dependencies: segment.dependencies, modes: modes)
            ordered.append(placedSegment)
        }
        for id in compiled.keys.sorted() { place(id, visiting: []) }
        segments = ordered
    }

    /// Evaluates every segment for `entries` at `now` and records the outcome in `book`; returns how
    /// many profiles entered and exited each segment. `seed` gives a profile's memberships of the
    /// segments these read but do not evaluate (`SegmentPasses`).
    /// Profiles are evaluated on every core, a batch at a time, and recorded in order.
    @discardableResult
    public func evaluate(_ entries: [UnifiedProfiles.Entry], into book: inout MembershipBook, now: Int64,
                         timeZone: String,
                         seed: (@Sendable (UnifiedProfiles.Entry) -> Set<String>)? = nil) -> SegmentChanges {
        var changes: SegmentChanges = [:]
        let ids = segments.map(\.id)
        let evaluated = Set(ids)
        let context = PQLContext(attributes: [:], events: [], now: now, timeZone: timeZone)
        for start in stride(from: 0, to: entries.count, by: Self.batch) {
            let batch = Array(entries[start..<min(entries.count, start + Self.batch)])
            let members = batch.parallelMap { entry in
                var context = context
                context.attributes = entry.profile.packedAttributes
                context.events = entry.eventAttributes
                context.identities = entry.profile.identities
                guard let seed else { return memberships(context, others: entry.otherAttributes) }
                context.memberships = seed(entry)
                return memberships(context, only: evaluated, others: entry.otherAttributes)
            }
            let evaluations = zip(batch, members).compactMap { entry, members in
                entry.profile.identities.first.map { (key: $0.description, members: members) }
            }
            MembershipBook.add(book.record(evaluations, of: ids, now: now), to: &changes)
        }
        return changes
    }

    /// Profiles evaluated before their memberships are recorded: bounds what waits in memory.
    private static let batch = 65_536

    /// The ids of the segments the profile of `context` belongs to. With `only`, just those segments
    /// are evaluated and `context.memberships` must already hold the profile's other segments.
    /// `others`: the profile's attributes under merge policies other than the one of `context`, by id.
    public func memberships(_ context: PQLContext, only: Set<String>? = nil,
                            others: [String: PackedValue] = [:]) -> Set<String> {
        var context = context
        let optedOut = OptOut.isOptedOut(context.attributes)
        for segment in segments where only?.contains(segment.id) ?? true {
            if isMember(segment, context, optedOut: optedOut, others: others) { context.memberships.insert(segment.id) }
        }
        return context.memberships
    }

    /// Whether the profile of `context` is in `segment`, read as the segment's merge policy merges it:
    /// `others` holds its attributes under policies other than the one of `context`.
    func isMember(_ segment: Compiled, _ context: PQLContext, optedOut: Bool, others: [String: PackedValue]) -> Bool {
        // Most workspaces merge under one policy: no lookup then.
        guard !others.isEmpty, let attributes = others[segment.policy] else {
            return !(segment.excludeOptOut && optedOut) && segment.program.matches(context)
        }
        var context = context
        context.attributes = attributes
        return !(segment.excludeOptOut && OptOut.isOptedOut(attributes)) && segment.program.matches(context)
    }
}
