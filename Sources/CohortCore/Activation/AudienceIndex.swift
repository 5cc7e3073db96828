/// The rows a file destination exports for one segment, kept up to date profile by profile: one row
/// per value of the export identity of each eligible member, deduplicated, with the counts of who
/// was left out and why. An update costs what the profiles it names touch, not the segment's size
/// (only when the exported row of a deduplication group itself changes is that group searched
/// again), so the store keeps each segment's index between exports and an export updates the slice
/// its changed profiles reach (`init(segment:restoring:isIncumbent:)`).
final class AudienceIndex {
    let segment: String
    /// The rows exported, by key.
    private(set) var kept: [String: ExportRow] = [:]
    private var members: [String: Member] = [:]
    /// Row key → the profiles with a row of that key (usually one).
    private var contenders: [String: [String]] = [:]
    /// Row key → the profile whose row of that key stands, before deduplication by value.
    private var keyWinners: [String: Contender] = [:]
    /// Deduplication value → the row keys whose standing row has it, and the one exported.
    private var valueGroups: [String: Set<String>] = [:]
    private var valueWinners: [String: String] = [:]
    private var tally = ExportCounts()
    private var rowCount = 0
    /// Rows exported that this index does not hold (it holds a slice of an audience the store keeps).
    private var keptElsewhere = 0
    /// The keys of `kept`, sorted, once someone asked for them (kept sorted from then on).
    private var order: [String]?

    init(segment: String) {
        self.segment = segment
    }

    /// The slice of a stored audience an update of the profiles it names reads: their entries, and
    /// every contender and deduplication group of the rows they have or had. `isIncumbent` tells the
    /// rows exported last time (the slice's `kept`).
    init(segment: String, restoring slice: AudienceSlice, isIncumbent: (String) -> Bool) {
        self.segment = segment
        members = slice.members
        contenders = slice.contenders
        kept = slice.kept
        for (rowKey, profiles) in slice.contenders {
            keyWinners[rowKey] = best(profiles.compactMap { contender(rowKey, of: $0) }, isIncumbent: isIncumbent)
        }
        valueGroups = slice.groups
        for (value, group) in slice.groups {
            valueWinners[value] = group.first { kept[$0] != nil }
        }
        tally = slice.counts
        rowCount = slice.counts.exported + slice.counts.deduplicated
        keptElsewhere = slice.counts.exported - kept.count
    }

    /// A member's rows (or the reason it is left out) and what deduplication chooses by.
    struct Member {
        var rows: [ExportRow]
        var skip: ExportSkip?
        var qualifiedAt: Int64
        var dedupValue: String?
    }

    /// A profile's row standing for its key: most recently qualified first, then the row exported
    /// last time, then by key and profile.
    struct Contender {
        var row: ExportRow
        var profile: String
        var qualifiedAt: Int64
        var dedupValue: String?

        func isPreferred(over other: Contender, isIncumbent: (String) -> Bool) -> Bool {
            if qualifiedAt != other.qualifiedAt { return qualifiedAt > other.qualifiedAt }
            let (mine, theirs) = (isIncumbent(row.key), isIncumbent(other.row.key))
            if mine != theirs { return mine }
            if row.key != other.row.key { return row.key < other.row.key }
            return profile < other.profile
        }
    }

    /// Who was exported and who was left out; rows exported and deduplicated come from the rows kept.
    var counts: ExportCounts {
        var counts = tally
        counts.exported = kept.count + keptElsewhere
        counts.deduplicated = rowCount - counts.exported
        return counts
    }

    /// The entry of a profile, if it is a member.
    func member(_ profile: String) -> Member? { members[profile] }

    /// Every profile with an entry, and every row key some member has: what a full index holds.
    var profiles: Dictionary<String, Member>.Keys { members.keys }
    var rowKeys: Dictionary<String, Contender>.Keys { keyWinners.keys }

    /// The deduplication value of the row standing for `rowKey` (nil when none stands, or it has none).
    func standingValue(_ rowKey: String) -> String?? {
        keyWinners[rowKey].map(\.dedupValue)
    }

    /// The exported rows in file order (by key).
    var orderedRows: [ExportRow] {
        let keys = order ?? kept.keys.sorted()
        order = keys
        return keys.map { kept[$0]! }
    }

