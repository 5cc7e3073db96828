/// Plans the export of a lookup destination: for each key (a value of the destination's identity,
/// hashed when it says so) the segments its profile is in and the mapped attributes, in shards
/// (`LookupShards`), with a manifest saying how to find a key's shard. Worked out from every member,
/// or from the state the store kept (`LookupStore`): then only the changed profiles, the keys they
/// had or have and the shards those keys fall in are looked at. Only shards whose bytes change are
/// written; a shard left without keys is removed.
///
/// When two profiles export the same key (two spellings of an email that hash alike, or profiles of
/// a merge policy that does not stitch), the profile whose key sorts first gives the entry; the
/// other's key is counted as deduplicated in each of its segments.
public struct LookupExportPlanner: Sendable {
    let destination: Destination
    /// Each segment once, in the destination's order.
    let segments: [String]
    let identity: ExportIdentity?
    let eligibility: ExportEligibility
    /// Each mapped attribute: its source as name ids and its target path in an entry's `attributes`.
    private let fields: [(source: [UInt32], target: [String])]
    let index: LookupIndex

    public init(destination: Destination, workspace: Workspace) {
        self.destination = destination
        segments = destination.distinctSegments
        identity = destination.identity.map {
            ExportIdentity($0, namespace: workspace.namespace($0.namespace.value),
                           defaultCountry: workspace.settings.defaultCountry?.value)
        }
        eligibility = ExportEligibility(destination: destination)
        let mappings = destination.mappings.filter { $0.source.value != ExportLayout.statusSource }
        fields = mappings.map { (PackedValue.path($0.source.value), FieldPath.components(of: $0.target)) }
        index = LookupIndex(prefixLength: destination.prefixLength,
                            namespace: destination.identity?.namespace.value ?? "",
                            hash: destination.identity?.hash ?? .none, segments: segments,
                            attributes: mappings.map(\.target))
    }

    /// The export of `input`, which holds every member of the destination's segments; `previous`
    /// tells which shards to write (those whose bytes change) and what changed since.
    public func plan(_ input: ActivationInput, previous: PreviousExport) -> DestinationExport {
        var pieces: [String: LookupPiece] = [:]
        for key in Set(segments.flatMap { input.memberships[$0]?.keys.map { $0 } ?? [] }) {
            pieces[key] = piece(key, input: input)
        }
        var after: [String: [String: Value]] = [:]
        for (key, entry) in Self.entries(holders(pieces), pieces: pieces) {
            after[shard(key), default: [:]][key] = entry
        }
        var before: [String: [String: Value]] = [:]
        var unreadable: [String] = []
        if let manifest = previous.manifest, manifest.lookup != nil {
            for file in manifest.files {
                guard let bytes = previous.files[file.name] else { continue }
                guard let entries = LookupShards.read(bytes, file: file.name) else {
                    unreadable.append(file.name)
                    continue
                }
                before[String(file.name.dropLast(".json".count)), default: [:]] = entries
            }
        }
        var counts = Dictionary(uniqueKeysWithValues: segments.map { ($0, ExportCounts()) })
        for piece in pieces.values { tally(piece, sign: 1, into: &counts) }
        for entry in after.values.flatMap(\.values) { tally(entry: entry, sign: 1, into: &counts) }
        var changes = LookupChanges(replacesAll: true)
        for (profile, piece) in pieces { changes.profiles[profile] = .some((piece.encoded(), piece.keys)) }
        var rowChanges = Dictionary(uniqueKeysWithValues: segments.map { ($0, RowChanges()) })
        var shards: [(shard: String, bytes: [UInt8], rows: Int)] = []
        for shard in Set(before.keys).union(after.keys) {
            let (old, entries) = (before[shard] ?? [:], after[shard] ?? [:])
            for key in Set(old.keys).union(entries.keys) where old[key] != entries[key] {
                tally(from: old[key], to: entries[key], into: &rowChanges)
            }
            shards.append((shard, entries.isEmpty ? [] : LookupShards.render(entries), entries.count))
        }
        return export(previous: previous, listed: [], shards: shards, counts: counts, rowChanges: rowChanges, changes: changes,
                      unreadable: unreadable)
    }

