/// Segments evaluated over the profiles of their merge policy's group (`PolicyGroup`), in
/// `inSegment` dependency order: the segments cut into runs (passes) of one group each. Most
/// workspaces have one group and so one pass.
///
/// A segment may read a segment of another group, whose profiles are keyed differently (a `none`
/// policy has a profile per primary identity, a `pdg` one a profile per graph): a profile is in such
/// a segment when a profile of that group sharing one of its identities is.
public struct SegmentPasses: Sendable {
    /// One run of segments of one group.
    public struct Pass: Sendable {
        /// The index of the group in the groups the passes were made for.
        public var group: Int
        public var segments: SegmentSet
        /// Segments of the same group that earlier passes evaluated (a profile reads them from the book).
        var earlier: Set<String>
        /// Segments of other groups that this pass reads, with their group's index.
        var foreign: [(segment: String, group: Int)]
    }

    public let passes: [Pass]

    /// The passes that evaluate `segments` (in dependency order), some or all of `all`, for profiles of `groups`.
    public init(_ segments: SegmentSet, of all: SegmentSet, groups: [PolicyGroup]) {
        let groupOf = Self.groupIndex(of: all, in: groups)
        var passes: [Pass] = []
        var run: [SegmentSet.Compiled] = []
        var done: [Int: Set<String>] = [:]
        func close() {
            // Every segment's policy is in a group (`PolicyGroup.inUse`); a run is never carried over.
            defer { run = [] }
            guard let first = run.first, let group = groupOf[first.id] else { return }
            let reads = Set(run.flatMap(\.dependencies.segments.keys))
            let foreign = reads.sorted().compactMap { id in
                groupOf[id].flatMap { $0 == group ? nil : (segment: id, group: $0) }
            }
            let earlier = done[group] ?? []
            passes.append(Pass(group: group, segments: SegmentSet(ordered: run), earlier: earlier, foreign: foreign))
            done[group, default: []].formUnion(run.map(\.id))
        }
        for segment in segments.segments {
            if let last = run.last, groupOf[last.id] != groupOf[segment.id] { close() }
            run.append(segment)
        }
        close()
        self.passes = passes
    }

    /// Segments that read, themselves or through `inSegment` of their own group, a segment of another
    /// group: their memberships depend on profiles of another group.
    public static func readingOtherGroups(_ segments: SegmentSet, groups: [PolicyGroup]) -> Set<String> {
        let groupOf = groupIndex(of: segments, in: groups)
        var reading = Set<String>()
        for segment in segments.segments where segment.dependencies.segments.keys.contains(where: { read in
            reading.contains(read) || groupOf[read] != groupOf[segment.id]
        }) {
            reading.insert(segment.id)
        }
        return reading
    }

    /// Each segment's group, by the index of the group holding its policy.
    private static func groupIndex(of segments: SegmentSet, in groups: [PolicyGroup]) -> [String: Int] {
        var groupOf: [String: Int] = [:]
        for segment in segments.segments {
            groupOf[segment.id] = groups.firstIndex { $0.ids.contains(segment.policy) }
        }
        return groupOf
    }

    /// Evaluates every pass over the profiles of its group and records the outcome in `book`; returns
    /// how many profiles entered and exited each segment. `entries` gives a group's profiles, `key` the
    /// key of the profile of a group that holds an identity.
    public func evaluate(entries: (Int) -> [UnifiedProfiles.Entry], key: @escaping @Sendable (Int, Identity) -> String?,
                         into book: inout MembershipBook, now: Int64, timeZone: String) -> SegmentChanges {
        var changes: SegmentChanges = [:]
        for pass in passes {
            var seed: (@Sendable (UnifiedProfiles.Entry) -> Set<String>)?
            if !pass.earlier.isEmpty || !pass.foreign.isEmpty {
                // What earlier passes recorded: this pass changes only its own segments.
                let before = book
                seed = { entry in
                    guard let own = entry.key else { return [] }
                    var seeded = before.segments(of: own).intersection(pass.earlier)
                    for (segment, group) in pass.foreign where entry.profile.identities.contains(where: { identity in
                        key(group, identity).map { before.isMember(segment, key: $0) } ?? false
                    }) {
                        seeded.insert(segment)
                    }
                    return seeded
                }
            }
            let evaluated = pass.segments.evaluate(entries(pass.group), into: &book, now: now, timeZone: timeZone,
                                                   seed: seed)
            MembershipBook.add(evaluated, to: &changes)
        }
        return changes
    }
}
