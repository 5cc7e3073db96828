/// What activation reads of a build: every profile by its key and every segment's memberships.
public struct ActivationInput: Sendable {
    /// The profile of a key (the profile's first identity, as memberships are keyed).
    public let profile: @Sendable (String) -> Profile?
    /// Segment id → profile key → membership.
    public let memberships: [String: [String: Membership]]
    /// When segments were evaluated (ms): the qualification time of memberships that changed now.
    public let evaluatedAt: Int64
    /// For segments evaluated under another merge policy than the default, by segment id: the profile
    /// of a key as that policy merges it (their memberships are keyed by those profiles).
    public var otherPolicies: [String: @Sendable (String) -> Profile?] = [:]
    /// File destinations whose rows were computed elsewhere (on Spark), by destination id: their planners take
    /// these entries instead of making them from the profiles.
    public var exportEntries: [String: ExportEntries] = [:]

    public init(profiles: [Profile], memberships: [String: [String: Membership]], evaluatedAt: Int64) {
        self.init(profile: Self.lookup(profiles), memberships: memberships, evaluatedAt: evaluatedAt)
    }

    /// Profiles looked up where they already are (the store), without copying them.
    public init(profile: @escaping @Sendable (String) -> Profile?, memberships: [String: [String: Membership]], evaluatedAt: Int64) {
        self.profile = profile
        self.memberships = memberships
        self.evaluatedAt = evaluatedAt
    }

    /// The profile of a key as the merge policy of `segment` makes it: what a segment's rows export.
    public func profile(_ key: String, in segment: String) -> Profile? {
        (otherPolicies[segment] ?? profile)(key)
    }

    /// Profiles by key (their first identity).
    public static func lookup(_ profiles: [Profile]) -> @Sendable (String) -> Profile? {
        var byKey: [String: Profile] = [:]
        for profile in profiles {
            guard let key = profile.identities.first?.description else { continue }
            byKey[key] = profile
        }
        let lookup = byKey
        return { lookup[$0] }
    }
}

/// How many profiles of a segment a destination exported, and how many it left out and why.
public struct ExportCounts: Equatable, Sendable {
    /// Profiles in the segment.
    public var members = 0
    /// Rows exported (one per value of the export identity, after deduplication).
    public var exported = 0
    /// Profiles left out because their consent does not allow this destination.
    public var consent = 0
    /// Profiles left out because they lack a mandatory attribute.
    public var mandatory = 0
    /// Profiles left out because they have no value of the export identity.
    public var identity = 0
    /// Rows dropped because another row had the same deduplication key.
    public var deduplicated = 0

    public init() {}

    /// Counts a member in (`sign` 1) or out (−1): exported when `skip` is nil, else under its reason.
    mutating func count(_ skip: ExportSkip?, sign: Int = 1) {
        members += sign
        switch skip {
        case .consent?: consent += sign
        case .mandatory?: mandatory += sign
        case .identity?: identity += sign
        case nil: exported += sign
        }
    }
}

extension Destination {
    /// The destination's segments, each once, in the order it lists them.
    public var distinctSegments: [String] {
        var seen = Set<String>()
        return segments.map(\.value).filter { seen.insert($0).inserted }
    }
}

/// Why a profile is not exported, checked in this order.
enum ExportSkip: String, Sendable {
    case consent, mandatory, identity
}

/// The checks every destination applies to a member before exporting it.
struct ExportEligibility {
    let destination: Destination
    private let mandatoryPaths: [[UInt32]]
    private let consentPath: [UInt32]?

    init(destination: Destination) {
        self.destination = destination
        mandatoryPaths = destination.mandatory.map { PackedValue.path($0.value) }
        consentPath = destination.consent.map { PackedValue.path($0.path.value) }
    }

    /// Nil when the profile may be exported, else the first reason it may not.
    func skip(_ profile: Profile, identities: [String]) -> ExportSkip? {
        if let consent = destination.consent, let path = consentPath {
            guard case .string(let answer)? = profile.packedAttributes.value(at: path), consent.allow.contains(answer) else { return .consent }
        }
        for path in mandatoryPaths {
            switch profile.packedAttributes.value(at: path) {
            case nil, .null?: return .mandatory
            case .string(let text)? where text.isEmpty: return .mandatory
            default: continue
            }
        }
        if identities.isEmpty { return .identity }
        return nil
    }
}