    /// Brings the profiles `keys` up to date: `member` gives a current member's entry, nil for a
    /// profile that is not (or no longer) a member. `isIncumbent` tells the rows exported last time.
    /// Returns the row keys whose exported row may have changed.
    func update(_ keys: some Sequence<String>, member: (String) -> Member?, isIncumbent: (String) -> Bool) -> Set<String> {
        var touched = Set<String>()
        for key in keys {
            if let old = members.removeValue(forKey: key) {
                count(old, sign: -1)
                for row in old.rows {
                    contenders[row.key]?.removeAll { $0 == key }
                    if contenders[row.key]?.isEmpty == true { contenders[row.key] = nil }
                    touched.insert(row.key)
                }
            }
            guard let new = member(key) else { continue }
            members[key] = new
            count(new, sign: 1)
            for row in new.rows {
                contenders[row.key, default: []].append(key)
                touched.insert(row.key)
            }
        }
        var wasKept = Set(touched.filter { kept[$0] != nil })
        var changed = touched
        // First one row per key, then one per deduplication value among those.
        var arrivals: [String: [String]] = [:]
        for rowKey in touched {
            if let value = keyWinners[rowKey]?.dedupValue {
                valueGroups[value]?.remove(rowKey)
                if arrivals[value] == nil { arrivals[value] = [] }
            }
            let winner = best(contenders[rowKey, default: []].compactMap { contender(rowKey, of: $0) }, isIncumbent: isIncumbent)
            keyWinners[rowKey] = winner
            kept[rowKey] = winner?.dedupValue == nil ? winner?.row : nil
            if let winner, let value = winner.dedupValue {
                valueGroups[value, default: []].insert(rowKey)
                arrivals[value, default: []].append(rowKey)
            }
        }
        for (value, arrived) in arrivals {
            let group = valueGroups[value, default: []]
            let standing = valueWinners[value]
            let winner: String?
            if group.isEmpty {
                valueGroups[value] = nil
                winner = nil
            } else if let standing, group.contains(standing), !touched.contains(standing) {
                // The rows that lost before still lose (the standing row was exported, so it wins
                // ties): only rows that changed can outrank it.
                winner = best(([standing] + arrived).compactMap { keyWinners[$0] }, isIncumbent: isIncumbent)?.row.key
            } else {
                winner = best(group.compactMap { keyWinners[$0] }, isIncumbent: isIncumbent)?.row.key
            }
            valueWinners[value] = winner
            for rowKey in [standing, winner].compactMap({ $0 }) where group.contains(rowKey) {
                let row = rowKey == winner ? keyWinners[rowKey]?.row : nil
                guard kept[rowKey] != row else { continue }
                if !touched.contains(rowKey), kept[rowKey] != nil { wasKept.insert(rowKey) }
                changed.insert(rowKey)
                kept[rowKey] = row
            }
        }
        reorder(changed, wasKept: wasKept)
        return changed
    }

    private func contender(_ rowKey: String, of profile: String) -> Contender? {
        guard let member = members[profile], let row = member.rows.first(where: { $0.key == rowKey }) else { return nil }
        return Contender(row: row, profile: profile, qualifiedAt: member.qualifiedAt, dedupValue: member.dedupValue)
    }

    private func best(_ contenders: [Contender], isIncumbent: (String) -> Bool) -> Contender? {
        contenders.reduce(nil) { best, next in
            guard let best else { return next }
            return next.isPreferred(over: best, isIncumbent: isIncumbent) ? next : best
        }
    }

    private func count(_ member: Member, sign: Int) {
        tally.count(member.skip, sign: sign)
        rowCount += sign * member.rows.count
    }

    /// Keeps `order` sorted after keys of `changed` entered or left `kept`.
    private func reorder(_ changed: Set<String>, wasKept: Set<String>) {
        guard let current = order else { return }
        let isKept = Set(changed.filter { kept[$0] != nil })
        let added = isKept.subtracting(wasKept).sorted()
        let removed = wasKept.subtracting(isKept)
        guard !added.isEmpty || !removed.isEmpty else { return }
        var merged: [String] = []
        merged.reserveCapacity(current.count + added.count)
        var next = added.startIndex
        for key in current where !removed.contains(key) {
            while next < added.endIndex, added[next] < key {
                merged.append(added[next])
                next += 1
            }
            merged.append(key)
        }
        merged.append(contentsOf: added[next...])
        order = merged
    }
}

