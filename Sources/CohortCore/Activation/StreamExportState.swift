/// A stream destination's lines sent so far (a line replaces the earlier lines it shares an
/// identity with) and its current audience: the profiles that are members of at least one of its
/// segments and may be exported, and the sent line each one matches. Kept between exports in
/// watch mode; a build replays the destination's files into a fresh one.
final class StreamExportState {
    /// One payload line sent before, with the identities it names.
    struct Sent {
        var identities: [String]
        var payload: [String: Value]
    }

    /// A profile in the audience: its exported identities and the segments it is exported for.
    struct Current {
        var profile: Profile
        var identities: [String]
        var segments: Set<String>
    }

    /// Sent lines no later line replaced, by the order they were sent in.
    private(set) var sent: [Int: Sent] = [:]
    private var owner: [String: Int] = [:]
    private var next = 0
    private(set) var current: [String: Current] = [:]
    private(set) var counts: [String: ExportCounts]
    /// Profile key → per segment it is a member of, why it is left out (nil when exported).
    private var standing: [String: [(segment: String, skip: ExportSkip?)]] = [:]
    /// Identity → the profiles in the audience that have it.
    private var holders: [String: Set<String>] = [:]
    /// Profile key → the sent line it matches; line → the profiles matching it.
    private(set) var matched: [String: Int] = [:]
    private(set) var matchers: [Int: Set<String>] = [:]
    /// Profiles whose matching line a newer line replaced or may now be: looked at in the next export.
    var stale = Set<String>()
    /// Lines sent since the audience was last matched: checked in the next export for profiles left.
    var suspects = Set<Int>()

    init(segments: [String]) {
        counts = Dictionary(uniqueKeysWithValues: segments.map { ($0, ExportCounts()) })
    }

    /// Records a line as sent: it replaces every line it shares an identity with. Returns its number.
    func append(_ payload: [String: Value]) -> Int {
        let identities = Self.identities(in: payload)
        for identity in identities {
            guard let replaced = owner[identity], let entry = sent.removeValue(forKey: replaced) else { continue }
            for old in entry.identities { owner[old] = nil }
            for key in matchers.removeValue(forKey: replaced) ?? [] {
                matched[key] = nil
                stale.insert(key)
            }
            suspects.remove(replaced)
        }
        sent[next] = Sent(identities: identities, payload: payload)
        for identity in identities {
            owner[identity] = next
            stale.formUnion(holders[identity] ?? [])
        }
        suspects.insert(next)
        next += 1
        return next - 1
    }

    /// Takes a profile out of the counts and the audience; returns the line it matched.
    func remove(_ key: String) -> Int? {
        for (segment, skip) in standing.removeValue(forKey: key) ?? [] { count(segment, skip, sign: -1) }
        for identity in current.removeValue(forKey: key)?.identities ?? [] {
            holders[identity]?.remove(key)
            if holders[identity]?.isEmpty == true { holders[identity] = nil }
        }
        guard let line = matched.removeValue(forKey: key) else { return nil }
        matchers[line]?.remove(key)
        return line
    }

    /// Puts a profile (just removed) back: where it stands per segment, and `current` when it is in the audience.
    func add(_ key: String, standing: [(segment: String, skip: ExportSkip?)], current profile: Current?) {
        if !standing.isEmpty { self.standing[key] = standing }
        for (segment, skip) in standing { count(segment, skip, sign: 1) }
        guard let profile else { return }
        current[key] = profile
        for identity in profile.identities { holders[identity, default: []].insert(key) }
    }

    /// Matches a profile in the audience with the sent line, among those naming one of its identities,
    /// whose first identity sorts first.
    func match(_ key: String) {
        if let line = matched.removeValue(forKey: key) { matchers[line]?.remove(key) }
        guard let profile = current[key] else { return }
        let line = profile.identities.compactMap { owner[$0] }.min { (sent[$0]?.identities.first ?? "") < (sent[$1]?.identities.first ?? "") }
        guard let line else { return }
        matched[key] = line
        matchers[line, default: []].insert(key)
    }

    private func count(_ segment: String, _ skip: ExportSkip?, sign: Int) {
        counts[segment, default: ExportCounts()].count(skip, sign: sign)
    }

    /// The identities a payload's `identityMap` names, as `NAMESPACE:VALUE`, sorted.
    private static func identities(in payload: [String: Value]) -> [String] {
        guard case .object(let map)? = payload["identityMap"] else { return [] }
        var identities: [String] = []
        for (namespace, values) in map {
            guard case .array(let entries) = values else { continue }
            for case .object(let entry) in entries {
                if case .string(let id)? = entry["id"] { identities.append("\(namespace):\(id)") }
            }
        }
        return identities.sorted()
    }
}
