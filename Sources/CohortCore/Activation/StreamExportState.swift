/// A stream destination's lines sent so far (a line replaces the earlier lines it shares an
/// identity with) and its current audience: the profiles that are members of at least one of its
/// segments and may be exported, and the sent line each one matches. Without a store it is worked
/// out whole by replaying the destination's files; with one (`StreamStore`) it reads the pieces an
/// export reaches as it needs them, and hands back the pieces it changed (`changes()`).
final class StreamExportState {
    /// One payload line sent before, with the identities it names. The payload is kept as bytes
    /// (`AudienceCoding`) and read when an export needs it: most lines are never looked at again.
    struct Sent {
        var identities: [String]
        var bytes: [UInt8]

        init(identities: [String], payload: [String: Value]) {
            self.identities = identities
            bytes = AudienceCoding.encode([.object(payload)])
        }

        init(identities: [String], bytes: [UInt8]) {
            self.identities = identities
            self.bytes = bytes
        }

        /// The payload; bytes this state did not write read as empty.
        var payload: [String: Value] {
            guard case .object(let payload)? = AudienceCoding.decodeValues(bytes)?.first else { return [:] }
            return payload
        }
    }

    /// A profile in the audience: its exported identities and the segments it is exported for.
    struct Current {
        var identities: [String]
        var segments: Set<String>
    }

    /// Where the pieces not read yet are (nil: the whole state is here).
    private let store: StreamStore?
    /// Some stored bytes could not be read back: this is not the state, which must be worked out afresh.
    private(set) var isDamaged = false

    /// Sent lines no later line replaced, by the order they were sent in.
    private var sent: [Int: Sent] = [:]
    private var owner: [String: Int] = [:]
    private var next = 0
    private var current: [String: Current] = [:]
    private(set) var counts: [String: ExportCounts]
    /// Profile key → per segment it is a member of, why it is left out (nil when exported).
    private var standing: [String: [(segment: String, skip: ExportSkip?)]] = [:]
    /// Identity → the profiles in the audience that have it.
    private var holders: [String: Set<String>] = [:]
    /// Profile key → the sent line it matches; line → the profiles matching it.
    private var matched: [String: Int] = [:]
    private var matchers: [Int: Set<String>] = [:]
    /// Profiles whose matching line a newer line replaced or may now be: looked at in the next export.
    var stale = Set<String>()
    /// Lines sent since the audience was last matched: checked in the next export for profiles left.
    var suspects = Set<Int>()

    /// With a store: what has been read from it (the maps above are complete for these) and what changed since.
    private var read = Pieces()
    private var changed = Pieces()
    /// The identities each profile read from the store held there.
    private var storedIdentities: [String: [String]] = [:]

    private struct Pieces {
        var profiles = Set<String>()
        var lines = Set<Int>()
        /// Identities whose owning line is known (`owner`), and whose holders are (`holders`).
        var owners = Set<String>()
        var holders = Set<String>()
        /// Lines whose matching profiles are all known (`matchers`).
        var matchers = Set<Int>()
    }

    init(segments: [String]) {
        store = nil
        counts = Dictionary(uniqueKeysWithValues: segments.map { ($0, ExportCounts()) })
    }

    /// The state `store` keeps, read piece by piece as the export needs it; nil when its own values
    /// cannot be read back.
    init?(store: StreamStore, segments: [String]) {
        self.store = store
        counts = Dictionary(uniqueKeysWithValues: segments.map { ($0, ExportCounts()) })
        guard decodeTotals(store.totals) else { return nil }
        stale = store.due
    }

    // MARK: The state as an export sees it

    func current(of key: String) -> Current? {
        loadProfiles([key])
        return current[key]
    }

    func matchedLine(of key: String) -> Int? {
        loadProfiles([key])
        return matched[key]
    }

    func sentLine(_ line: Int) -> Sent? {
        loadLines([line])
        return sent[line]
    }

    /// Those of `lines` that a profile in the audience matches. Profiles not read from the store
    /// match what their stored pieces say; those not even read are not read for this.
    func matchedLines(_ lines: Set<Int>) -> Set<Int> {
        var result = lines.filter { !(matchers[$0] ?? []).isEmpty }
        guard let store else { return result }
        let unknown = lines.filter { !result.contains($0) && !read.matchers.contains($0) }
        for (line, profiles) in store.profiles(matching: unknown) where profiles.contains(where: { !read.profiles.contains($0) }) {
            result.insert(line)
        }
        return result
    }

