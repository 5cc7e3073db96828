/// The rows a file destination exports for one segment: one per value of the export identity of
/// each eligible member, deduplicated, sorted by key; with the counts of who was left out and why.
public struct SegmentAudience: Equatable, Sendable {
    public var segment: String
    public var rows: [ExportRow]
    public var counts: ExportCounts

    /// `incumbents` are the rows exported last time: when deduplication must choose between
    /// profiles that qualified at the same moment, the one already exported stays.
    init(segment: String, destination: Destination, identity: ExportIdentity, layout: ExportLayout,
         deduplication: Deduplication, input: ActivationInput, incumbents: Set<ExportRow.RowID>, cache: ExportCache?) {
        self.segment = segment
        let eligibility = ExportEligibility(destination: destination)
        var counts = ExportCounts()
        var candidates: [Candidate] = []
        let audience = ExportCache.audience(destination.id.value, segment)
        for member in input.members(of: segment) {
            counts.members += 1
            let make = { () -> ExportCache.Member in
                let values = member.profile.identities.filter { $0.namespace == identity.namespace }.map(\.id)
                if let skip = eligibility.skip(member.profile, identities: values) { return ExportCache.Member(rows: [], skip: skip) }
                return ExportCache.Member(rows: values.map {
                    Self.row(segment: segment, key: identity.exported($0), profile: member.profile, layout: layout)
                }, skip: nil)
            }
            let rows = cache?.member(audience, member.key, make: make) ?? make()
            if let skip = rows.skip {
                ExportEligibility.count(skip, in: &counts)
                continue
            }
            for row in rows.rows {
                candidates.append(Candidate(row: row, profile: member.profile, profileKey: member.key,
                                            qualifiedAt: member.membership.lastQualificationTime, isIncumbent: incumbents.contains(row.id)))
            }
        }
        let kept = deduplication.apply(candidates)
        counts.deduplicated = candidates.count - kept.count
        counts.exported = kept.count
        rows = kept.map(\.row).sorted(by: ExportRow.ordered)
        self.counts = counts
    }

    /// A member's row: the exported identity, the segment, `realized`, then each mapped attribute.
    static func row(segment: String, key: String, profile: Profile, layout: ExportLayout) -> ExportRow {
        let values = layout.columns.map { column -> Value in
            switch column {
            case .identity: return .string(key)
            case .segment: return .string(segment)
            case .status: return .string(Membership.Status.realized.rawValue)
            case .attribute(let path): return profile.packedAttributes.value(at: path) ?? .null
            }
        }
        return ExportRow(segment: segment, key: key, values: values)
    }

    /// A row that may be exported, with what deduplication chooses by.
    struct Candidate {
        var row: ExportRow
        var profile: Profile
        var profileKey: String
        var qualifiedAt: Int64
        var isIncumbent: Bool

        /// Most recently qualified first, then the row exported last time, then by key and profile.
        func isPreferred(over other: Candidate) -> Bool {
            if qualifiedAt != other.qualifiedAt { return qualifiedAt > other.qualifiedAt }
            if isIncumbent != other.isIncumbent { return isIncumbent }
            if row.key != other.row.key { return row.key < other.row.key }
            return profileKey < other.profileKey
        }
    }
}

/// AEP's deduplication key: rows with the same key value keep one row, the most recently qualified
/// profile's; between profiles that qualified at the same moment the row exported last time stays,
/// then the smallest export key. Rows with the same export key are always one row.
struct Deduplication {
    private enum Key {
        case namespace(String)
        case attributes([[UInt32]])
    }

    private let key: Key?
    private let identityNamespace: String

    init(_ dedupKey: [String], namespaces: Set<String>, identityNamespace: String) {
        self.identityNamespace = identityNamespace
        if dedupKey.count == 1, namespaces.contains(dedupKey[0]) {
            key = .namespace(dedupKey[0])
        } else if dedupKey.isEmpty {
            key = nil
        } else {
            key = .attributes(dedupKey.map(PackedValue.path))
        }
    }

    func apply(_ candidates: [SegmentAudience.Candidate]) -> [SegmentAudience.Candidate] {
        var byKey: [String: SegmentAudience.Candidate] = [:]
        for candidate in candidates {
            if let current = byKey[candidate.row.key], !candidate.isPreferred(over: current) { continue }
            byKey[candidate.row.key] = candidate
        }
        var kept: [SegmentAudience.Candidate] = []
        var byValue: [String: SegmentAudience.Candidate] = [:]
        for candidate in byKey.values {
            guard let value = dedupValue(of: candidate) else {
                kept.append(candidate)
                continue
            }
            if let current = byValue[value], !candidate.isPreferred(over: current) { continue }
            byValue[value] = candidate
        }
        return kept + byValue.values
    }

    /// The row's value of the deduplication key, or nil when it has none (such rows are all kept).
    private func dedupValue(of candidate: SegmentAudience.Candidate) -> String? {
        switch key {
        case nil:
            return nil
        case .namespace(let namespace) where namespace == identityNamespace:
            return nil
        case .namespace(let namespace):
            return candidate.profile.identities.first { $0.namespace == namespace }?.id
        case .attributes(let paths):
            let values = paths.map { candidate.profile.packedAttributes.value(at: $0) ?? .null }
            return values.allSatisfy({ $0 == .null }) ? nil : JSONWriter.string(.array(values))
        }
    }
}
