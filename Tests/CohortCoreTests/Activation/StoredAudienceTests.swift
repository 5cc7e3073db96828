import CohortSampleData
import Synchronization
import Testing
@testable import CohortCore

/// A build's exports from the audiences the store kept: planned from a slice of each stored
/// audience (the rows the dirty profiles reach), they are the exports a plan from nothing but the
/// files gives, export after export — deduplication groups, combined files and split files included.
@Suite struct StoredAudienceTests {
    typealias F = ActivationFixture

    /// The store's tables, in memory: applies the changes each export hands back, as the store does.
    final class MemoryAudiences: AudienceStore {
        var dirty = Set<String>()
        var entries: [String: [String: (bytes: [UInt8], rowKeys: [String])]] = [:]
        var rows: [String: [String: StandingRow]] = [:]
        var counts: [String: ExportCounts] = [:]
        /// How many entries the plans read.
        var entriesRead = 0

        func entries(_ segment: String, profiles: Set<String>) -> [String: [UInt8]] {
            let found = profiles.compactMap { profile in entries[segment]?[profile].map { (profile, $0.bytes) } }
            entriesRead += found.count
            return Dictionary(uniqueKeysWithValues: found)
        }

        func contenders(_ segment: String, rowKeys: Set<String>) -> [String: [String]] {
            var result: [String: [String]] = [:]
            for (profile, entry) in entries[segment] ?? [:] {
                for rowKey in entry.rowKeys where rowKeys.contains(rowKey) { result[rowKey, default: []].append(profile) }
            }
            return result
        }

        func standing(_ segment: String, rowKeys: Set<String>) -> [String: StandingRow] {
            (rows[segment] ?? [:]).filter { rowKeys.contains($0.key) }.mapValues { row in
                var row = row
                row.line = nil
                return row
            }
        }

        func groups(_ segment: String, values: Set<String>) -> [String: Set<String>] {
            var result: [String: Set<String>] = [:]
            for (rowKey, row) in rows[segment] ?? [:] {
                guard let value = row.dedupValue, values.contains(value) else { continue }
                result[value, default: []].insert(rowKey)
            }
            return result
        }

        func counts(_ segment: String) -> ExportCounts { counts[segment] ?? ExportCounts() }

        func lines(_ segment: String) -> [(key: String, line: [UInt8])] {
            (rows[segment] ?? [:]).compactMap { key, row in row.line.map { (key, $0) } }.reversed()
        }

        func apply(_ changes: AudienceChanges) {
            if changes.replacesAll { (entries, rows, counts) = ([:], [:], [:]) }
            for (segment, change) in changes.segments {
                for (profile, entry) in change.entries { entries[segment, default: [:]][profile] = entry }
                for (rowKey, row) in change.rows { rows[segment, default: [:]][rowKey] = row }
                counts[segment] = change.counts
            }
        }
    }

    /// A stream destination's stored pieces, in memory: applies the changes each export hands back, as the store does.
    final class MemoryStream: StreamStore {
        var dirty = Set<String>()
        var due = Set<String>()
        var totals: [UInt8] = []
        var pieces: [String: StreamChanges.Profile] = [:]
        var sent: [Int: [UInt8]] = [:]
        var owners: [String: Int] = [:]
        /// How many profiles' pieces the plans read.
        var profilesRead = 0

        func profiles(_ profiles: Set<String>) -> [String: (line: Int?, entry: [UInt8])] {
            let found = profiles.compactMap { key in pieces[key].map { (key, (line: $0.line, entry: $0.entry)) } }
            profilesRead += found.count
            return Dictionary(uniqueKeysWithValues: found)
        }

        func profiles(matching lines: Set<Int>) -> [Int: Set<String>] {
            var result: [Int: Set<String>] = [:]
            for (profile, piece) in pieces {
                if let line = piece.line, lines.contains(line) { result[line, default: []].insert(profile) }
            }
            return result
        }

        func profiles(holding identities: Set<String>) -> Set<String> {
            Set(pieces.filter { !identities.isDisjoint(with: $0.value.identities) }.keys)
        }

        func lines(_ lines: Set<Int>) -> [Int: [UInt8]] { sent.filter { lines.contains($0.key) } }

        func owners(_ identities: Set<String>) -> [String: Int] { owners.filter { identities.contains($0.key) } }