/// How a file destination turns a member into rows: its export identity's values, the eligibility
/// checks, the columns and the deduplication key.
struct AudienceRows {
    let destination: Destination
    let identity: ExportIdentity
    let layout: ExportLayout
    let eligibility: ExportEligibility
    let deduplication: Deduplication
    /// Per column of the layout, the preset column that normalizes an attribute's value (presets only).
    var attributeNormalization: [DestinationPreset.Column?] = []
    var defaultCountry: String?

    /// The entry of profile `key` in `segment`, or nil when it is not a current member.
    func member(_ key: String, of segment: String, in input: ActivationInput) -> AudienceIndex.Member? {
        guard let membership = input.memberships[segment]?[key], membership.status != .exited,
              let profile = input.profile(key, in: segment) else { return nil }
        let keys = profile.identities.filter { $0.namespace == identity.namespace }
            .compactMap { identity.exported($0.id) }
        if let skip = eligibility.skip(profile, identities: keys) {
            return AudienceIndex.Member(rows: [], skip: skip, qualifiedAt: membership.lastQualificationTime, dedupValue: nil)
        }
        let rows = keys.map { row(segment: segment, key: $0, profile: profile) }
        return AudienceIndex.Member(rows: rows, skip: nil, qualifiedAt: membership.lastQualificationTime,
                                    dedupValue: deduplication.value(of: profile))
    }

    /// A member's row: the exported identity, the segment, `realized`, then each mapped attribute
    /// (normalized as a preset's column says).
    func row(segment: String, key: String, profile: Profile) -> ExportRow {
        let values = layout.columns.enumerated().map { index, column -> Value in
            switch column {
            case .identity: return .string(key)
            case .segment: return .string(segment)
            case .status: return .string(Membership.Status.realized.rawValue)
            case .constant(let text): return text.isEmpty ? .null : .string(text)
            case .attribute(let path):
                let value = profile.packedAttributes.value(at: path) ?? .null
                guard index < attributeNormalization.count, let column = attributeNormalization[index] else { return value }
                return Self.text(of: value).flatMap { column.exported($0, defaultCountry: defaultCountry) }.map(Value.string) ?? .null
            }
        }
        return ExportRow(segment: segment, key: key, values: values)
    }

    /// A scalar's text as a platform file writes it; nil for null, arrays and objects.
    private static func text(of value: Value) -> String? {
        switch value {
        case .string(let text): return text
        case .integer, .number, .bool: return JSONWriter.string(value)
        case .null, .array, .object: return nil
        }
    }
}

/// AEP's deduplication key: rows with the same key value keep one row, the most recently qualified
/// profile's; between profiles that qualified at the same moment the row exported last time stays,
/// then the smallest export key. Rows with the same export key are always one row.
struct Deduplication {
    enum Key {
        case namespace(String)
        /// Attribute paths, as text and as name ids.
        case attributes([String], [[UInt32]])
    }

    let key: Key?

    init(_ dedupKey: [String], namespaces: Set<String>, identityNamespace: String) {
        if dedupKey.count == 1, namespaces.contains(dedupKey[0]) {
            // The export identity's own namespace: rows with the same key are one row already.
            key = dedupKey[0] == identityNamespace ? nil : .namespace(dedupKey[0])
        } else if dedupKey.isEmpty {
            key = nil
        } else {
            key = .attributes(dedupKey, dedupKey.map(PackedValue.path))
        }
    }

    /// The profile's value of the deduplication key, or nil when it has none (its rows are all kept).
    func value(of profile: Profile) -> String? {
        switch key {
        case nil:
            return nil
        case .namespace(let namespace):
            return profile.identities.first { $0.namespace == namespace }?.id
        case .attributes(_, let paths):
            let values = paths.map { profile.packedAttributes.value(at: $0) ?? .null }
            return values.allSatisfy({ $0 == .null }) ? nil : JSONWriter.string(.array(values))
        }
    }
}
