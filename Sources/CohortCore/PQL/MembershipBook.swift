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

    /// Moves the memberships of profile keys that no longer exist to the key of the profile that now
    /// holds that identity (a merge or split changed its first identity), and lets them exit when no
    /// profile does.
    public mutating func rekey(_ removed: [String], currentKey: (String) -> String?, now: Int64) {
        guard !removed.isEmpty else { return }
        let gone = Set(removed)
        for segment in memberships.keys.sorted() {
            guard var members = memberships[segment], members.keys.contains(where: gone.contains) else { continue }
            let moving = members.filter { gone.contains($0.key) }
            for key in moving.keys { members[key] = nil }
            for (key, membership) in Membership.rekeyed(moving, currentKey: { currentKey($0) }) {
                if gone.contains(key) {
                    members[key] = Membership.after(membership, isMember: false, now: now)
                } else if let existing = members[key] {
                    members[key] = Membership.stronger(existing, membership)
                } else {
                    members[key] = membership
                }
            }
            memberships[segment] = members
        }
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
