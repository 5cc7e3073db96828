/// The identity a record belongs to (SPEC §7): its profile is the profile of that identity's graph,
/// and its links are drawn from it.
///
/// A profile record belongs to its primary identity. An event belongs to its highest-priority
/// identity among those that link (lower `priority` first; between equal priorities the record's
/// primary, then the record's order), as AEP's Real-Time Customer Profile picks an experience
/// event's primary identity by namespace priority: a login event on a shared tablet stays with the
/// person who logged in, whoever the tablet's cookie follows later. An event without a linking
/// identity belongs to its primary identity.
public struct RecordAnchor: Sendable {
    /// The priority of each namespace that links.
    private let priority: [String: Int]

    public init(namespaces: [Namespace]) {
        let linking = namespaces.filter(\.type.links).map { ($0.id.value, $0.priority) }
        priority = Dictionary(linking, uniquingKeysWith: { first, _ in first })
    }

    /// The anchor of a record with these identities; nil when it has no primary and no linking identity.
    public func anchor(identities: [Identity], primary: Identity?, isEvent: Bool) -> Identity? {
        guard isEvent else { return primary }
        // The common anonymous event: its one identity is its primary, whatever its namespace.
        if identities.count == 1, identities[0] == primary { return primary }
        var best: Identity?
        var bestRank = (Int.max, Int.max)
        for identity in identities {
            guard let priority = priority[identity.namespace] else { continue }
            let rank = (priority, identity == primary ? 0 : 1)
            if rank < bestRank {
                best = identity
                bestRank = rank
            }
        }
        return best ?? primary
    }

    /// The anchor of a stored record.
    public func anchor(of record: StoredRecord) -> Identity? {
        anchor(identities: record.identities, primary: record.primary, isEvent: record.isEvent)
    }
}