        func apply(_ changes: StreamChanges) {
            if changes.replacesAll { (pieces, sent, owners) = ([:], [:], [:]) }
            (totals, due) = (changes.totals, changes.due)
            for (profile, piece) in changes.profiles { pieces[profile] = piece }
            for (line, entry) in changes.lines { sent[line] = entry }
            for (identity, line) in changes.owners { owners[identity] = line }
        }
    }

    /// People who are all members of `gold` since the start, and an input that counts the profiles it is asked for.
    final class GoldMembers: Sendable {
        let lookups = Mutex(0)
        let memberships: [String: [String: Membership]]

        init(_ people: [Profile]) {
            memberships = ["gold": Dictionary(uniqueKeysWithValues: people.map {
                ($0.identities[0].description, Membership(status: .realized, lastQualificationTime: 1))
            })]
        }

        /// What an export of `people` (the same keys, perhaps changed) at `now` reads.
        func input(_ people: [Profile], at now: Int64) -> ActivationInput {
            let byKey = Dictionary(uniqueKeysWithValues: people.map { ($0.identities[0].description, $0) })
            return ActivationInput(profile: { key in
                self.lookups.withLock { $0 += 1 }
                return byKey[key]
            }, memberships: memberships, evaluatedAt: now)
        }
    }

    static var fileDestinations: [String] {
        ExportWorld.destinations.filter { !$0.contains(#""type": "stream""#) }
    }

    /// The export from `stored` audiences, or (nil) from the files; an export the stored ones
    /// cannot give is an error here (every stored byte was written by the planner).
    func plan(_ destination: Destination, _ workspace: Workspace, _ input: ActivationInput, previous: PreviousExport,
              stored: AudienceStore?) throws -> DestinationExport {
        let planner = FileExportPlanner(destination: destination, workspace: workspace, rowsPerFile: 3)
        guard let stored else { return planner.plan(input, previous: previous) }
        return try #require(planner.plan(input, previous: previous, stored: stored))
    }

    @Test(arguments: Array(1...12))
    func storedAudiencesGiveTheExportsOfAPlanFromTheFiles(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        for json in Self.fileDestinations {
            let (workspace, destination) = try F.destination(json)
            var world = ExportWorld.World()
            let stored = MemoryAudiences()
            var previous = PreviousExport.none
            var changed = 0
            for step in 1...40 {
                let now = Int64(step) * 1_000
                stored.dirty = []
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    stored.dirty.formUnion(world.step(Int.random(in: 0..<world.people.count, using: &generator), at: now, using: &generator))
                }
                let input = world.input(at: now)
                // The first export has no stored audiences: it works them out from the files and stores all of them.
                let sliced = try plan(destination, workspace, input, previous: previous, stored: step == 1 ? nil : stored)
                let fresh = try plan(destination, workspace, input, previous: previous, stored: nil)
                let what = "seed \(seed), \(destination.id.value), step \(step)"
                #expect(sliced.files == fresh.files, "\(what)")
                #expect(sliced.removed == fresh.removed, "\(what)")
                #expect(sliced.manifest == fresh.manifest, "\(what)")
                #expect(sliced.changes == fresh.changes, "\(what)")
                #expect(sliced.audiences?.replacesAll == (step == 1), "\(what)")
                guard sliced.files == fresh.files, sliced.manifest == fresh.manifest, let changes = sliced.audiences else { return }
                stored.apply(changes)
                if !fresh.changes.values.allSatisfy(\.isEmpty) { changed += 1 }
                previous = previous.after(fresh)
            }
            #expect(changed > 5, "seed \(seed), \(destination.id.value)")
        }
    }

    /// A stream destination's export from its stored state (the profiles changed since, and those
    /// whose lines later lines replaced) is the export a replay of its files gives, export after export.
    @Test(arguments: Array(1...12))
    func aStoredStreamStateGivesTheExportsOfAReplayOfTheFiles(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let json = try #require(ExportWorld.destinations.first { $0.contains(#""type": "stream""#) })
        let (workspace, destination) = try F.destination(json)
        let planner = StreamExportPlanner(destination: destination, workspace: workspace)
        var world = ExportWorld.World()
        var stored: MemoryStream?
        var previous = PreviousExport.none
        var changed = 0
        for step in 1...40 {
            let now = Int64(step) * 1_000
            var dirty = Set<String>()
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                dirty.formUnion(world.step(Int.random(in: 0..<world.people.count, using: &generator), at: now, using: &generator))
            }
            let input = world.input(at: now)
            stored?.dirty = dirty
            let resumed = try stored.map { try #require(planner.plan(input, previous: previous, stored: $0)) }
                ?? planner.plan(input, previous: previous)
            let fresh = planner.plan(input, previous: previous)
            let what = "seed \(seed), step \(step)"
            #expect(resumed.files == fresh.files, "\(what)")
            #expect(resumed.manifest == fresh.manifest, "\(what)")
            #expect(resumed.changes == fresh.changes, "\(what)")
            guard resumed.files == fresh.files, resumed.manifest == fresh.manifest else { return }
            let kept = stored ?? MemoryStream()
            kept.apply(try #require(resumed.stream))
            stored = kept
            // The pieces an export from the store leaves are the pieces a replay of the files gives.
            let replayed = MemoryStream()
            replayed.apply(try #require(fresh.stream))
            #expect(kept.pieces == replayed.pieces, "\(what)")
            #expect(kept.sent == replayed.sent && kept.owners == replayed.owners, "\(what)")
            #expect(kept.totals == replayed.totals && kept.due == replayed.due, "\(what)")
            if !fresh.files.isEmpty { changed += 1 }
            previous = previous.after(fresh)
        }
        #expect(changed > 2, "seed \(seed)")
        // Bytes it did not write are no state: the export from the store declines.
        let kept = try #require(stored)
        kept.dirty = Set(kept.pieces.keys)
        let totals = kept.totals
        for damaged in [Array(totals.dropLast()), totals + [0], Array(totals.prefix(totals.count / 2))] {
            kept.totals = damaged
            #expect(planner.plan(world.input(at: 50_000), previous: previous, stored: kept) == nil)
        }
        kept.totals = totals
        for (profile, piece) in kept.pieces { kept.pieces[profile]?.entry = Array(piece.entry.dropLast()) }
        #expect(planner.plan(world.input(at: 50_000), previous: previous, stored: kept) == nil)
    }

    /// From stored audiences, an export reads the profiles named dirty and the entries their rows
    /// reach, and no others: its cost follows the change, not the audience.
    @Test(arguments: fileDestinations)
    func anExportFromStoredAudiencesLooksOnlyAtWhatTheChangeReaches(json: String) throws {
        let (workspace, destination) = try F.destination(json)
        let people = (0..<500).map { F.person(crm: "\($0)", emails: ["p\($0)@x.com"], first: "P\($0)", last: "L\($0)", tier: "gold") }
        let gold = GoldMembers(people)
        let stored = MemoryAudiences()
        let first = try plan(destination, workspace, gold.input(people, at: 1_000), previous: .none, stored: nil)
        stored.apply(try #require(first.audiences))
        #expect(gold.lookups.withLock { $0 } >= 500)
        var changed = people
        changed[250] = F.person(crm: "250", emails: ["p250@x.com"], first: "Q", last: "L250", tier: "silver")
        gold.lookups.withLock { $0 = 0 }
        stored.dirty = [changed[250].identities[0].description]
        let previous = PreviousExport.none.after(first)
        let second = try plan(destination, workspace, gold.input(changed, at: 2_000), previous: previous, stored: stored)
        #expect(gold.lookups.withLock { $0 } <= 2)
        #expect(stored.entriesRead <= 2)
        #expect(second.files == (try plan(destination, workspace, gold.input(changed, at: 2_000), previous: previous, stored: nil)).files)
        #expect(second.audiences?.replacesAll == false)
        #expect(second.audiences?.segments["gold"]?.entries.count == 1)
    }

    /// From its stored state, a stream destination's export reads the profiles named dirty and no
    /// others, and hands back only their state (and the lines it sends) to be written.
    @Test func aStreamExportFromItsStoredStateLooksOnlyAtDirtyProfiles() throws {
        let json = try #require(ExportWorld.destinations.first { $0.contains(#""type": "stream""#) })
        let (workspace, destination) = try F.destination(json)
        let planner = StreamExportPlanner(destination: destination, workspace: workspace)
        let people = (0..<500).map { F.person(crm: "\($0)", emails: ["p\($0)@x.com"], first: "P", last: "L\($0)", tier: "gold", consent: "y") }
        let gold = GoldMembers(people)
        let first = planner.plan(gold.input(people, at: 1_000), previous: .none)
        #expect(gold.lookups.withLock { $0 } >= 500)
        let stored = MemoryStream()
        stored.apply(try #require(first.stream))
        var changed = people
        changed[250] = F.person(crm: "250", emails: ["p250@x.com"], first: "Q", last: "L250", tier: "gold", consent: "y")
        gold.lookups.withLock { $0 = 0 }
        stored.dirty = [changed[250].identities[0].description]
        let second = try #require(planner.plan(gold.input(changed, at: 2_000), previous: PreviousExport.none.after(first), stored: stored))
        #expect(gold.lookups.withLock { $0 } <= 2)
        #expect(second.changes["gold"] == RowChanges(changed: 1))
        // It reads and writes the state of that profile alone, and of the one line it sends.
        #expect(stored.profilesRead == 1)
        let written = try #require(second.stream)
        #expect(!written.replacesAll)
        #expect(Set(written.profiles.keys) == stored.dirty)
        #expect(written.lines.count == 2 && written.owners.count == 1)
    }

    /// Stored bytes the store cannot read back are never taken for an audience: the export from the
    /// store declines, so that the caller plans from the files with every member.
    @Test func damagedStoredEntriesAreNoAudience() throws {
        let (workspace, destination) = try F.destination(Self.fileDestinations[0])
        var world = ExportWorld.World()
        var generator = SplitMix64(seed: 9)
        let stored = MemoryAudiences()
        for index in 0..<world.people.count { _ = world.step(index, at: 1_000, using: &generator) }
        let first = try plan(destination, workspace, world.input(at: 1_000), previous: .none, stored: nil)
        stored.apply(try #require(first.audiences))
        let segment = try #require(stored.entries.first { !$0.value.isEmpty }?.key)
        for profile in stored.entries[segment]!.keys { stored.entries[segment]![profile]!.bytes.removeLast() }
        stored.dirty = Set(world.people.compactMap { $0?.identities.first?.description })
        let planner = FileExportPlanner(destination: destination, workspace: workspace, rowsPerFile: 3)
        #expect(planner.plan(world.input(at: 2_000), previous: PreviousExport.none.after(first), stored: stored) == nil)
    }

    /// What the store keeps of an entry reads back as it was: numbers stay integers or doubles, nested
    /// values keep their shape; bytes cut short or with a bad tag read as nothing.
    @Test(arguments: [1, 2, 3, 4])
    func entriesReadBackAsTheyWereWritten(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        func value(depth: Int) -> Value {
            switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return .integer(Int64.random(in: .min ... .max, using: &generator))
            case 3: return .number([0.1, -0.0, 1e300, 3.0, .leastNonzeroMagnitude].randomElement(using: &generator)!)
            case 4: return .string(["", "é\u{301}", "a,\"b\"\n", "🙂", "plain"].randomElement(using: &generator)!)
            case 5: return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in value(depth: depth + 1) })
            default:
                return .object(Dictionary((0..<Int.random(in: 0...3, using: &generator)).map { ("k\($0)", value(depth: depth + 1)) },
                                          uniquingKeysWith: { $1 }))
            }
        }
        for _ in 0..<200 {
            let rows = (0..<Int.random(in: 0...3, using: &generator)).map { index in
                ExportRow(segment: "gold", key: "key\(index)", values: (0..<3).map { _ in value(depth: 0) })
            }
            let member = AudienceIndex.Member(rows: rows, skip: [nil, .consent, .mandatory, .identity].randomElement(using: &generator)!,
                                              qualifiedAt: Int64.random(in: -5...5, using: &generator),
                                              dedupValue: ["x", nil].randomElement(using: &generator)!)
            let bytes = AudienceCoding.encode(member)
            let back = try #require(AudienceCoding.decodeMember(bytes, segment: "gold"))
            #expect(back.rows == member.rows && back.skip == member.skip && back.qualifiedAt == member.qualifiedAt
                    && back.dedupValue == member.dedupValue)
            #expect(AudienceCoding.decodeMember(Array(bytes.dropLast()), segment: "gold") == nil)
            #expect(AudienceCoding.decodeMember(bytes + [0], segment: "gold") == nil)
        }
        #expect(AudienceCoding.decodeValues([]) == nil)
        #expect(AudienceCoding.decodeValues([1, 0, 0, 0, 0, 0, 0, 0, 99]) == nil)
        // A count larger than the bytes could hold is refused before anything is allocated.
        #expect(AudienceCoding.decodeValues([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == nil)
    }
}
