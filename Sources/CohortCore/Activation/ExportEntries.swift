/// A file destination's member entries computed elsewhere (on Spark) instead of by `AudienceRows.member`:
/// per segment, per current member, its rows (or why it is left out), when it qualified and its
/// deduplication value. The planner renders them exactly as it renders its own.
public struct ExportEntries: Sendable {
    private var members: [String: [String: AudienceIndex.Member]] = [:]

    public init() {}

    /// Adds the entry of `profile` in `segment`; false when `skip` names no reason a member is left out
    /// (`consent`, `mandatory`, `identity`).
    public mutating func add(segment: String, profile: String, rows: [(key: String, values: [Value])], skip: String?,
                             qualifiedAt: Int64, dedupValue: String?) -> Bool {
        var reason: ExportSkip?
        if let skip {
            guard let known = ExportSkip(rawValue: skip) else { return false }
            reason = known
        }
        let exported = rows.map { ExportRow(segment: segment, key: $0.key, values: $0.values) }
        members[segment, default: [:]][profile] = AudienceIndex.Member(rows: exported, skip: reason, qualifiedAt: qualifiedAt,
                                                                       dedupValue: dedupValue)
        return true
    }

    /// The entry of `profile` in `segment`, nil when it is not a current member.
    func member(_ profile: String, of segment: String) -> AudienceIndex.Member? {
        members[segment]?[profile]
    }
}