    /// The export of `input` on top of `previous` from the state `stored` kept since that export:
    /// `input` needs only the profiles `stored.dirty` names. Nil when the stored bytes are not a
    /// state, or a shard to change cannot be read back: the caller then plans from every member.
    public func plan(_ input: ActivationInput, previous: PreviousExport, stored: LookupStore) -> DestinationExport? {
        guard let manifest = previous.manifest, manifest.lookup == index,
              let old = Self.decode(stored.pieces(stored.dirty)) else { return nil }
        var fresh: [String: LookupPiece] = [:]
        for key in stored.dirty { fresh[key] = piece(key, input: input) }
        let keys = Set(old.values.flatMap(\.keys)).union(fresh.values.flatMap(\.keys))
        let contenders = stored.profiles(holding: keys).subtracting(stored.dirty)
        guard let others = Self.decode(stored.pieces(contenders)) else { return nil }
        let current = fresh.merging(others) { new, _ in new }
        let entries = Self.entries(holders(current).filter { keys.contains($0.key) }, pieces: current)

        // Each shard the keys fall in: its lines as they are, and the entries of the keys as they were.
        let listed = Set(manifest.files.map(\.name))
        var shardLines: [String: (bytes: [UInt8], lines: [(key: String, line: Int, entry: Range<Int>)])] = [:]
        var before: [String: [String: Value]] = [:]
        let keysByShard = Dictionary(grouping: keys, by: shard)
        for (shard, shardKeys) in keysByShard {
            let name = LookupShards.fileName(shard)
            guard listed.contains(name) else {
                shardLines[shard] = ([], [])
                continue
            }
            guard let bytes = previous.files[name], let lines = LookupShards.lines(bytes) else { return nil }
            shardLines[shard] = (bytes, lines)
            for key in shardKeys {
                guard let found = Self.line(of: key, in: lines) else { continue }
                guard case .success(let node) = JSONParser.parse(Array(bytes[found.entry]), file: name) else { return nil }
                before[shard, default: [:]][key] = Value(node)
            }
        }

        var counts = Dictionary(uniqueKeysWithValues: segments.map { ($0, manifest.segments[$0] ?? ExportCounts()) })
        for piece in old.values { tally(piece, sign: -1, into: &counts) }
        for piece in fresh.values { tally(piece, sign: 1, into: &counts) }
        for (shard, shardKeys) in keysByShard {
            for key in shardKeys {
                if let entry = before[shard]?[key] { tally(entry: entry, sign: -1, into: &counts) }
                if let entry = entries[key] { tally(entry: entry, sign: 1, into: &counts) }
            }
        }
        var changes = LookupChanges(replacesAll: false)
        for profile in stored.dirty {
            changes.profiles[profile] = .some(fresh[profile].map { ($0.encoded(), $0.keys) })
            if let former = old[profile]?.keys { changes.formerKeys[profile] = former }
        }
        // Only the changed keys' lines are written anew; every other line is copied as it is.
        var rowChanges = Dictionary(uniqueKeysWithValues: segments.map { ($0, RowChanges()) })
        var shards: [(shard: String, bytes: [UInt8], rows: Int)] = []
        for (shard, old) in shardLines {
            var shardChanges: [String: Value?] = [:]
            for key in keysByShard[shard] ?? [] {
                let (was, now) = (before[shard]?[key], entries[key])
                guard was != now else { continue }
                tally(from: was, to: now, into: &rowChanges)
                shardChanges[key] = .some(now)
            }
            let patched = LookupShards.patch(old.bytes, lines: old.lines, changes: shardChanges)
            shards.append((shard, patched.count == 0 ? [] : patched.bytes, patched.count))
        }
        return export(previous: previous, listed: manifest.files, shards: shards, counts: counts, rowChanges: rowChanges,
                      changes: changes, unreadable: [])
    }

