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
            if let existing = moved[target], !membership.staysOver(existing) { continue }
            moved[target] = membership
        }
        return moved
    }

    /// Between two memberships of one merged profile: being in beats having left; among members the
    /// earlier entry wins, among exits the later one.
    private func staysOver(_ other: Membership) -> Bool {
        switch (status == .exited, other.status == .exited) {
        case (false, true): return true
        case (true, false): return false
        case (false, false): return lastQualificationTime < other.lastQualificationTime
        case (true, true): return lastQualificationTime > other.lastQualificationTime
        }
    }

    /// The memberships of one segment after an evaluation, from the previous ones and the current members.
    public static func next(previous: [String: Membership], members: Set<String>, now: Int64) -> [String: Membership] {
        var next: [String: Membership] = [:]
        for profile in members {
            if let before = previous[profile], before.status != .exited {
                next[profile] = Membership(status: .existing, lastQualificationTime: before.lastQualificationTime)
            } else {
                next[profile] = Membership(status: .realized, lastQualificationTime: now)
            }
        }
        for (profile, before) in previous where !members.contains(profile) {
            switch before.status {
            case .realized, .existing:
                next[profile] = Membership(status: .exited, lastQualificationTime: now)
            case .exited where now - before.lastQualificationTime < exitedRetention:
                next[profile] = before
            case .exited:
                break
            }
        }
        return next
    }
}

/// AEP's opt-out for segments with `excludeOptOut`: a marketing consent answered no.
public enum OptOut {
    public static func isOptedOut(_ attributes: [String: Value]) -> Bool {
        guard case .object(let consents)? = attributes["consents"], case .object(let marketing)? = consents["marketing"] else { return false }
        return marketing.values.contains { channel in
            guard case .object(let fields) = channel, case .string(let value)? = fields["val"] else { return false }
            return value == "n" || value == "dn"
        }
    }
}