    /// Records a line as sent: it replaces every line it shares an identity with. Returns its number.
    func append(_ payload: [String: Value]) -> Int {
        let identities = Self.identities(in: payload)
        loadOwners(identities)
        for identity in identities {
            guard let replaced = owner[identity], let entry = sent.removeValue(forKey: replaced) else { continue }
            changed.lines.insert(replaced)
            for old in entry.identities {
                owner[old] = nil
                changed.owners.insert(old)
            }
            completeMatchers([replaced])
            for key in matchers.removeValue(forKey: replaced) ?? [] {
                matched[key] = nil
                changed.profiles.insert(key)
                stale.insert(key)
            }
            suspects.remove(replaced)
        }
        sent[next] = Sent(identities: identities, payload: payload)
        read.lines.insert(next)
        changed.lines.insert(next)
        completeHolders(identities)
        for identity in identities {
            owner[identity] = next
            changed.owners.insert(identity)
            stale.formUnion(holders[identity] ?? [])
        }
        suspects.insert(next)
        next += 1
        return next - 1
    }

    /// Takes a profile out of the counts and the audience; returns the line it matched.
    func remove(_ key: String) -> Int? {
        loadProfiles([key])
        changed.profiles.insert(key)
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
        loadProfiles([key])
        changed.profiles.insert(key)
        if let line = matched.removeValue(forKey: key) { matchers[line]?.remove(key) }
        guard let profile = current[key] else { return }
        loadOwners(profile.identities)
        let line = profile.identities.compactMap { owner[$0] }.min { (sent[$0]?.identities.first ?? "") < (sent[$1]?.identities.first ?? "") }
        guard let line else { return }
        matched[key] = line
        matchers[line, default: []].insert(key)
    }

    private func count(_ segment: String, _ skip: ExportSkip?, sign: Int) {
        counts[segment, default: ExportCounts()].count(skip, sign: sign)
    }

