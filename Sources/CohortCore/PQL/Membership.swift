/// A profile's membership of one segment (SPEC §2.5): `realized` when it entered in this evaluation,
/// `existing` while it stays, `exited` when it left (kept for 30 days), with when it last changed.
public struct Membership: Equatable, Sendable {
    public enum Status: String, Sendable {
        case realized, existing, exited
    }

    public var status: Status
    /// Milliseconds: when the profile entered (realized/existing) or left (exited).
    public var lastQualificationTime: Int64

    public init(status: Status, lastQualificationTime: Int64) {
        self.status = status
        self.lastQualificationTime = lastQualificationTime
    }

    public static let exitedRetention: Int64 = 30 * 86_400_000

    /// Previous memberships moved to the keys profiles have now. A profile's key is its first
    /// identity, so a merge or split can change it; `currentKey` maps an old key (an identity) to the
    /// key of the profile holding that identity now. When profiles merge, the membership that has
    /// been in longest stays; a key whose identity is gone keeps its membership (and exits).
    public static func rekeyed(_ previous: [String: Membership], currentKey: (String) -> String?) -> [String: Membership] {
        var moved: [String: Membership] = [:]
        for key in previous.keys.sorted() {
            guard let membership = previous[key] else { continue }
            let target = currentKey(key) ?? key
            if let existing = moved[target] {
                moved[target] = stronger(existing, membership)
            } else {
                moved[target] = membership
            }
        }
        return moved
    }

    /// Between two memberships of one merged profile: being in beats having left; among members the
    /// earlier entry wins, among exits the later one.
    static func stronger(_ lhs: Membership, _ rhs: Membership) -> Membership {
        switch (lhs.status == .exited, rhs.status == .exited) {
        case (false, true): return lhs
        case (true, false): return rhs
        case (false, false): return lhs.lastQualificationTime <= rhs.lastQualificationTime ? lhs : rhs
        case (true, true): return lhs.lastQualificationTime >= rhs.lastQualificationTime ? lhs : rhs
        }
    }

    /// A membership after one evaluation: entering is `realized`, staying keeps the entry time as
    /// `existing`, leaving is `exited`; an exit is forgotten after 30 days.
    public static func after(_ before: Membership?, isMember: Bool, now: Int64) -> Membership? {
        switch (before?.status, isMember) {
        case (.realized?, true), (.existing?, true):
            return Membership(status: .existing, lastQualificationTime: before?.lastQualificationTime ?? now)
        case (nil, true), (.exited?, true):
            return Membership(status: .realized, lastQualificationTime: now)
        case (.realized?, false), (.existing?, false):
            return Membership(status: .exited, lastQualificationTime: now)
        case (.exited?, false):
            guard let before, now - before.lastQualificationTime < exitedRetention else { return nil }
            return before
        case (nil, false):
            return nil
        }
    }
}

/// AEP's opt-out for segments with `excludeOptOut`: a marketing consent answered no.
public enum OptOut {
    public static func isOptedOut(_ attributes: PackedValue) -> Bool {
        guard let marketing = attributes.member(consents)?.member(self.marketing), marketing.isObject else { return false }
        return marketing.members.contains { channel in
            let value = channel.value.member(val)?.stringValue
            return value == "n" || value == "dn"
        }
    }

    private static let consents = FieldNames.id(of: "consents")
    private static let marketing = FieldNames.id(of: "marketing")
    private static let val = FieldNames.id(of: "val")
}
