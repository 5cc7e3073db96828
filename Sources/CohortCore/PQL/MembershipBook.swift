/// How many profiles entered and exited each segment in one evaluation, by segment id.
public typealias SegmentChanges = [String: (entered: Int, exited: Int)]

/// Every profile's membership of every segment, moved on for the profiles an evaluation looks at.
/// A full build evaluates every profile; watch mode only those that changed or whose time came.
public struct MembershipBook: Equatable, Sendable {
    /// Segment id → profile key → membership.
    public private(set) var memberships: [String: [String: Membership]]

    public init(_ memberships: [String: [String: Membership]] = [:]) {
        self.memberships = memberships
    }

    /// The segments a profile is in now (realized or existing).
    public func segments(of key: String) -> Set<String> {
        Set(memberships.compactMap { segment, members in members[key].map { $0.status == .exited ? nil : segment } ?? nil })
    }

    /// Whether profile `key` is in `segment` now (realized or existing).
    public func isMember(_ segment: String, key: String) -> Bool {
        memberships[segment]?[key].map { $0.status != .exited } ?? false
    }

    /// Moves the memberships of profile keys that no longer exist to the key of the profile that now
    /// holds that identity (a merge or split changed its first identity), and lets them exit when no
    /// profile does. Returns how many exited, by segment. With `segments`, only theirs move (the
    /// segments of one merge policy, whose profiles `currentKey` looks in).
    @discardableResult
    public mutating func rekey(_ removed: [String], among segments: Set<String>? = nil, currentKey: (String) -> String?,
                               now: Int64) -> SegmentChanges {
        var changes: SegmentChanges = [:]
        guard !removed.isEmpty else { return changes }
        let gone = Set(removed)
        let targets = Dictionary(removed.map { ($0, currentKey($0)) }, uniquingKeysWith: { first, _ in first })
        // Looks up each removed key and changes the dictionaries in place: a batch costs what it
        // removes, not the size of the segments.
        for segment in memberships.keys.sorted() where segments?.contains(segment) ?? true {
            var moving: [String: Membership] = [:]
            for key in removed {
                if let membership = memberships[segment]?.removeValue(forKey: key) { moving[key] = membership }
            }
            guard !moving.isEmpty else { continue }
            for (key, membership) in Membership.rekeyed(moving, currentKey: { targets[$0] ?? nil }) {
                if gone.contains(key) {
                    if membership.status != .exited { changes[segment, default: (0, 0)].exited += 1 }
                    memberships[segment]?[key] = Membership.after(membership, isMember: false, now: now)
                } else if let existing = memberships[segment]?[key] {
                    memberships[segment]?[key] = Membership.stronger(existing, membership)
                } else {
                    memberships[segment]?[key] = membership
                }
            }
        }
        return changes
    }

    /// Records one evaluation of a profile: `members` are the segments it is in now.
    /// Returns the segments it entered and left.
    @discardableResult
    public mutating func record(_ key: String, in members: Set<String>, of segments: [String], now: Int64) -> (entered: [String], exited: [String]) {
        var entered: [String] = []
        var exited: [String] = []
        for segment in segments {
            let before = memberships[segment]?[key]
            let after = Membership.after(before, isMember: members.contains(segment), now: now)
            if after?.status == .realized && before?.status != .realized { entered.append(segment) }
            if after?.status == .exited && before.map({ $0.status != .exited }) ?? false { exited.append(segment) }
            memberships[segment, default: [:]][key] = after
        }
        return (entered, exited)
    }

    /// Records one evaluation of many profiles (each key with the segments it is in now), as
    /// `record(_:in:of:now:)` does one by one, but a segment at a time: each segment's table is
    /// found once per batch instead of once per profile. Returns how many entered and exited, by segment.
    @discardableResult
    public mutating func record(_ evaluations: [(key: String, members: Set<String>)], of segments: [String],
                                now: Int64) -> SegmentChanges {
        var changes: SegmentChanges = [:]
        for segment in segments {
            var table = memberships.removeValue(forKey: segment) ?? [:]
            var (entered, exited) = (0, 0)
            for (key, members) in evaluations {
                let index = table.index(forKey: key)
                let before = index.map { table.values[$0] }
                let after = Membership.after(before, isMember: members.contains(segment), now: now)
                if after?.status == .realized && before?.status != .realized { entered += 1 }
                if after?.status == .exited && before.map({ $0.status != .exited }) ?? false { exited += 1 }
                switch (index, after) {
                case (let index?, let after?): table.values[index] = after
                case (let index?, nil): table.remove(at: index)
                case (nil, let after?): table[key] = after
                case (nil, nil): break
                }
            }
            memberships[segment] = table
            if entered + exited > 0 { changes[segment] = (entered, exited) }
        }
        return changes
    }

    /// Adds counts of entries and exits per segment to `total`.
    public static func add(_ changes: SegmentChanges, to total: inout SegmentChanges) {
        for (segment, change) in changes {
            total[segment, default: (0, 0)].entered += change.entered
            total[segment, default: (0, 0)].exited += change.exited
        }
    }

    /// The keys among `keys` whose membership of some segment differs between `before` and `after`
    /// (segment id → profile key → membership). It looks at the memberships each side holds, not at
    /// every key in every segment: a batch costs its memberships, not its profiles times the segments.
    public static func changedKeys(from before: [String: [String: Membership]], to after: [String: [String: Membership]],
                                   among keys: Set<String>) -> Set<String> {
        var changed = Set<String>()
        for (segment, members) in after {
            let old = before[segment]
            for (key, membership) in members where old?[key] != membership && keys.contains(key) { changed.insert(key) }
        }
        for (segment, members) in before {
            let new = after[segment]
            for key in members.keys where new?[key] == nil && keys.contains(key) { changed.insert(key) }
        }
        return changed
    }

    /// Drops exited memberships older than the retention, and segments no longer defined.
    public mutating func prune(segments: Set<String>, now: Int64) {
        memberships = memberships.filter { segments.contains($0.key) }
        for segment in memberships.keys {
            memberships[segment] = memberships[segment]?.filter { _, membership in
                membership.status != .exited || now - membership.lastQualificationTime < Membership.exitedRetention
            }
        }
    }
}