    /// The identities a payload's `identityMap` names, as `NAMESPACE:VALUE`, sorted.
    static func identities(in payload: [String: Value]) -> [String] {
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

    // MARK: Reading pieces from the store (each in one call per kind, for many keys at once)

    /// Reads the pieces of `keys` not read yet.
    func loadProfiles(_ keys: some Sequence<String>) {
        guard let store else { return }
        let missing = Set(keys.lazy.filter { !self.read.profiles.contains($0) })
        guard !missing.isEmpty else { return }
        read.profiles.formUnion(missing)
        for (key, piece) in store.profiles(missing) {
            guard let (profile, standing) = Self.decodeProfile(piece) else {
                isDamaged = true
                continue
            }
            if !standing.isEmpty { self.standing[key] = standing }
            if let profile {
                current[key] = profile
                storedIdentities[key] = profile.identities
                for identity in profile.identities { holders[identity, default: []].insert(key) }
            }
            if let line = piece.line {
                matched[key] = line
                matchers[line, default: []].insert(key)
            }
        }
    }

    /// Reads the sent lines `lines` not read yet, and which identities they own.
    func loadLines(_ lines: some Sequence<Int>) {
        guard let store else { return }
        let missing = Set(lines.lazy.filter { !self.read.lines.contains($0) })
        guard !missing.isEmpty else { return }
        read.lines.formUnion(missing)
        for (line, bytes) in store.lines(missing) {
            guard let entry = Self.decodeLine(bytes) else {
                isDamaged = true
                continue
            }
            sent[line] = entry
            for identity in entry.identities {
                owner[identity] = line
                read.owners.insert(identity)
            }
        }
    }

    /// Reads the lines naming `identities` (those whose owner is not known yet).
    func loadOwners(_ identities: some Sequence<String>) {
        guard let store else { return }
        let missing = Set(identities.lazy.filter { !self.read.owners.contains($0) })
        guard !missing.isEmpty else { return }
        read.owners.formUnion(missing)
        loadLines(store.owners(missing).values)
    }

    /// Reads every profile matching one of `lines`, so that `matchers` is complete for them.
    func completeMatchers(_ lines: some Sequence<Int>) {
        guard let store else { return }
        let missing = Set(lines.lazy.filter { !self.read.matchers.contains($0) })
        guard !missing.isEmpty else { return }
        read.matchers.formUnion(missing)
        loadProfiles(store.profiles(matching: missing).values.joined())
    }

    /// Reads every profile holding one of `identities`, so that `holders` is complete for them.
    func completeHolders(_ identities: some Sequence<String>) {
        guard let store else { return }
        let missing = Set(identities.lazy.filter { !self.read.holders.contains($0) })
        guard !missing.isEmpty else { return }
        read.holders.formUnion(missing)
        loadProfiles(store.profiles(holding: missing))
    }

    /// Reads what appending these payloads reaches: the lines they replace, the profiles matching
    /// those, and the profiles holding their identities.
    func prepareToAppend(_ payloads: [[String: Value]]) {
        guard store != nil else { return }
        let identities = Set(payloads.flatMap(Self.identities(in:)))
        loadOwners(identities)
        completeMatchers(identities.compactMap { owner[$0] })
        completeHolders(identities)
    }

    // MARK: Stored

    /// The pieces to store: every piece when the state was worked out whole, else those that changed.
    func changes() -> StreamChanges {
        var changes = StreamChanges(replacesAll: store == nil, totals: encodedTotals(), due: stale)
        let profiles = store == nil ? Set(standing.keys).union(current.keys).union(matched.keys) : changed.profiles
        for key in profiles {
            changes.formerIdentities[key] = storedIdentities[key]
            let profile = current[key]
            let standing = standing[key] ?? []
            if profile == nil && standing.isEmpty && matched[key] == nil {
                changes.profiles[key] = .some(nil)
                continue
            }
            var writer = AudienceCoding.Writer()
            writer.byte(profile == nil ? 0 : 1)
            if let profile {
                writer.strings(profile.identities)
                writer.strings(profile.segments.sorted())
            }
            writer.count(standing.count)
            for entry in standing {
                writer.string(entry.segment)
                writer.skip(entry.skip)
            }
            changes.profiles[key] = StreamChanges.Profile(line: matched[key], identities: profile?.identities ?? [],
                                                          entry: writer.bytes)
        }
        for line in store == nil ? Set(sent.keys) : changed.lines {
            changes.lines[line] = .some(sent[line].map { entry in
                var writer = AudienceCoding.Writer()
                writer.strings(entry.identities)
                writer.rawBytes(entry.bytes)
                return writer.bytes
            })
        }
        for identity in store == nil ? Set(owner.keys) : changed.owners {
            changes.owners[identity] = .some(owner[identity])
        }
        return changes
    }

    private func encodedTotals() -> [UInt8] {
        var writer = AudienceCoding.Writer()
        writer.number(next)
        writer.count(counts.count)
        for (segment, counted) in counts.sorted(by: { $0.key < $1.key }) {
            writer.string(segment)
            for number in [counted.members, counted.exported, counted.consent, counted.mandatory, counted.identity,
                           counted.deduplicated] {
                writer.number(number)
            }
        }
        writer.count(suspects.count)
        for line in suspects.sorted() { writer.number(line) }
        return writer.bytes
    }

    /// Reads what `encodedTotals()` wrote; false for bytes it did not write.
    private func decodeTotals(_ bytes: [UInt8]) -> Bool {
        var reader = AudienceCoding.Reader(bytes: bytes)
        guard let next = reader.number(), let countsCount = reader.count() else { return false }
        self.next = next
        for _ in 0..<countsCount {
            guard let segment = reader.string() else { return false }
            let numbers = (0..<6).compactMap { _ in reader.number() }
            guard numbers.count == 6 else { return false }
            var counted = ExportCounts()
            (counted.members, counted.exported, counted.consent) = (numbers[0], numbers[1], numbers[2])
            (counted.mandatory, counted.identity, counted.deduplicated) = (numbers[3], numbers[4], numbers[5])
            counts[segment] = counted
        }
        guard let suspectCount = reader.count() else { return false }
        for _ in 0..<suspectCount {
            guard let line = reader.number(), line < next else { return false }
            suspects.insert(line)
        }
        return reader.isAtEnd
    }

    private static func decodeProfile(_ piece: (line: Int?, entry: [UInt8]))
        -> (current: Current?, standing: [(segment: String, skip: ExportSkip?)])? {
        var reader = AudienceCoding.Reader(bytes: piece.entry)
        guard let inAudience = reader.byte(), inAudience <= 1 else { return nil }
        var profile: Current?
        if inAudience == 1 {
            guard let identities = reader.strings(), let segments = reader.strings() else { return nil }
            profile = Current(identities: identities, segments: Set(segments))
        }
        guard let count = reader.count() else { return nil }
        var standing: [(segment: String, skip: ExportSkip?)] = []
        for _ in 0..<count {
            guard let segment = reader.string(), let skip = reader.skip() else { return nil }
            standing.append((segment, skip))
        }
        guard reader.isAtEnd else { return nil }
        return (profile, standing)
    }

    private static func decodeLine(_ bytes: [UInt8]) -> Sent? {
        var reader = AudienceCoding.Reader(bytes: bytes)
        guard let identities = reader.strings(), let payload = reader.rawBytes(), reader.isAtEnd else { return nil }
        return Sent(identities: identities, bytes: payload)
    }
}
