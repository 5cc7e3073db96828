/// A stream destination's lines sent so far (a line replaces the earlier lines it shares an
/// identity with) and its current audience: the profiles that are members of at least one of its
/// segments and may be exported, and the sent line each one matches. Kept in the store between
/// exports (`encoded()`); without it, the destination's files are replayed into a fresh one.
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

        /// The payload; bytes this state did not write (it checks its own digest) read as empty.
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

    // MARK: Stored

    /// The state as bytes (`AudienceCoding`), ending with a digest of the rest: what
    /// `init(decoding:segments:)` reads back.
    func encoded() -> [UInt8] {
        var writer = AudienceCoding.Writer()
        writer.number(next)
        writer.count(sent.count)
        for (line, entry) in sent.sorted(by: { $0.key < $1.key }) {
            writer.number(line)
            writer.strings(entry.identities)
            writer.rawBytes(entry.bytes)
        }
        writer.count(current.count)
        for (key, profile) in current.sorted(by: { $0.key < $1.key }) {
            writer.string(key)
            writer.strings(profile.identities)
            writer.strings(profile.segments.sorted())
        }
        writer.count(counts.count)
        for (segment, counted) in counts.sorted(by: { $0.key < $1.key }) {
            writer.string(segment)
            for number in [counted.members, counted.exported, counted.consent, counted.mandatory, counted.identity, counted.deduplicated] {
                writer.number(number)
            }
        }
        writer.count(standing.count)
        for (key, entries) in standing.sorted(by: { $0.key < $1.key }) {
            writer.string(key)
            writer.count(entries.count)
            for entry in entries {
                writer.string(entry.segment)
                writer.skip(entry.skip)
            }
        }
        writer.count(matched.count)
        for (key, line) in matched.sorted(by: { $0.key < $1.key }) {
            writer.string(key)
            writer.number(line)
        }
        writer.strings(stale.sorted())
        writer.count(suspects.count)
        for line in suspects.sorted() { writer.number(line) }
        writer.string(SHA256.hex(writer.bytes))
        return writer.bytes
    }

    /// The state `encoded()` wrote; nil for bytes it did not write (their digest does not match).
    /// Who owns each identity, who holds it and who matches each line follow from the rest.
    convenience init?(decoding bytes: [UInt8], segments: [String]) {
        self.init(segments: segments)
        let digestLength = 8 + 64
        guard bytes.count >= digestLength else { return nil }
        let body = Array(bytes[..<(bytes.count - digestLength)])
        var trailer = AudienceCoding.Reader(bytes: Array(bytes[body.count...]))
        guard trailer.string() == SHA256.hex(body), trailer.isAtEnd else { return nil }
        var reader = AudienceCoding.Reader(bytes: body)
        guard let next = reader.number(), let sentCount = reader.count() else { return nil }
        self.next = next
        for _ in 0..<sentCount {
            guard let line = reader.number(), line < next, let identities = reader.strings(),
                  let payload = reader.rawBytes() else { return nil }
            sent[line] = Sent(identities: identities, bytes: payload)
            for identity in identities { owner[identity] = line }
        }
        guard let currentCount = reader.count() else { return nil }
        for _ in 0..<currentCount {
            guard let key = reader.string(), let identities = reader.strings(), let memberOf = reader.strings() else { return nil }
            current[key] = Current(identities: identities, segments: Set(memberOf))
            for identity in identities { holders[identity, default: []].insert(key) }
        }
        guard let countsCount = reader.count() else { return nil }
        for _ in 0..<countsCount {
            guard let segment = reader.string() else { return nil }
            let numbers = (0..<6).compactMap { _ in reader.number() }
            guard numbers.count == 6 else { return nil }
            var counted = ExportCounts()
            (counted.members, counted.exported, counted.consent) = (numbers[0], numbers[1], numbers[2])
            (counted.mandatory, counted.identity, counted.deduplicated) = (numbers[3], numbers[4], numbers[5])
            counts[segment] = counted
        }
        guard let standingCount = reader.count() else { return nil }
        for _ in 0..<standingCount {
            guard let key = reader.string(), let entryCount = reader.count() else { return nil }
            var entries: [(segment: String, skip: ExportSkip?)] = []
            for _ in 0..<entryCount {
                guard let segment = reader.string(), let skip = reader.skip() else { return nil }
                entries.append((segment, skip))
            }
            standing[key] = entries
        }
        guard let matchedCount = reader.count() else { return nil }
        for _ in 0..<matchedCount {
            guard let key = reader.string(), let line = reader.number(), sent[line] != nil else { return nil }
            matched[key] = line
            matchers[line, default: []].insert(key)
        }
        guard let stale = reader.strings(), let suspectCount = reader.count() else { return nil }
        self.stale = Set(stale)
        for _ in 0..<suspectCount {
            guard let line = reader.number() else { return nil }
            suspects.insert(line)
        }
        guard reader.isAtEnd else { return nil }
    }
}