    /// The line of `key` among a shard's `lines` (sorted by key), if it has one.
    private static func line(of key: String, in lines: [(key: String, line: Int, entry: Range<Int>)])
        -> (key: String, line: Int, entry: Range<Int>)? {
        var (low, high) = (0, lines.count)
        while low < high {
            let middle = (low + high) / 2
            if lines[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low < lines.count && lines[low].key == key ? lines[low] : nil
    }

    /// The export whose `shards` (their bytes and how many keys each holds; none: the shard goes)
    /// replace those `listed` of the same name (every other file of `listed` is kept).
    private func export(previous: PreviousExport, listed: [ExportManifest.File], shards: [(shard: String, bytes: [UInt8], rows: Int)],
                        counts: [String: ExportCounts], rowChanges changes: [String: RowChanges],
                        changes stored: LookupChanges, unreadable: [String]) -> DestinationExport {
        let replaced = Set(shards.map { LookupShards.fileName($0.shard) })
        var files: [String: [UInt8]] = [:]
        var manifestFiles = listed.filter { !replaced.contains($0.name) }
        for (shard, bytes, rows) in shards where rows > 0 {
            let name = LookupShards.fileName(shard)
            if previous.files[name] != bytes { files[name] = bytes }
            manifestFiles.append(ExportManifest.File(name: name, segment: nil, export: nil, rows: rows, sha256: SHA256.hex(bytes)))
        }
        let manifest = ExportManifest(destination: destination.id.value, export: 0, files: manifestFiles, segments: counts,
                                      lookup: index)
        var planned = DestinationExport(destination: destination.id.value, files: files,
                                        removed: previous.filesNoLongerListed(in: manifest), manifest: manifest,
                                        changes: changes, unreadable: unreadable)
        planned.lookup = stored
        return planned
    }

    /// The member `key` as the export sees it now; nil when it is in none of the destination's segments.
    func piece(_ key: String, input: ActivationInput) -> LookupPiece? {
        let memberOf = segments.filter { input.memberships[$0]?[key].map { $0.status != .exited } ?? false }
        // One entry per profile: its first segment's merge policy gives the profile it describes.
        guard let first = memberOf.first, let profile = input.profile(key, in: first) else { return nil }
        var keys: [String] = []
        if let identity {
            let values = profile.identities.filter { $0.namespace == identity.namespace }
            keys = Set(values.compactMap { identity.exported($0.id) }).sorted()
        }
        let skip = eligibility.skip(profile, identities: keys)
        var attributes: [String: Value] = [:]
        if skip == nil {
            for field in fields {
                guard let value = profile.packedAttributes.value(at: field.source), value != .null else { continue }
                Value.insert(value, at: field.target[...], into: &attributes)
            }
        }
        return LookupPiece(segments: memberOf, skip: skip, keys: skip == nil ? keys : [], attributes: attributes)
    }

    private func shard(_ key: String) -> String {
        LookupShards.shard(of: key, prefixLength: destination.prefixLength)
    }

    /// Key → the profiles exporting it.
    private func holders(_ pieces: [String: LookupPiece]) -> [String: [String]] {
        var holders: [String: [String]] = [:]
        for (profile, piece) in pieces {
            for key in piece.keys { holders[key, default: []].append(profile) }
        }
        return holders
    }

    /// Key → its entry: the piece of the holder whose profile key sorts first.
    private static func entries(_ holders: [String: [String]], pieces: [String: LookupPiece]) -> [String: Value] {
        holders.compactMapValues { profiles in profiles.min().flatMap { pieces[$0]?.entry } }
    }

    private static func decode(_ encoded: [String: [UInt8]]) -> [String: LookupPiece]? {
        let pieces = encoded.compactMapValues(LookupPiece.init(decoding:))
        return pieces.count == encoded.count ? pieces : nil
    }

    /// Counts a member in (`sign` 1) or out (−1) of each of its segments: as exported, its keys count
    /// as deduplicated until `tally(entry:)` counts the entries that carry them.
    private func tally(_ piece: LookupPiece, sign: Int, into counts: inout [String: ExportCounts]) {
        for segment in piece.segments {
            counts[segment, default: ExportCounts()].members += sign
            switch piece.skip {
            case .consent?: counts[segment]?.consent += sign
            case .mandatory?: counts[segment]?.mandatory += sign
            case .identity?: counts[segment]?.identity += sign
            case nil: counts[segment]?.deduplicated += sign * piece.keys.count
            }
        }
    }

    /// Counts an entry in or out of each segment it lists: one key exported rather than deduplicated.
    private func tally(entry: Value, sign: Int, into counts: inout [String: ExportCounts]) {
        for segment in Self.segments(of: entry) {
            counts[segment, default: ExportCounts()].exported += sign
            counts[segment]?.deduplicated -= sign
        }
    }

    /// A key that entered, left or changed in each segment its entry lists before or after.
    private func tally(from before: Value?, to after: Value?, into changes: inout [String: RowChanges]) {
        let old = Set(before.map(Self.segments) ?? [])
        let new = Set(after.map(Self.segments) ?? [])
        for segment in old.union(new) {
            switch (old.contains(segment), new.contains(segment)) {
            case (false, true): changes[segment, default: RowChanges()].entered += 1
            case (true, false): changes[segment, default: RowChanges()].exited += 1
            default: changes[segment, default: RowChanges()].changed += 1
            }
        }
    }

    private static func segments(of entry: Value) -> [String] {
        guard case .object(let fields) = entry, case .array(let segments)? = fields["segments"] else { return [] }
        return segments.compactMap(\.plainString)
    }
}
