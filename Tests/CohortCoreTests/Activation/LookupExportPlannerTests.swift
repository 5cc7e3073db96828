import CohortSampleData
import Foundation
import Testing
@testable import CohortCore

/// A lookup destination: keys sharded by a SHA-256 prefix, shards rendered one key per line, only
/// shards whose entries changed written, emptied shards removed, and exports from the store's
/// pieces equal to exports from every member.
@Suite struct LookupExportPlannerTests {
    typealias F = ActivationFixture

    static let json = #"""
        {"id": "web", "type": "lookup", "segments": ["gold", "buyers"], "identity": {"namespace": "Email"},
         "mappings": [{"source": "loyalty.tier", "target": "tier"}, {"source": "person.name.firstName", "target": "person.first"}],
         "consent": {"path": "consents.marketing.email.val", "allow": ["y", "dy"]}, "prefixLength": 1}
        """#

    /// A lookup destination's pieces in memory: applies the changes each export hands back, as the store does.
    final class MemoryLookup: LookupStore {
        var dirty = Set<String>()
        var pieces: [String: (piece: [UInt8], keys: [String])] = [:]
        /// How many pieces the plans read.
        var piecesRead = 0

        func pieces(_ profiles: Set<String>) -> [String: [UInt8]] {
            let found = profiles.compactMap { profile in pieces[profile].map { (profile, $0.piece) } }
            piecesRead += found.count
            return Dictionary(uniqueKeysWithValues: found)
        }

        func profiles(holding keys: Set<String>) -> Set<String> {
            Set(pieces.filter { !keys.isDisjoint(with: $0.value.keys) }.keys)
        }

        func apply(_ changes: LookupChanges) {
            if changes.replacesAll { pieces = [:] }
            for (profile, piece) in changes.profiles { pieces[profile] = piece }
        }

        /// The pieces as comparable values.
        var snapshot: [String: [UInt8]] { pieces.mapValues(\.piece) }
    }

    static func text(_ bytes: [UInt8]?) -> String { F.text(bytes) ?? "" }

    // MARK: Shards

    /// The shard is a prefix of the key's SHA-256 (FIPS 180-2's example: "abc" → ba7816bf…).
    @Test func aKeysShardIsAPrefixOfItsSHA256() {
        #expect(LookupShards.shard(of: "abc", prefixLength: 1) == "b")
        #expect(LookupShards.shard(of: "abc", prefixLength: 3) == "ba7")
        #expect(LookupShards.fileName("ba") == "ba.json")
        // The empty string's SHA-256 starts e3b0c442.
        #expect(LookupShards.shard(of: "", prefixLength: 4) == "e3b0")
    }

    @Test func aShardHoldsOneKeyALineSortedAndReadsBack() throws {
        let entries: [String: Value] = [
            "b@x.com": .object(["segments": .array([.string("gold")]), "attributes": .object([:])]),
            "a@x.com": .object(["segments": .array([.string("buyers"), .string("gold")]), "attributes": .object(["tier": .string("gold")])]),
        ]
        let bytes = LookupShards.render(entries)
        #expect(Self.text(bytes) == """
            {
              "a@x.com":{"attributes":{"tier":"gold"},"segments":["buyers","gold"]},
              "b@x.com":{"attributes":{},"segments":["gold"]}
            }

            """)
        #expect(LookupShards.read(bytes, file: "a.json") == entries)
        #expect(LookupShards.read(Array("[1]".utf8), file: "a.json") == nil)
    }

    /// Keys that would be dangerous file names only ever name a shard by hex digits, and come back
    /// from the shard as they went in.
    @Test func hostileKeysNeverReachAFileName() throws {
        let (workspace, destination) = try F.destination(Self.json)
        let keys = ["../../etc/passwd", "a/b@x.com", "..", "C:\\con@x.com", "nul\u{0}@x.com", "Ünïcode@x.com", "\"quoted\"@x.com", "manifest"]
        let people = keys.enumerated().map { F.person(crm: "\($0.offset)", emails: [$0.element], tier: "gold") }
        let planned = LookupExportPlanner(destination: destination, workspace: workspace)
            .plan(F.input(people, members: ["gold": people.map { ($0, 1) }]), previous: .none)
        #expect(!planned.files.isEmpty)
        for name in planned.files.keys {
            #expect(name.wholeMatch(of: /[0-9a-f]\.json/) != nil, "\(name)")
        }
        var found: [String: Value] = [:]
        for (name, bytes) in planned.files { found.merge(try #require(LookupShards.read(bytes, file: name))) { $1 } }
        #expect(found.keys.sorted() == keys.sorted())
        #expect(planned.manifest.files.allSatisfy { $0.name.wholeMatch(of: /[0-9a-f]\.json/) != nil })
    }

    // MARK: Entries and the manifest

    @Test func anEntryListsTheProfilesSegmentsAndAttributesAndTheManifestSaysHowToFindIt() throws {
        let (workspace, destination) = try F.destination(Self.json)
        let ann = F.person(crm: "1", emails: ["ann@x.com"], first: "Ann", tier: "gold")
        let bo = F.person(crm: "2", emails: ["bo@x.com", "bo2@x.com"], first: "Bo", tier: "silver")
        let cy = F.person(crm: "3", emails: ["cy@x.com"], tier: "gold", consent: "n")
        let input = F.input([ann, bo, cy], members: ["gold": [(ann, 1), (cy, 1)], "buyers": [(ann, 1), (bo, 1)]])
        let planned = LookupExportPlanner(destination: destination, workspace: workspace).plan(input, previous: .none)
        var entries: [String: Value] = [:]
        for (name, bytes) in planned.files { entries.merge(try #require(LookupShards.read(bytes, file: name))) { $1 } }
        #expect(entries["ann@x.com"] == .object([
            "segments": .array([.string("gold"), .string("buyers")]),
            "attributes": .object(["tier": .string("gold"), "person": .object(["first": .string("Ann")])]),
        ]))
        #expect(entries["bo2@x.com"] == entries["bo@x.com"])
        #expect(entries["cy@x.com"] == nil, "no consent, no entry")
        #expect(entries.count == 3)
        let index = try #require(planned.manifest.lookup)
        #expect(index == LookupIndex(prefixLength: 1, namespace: "Email", hash: .none, segments: ["gold", "buyers"],
                                     attributes: ["tier", "person.first"]))
        for file in planned.manifest.files {
            let bytes = try #require(planned.files[file.name])
            #expect(file.sha256 == SHA256.hex(bytes))
            #expect(file.rows == LookupShards.read(bytes, file: file.name)?.count)
        }
        #expect(planned.manifest.segments["gold"] == {
            var counts = ExportCounts()
            (counts.members, counts.exported, counts.consent) = (2, 1, 1)
            return counts
        }())
        #expect(planned.changes["buyers"] == RowChanges(entered: 3))
        // The manifest reads back to itself: the digest that ties stored state to the folder depends on it.
        #expect(ExportManifest.decode(planned.manifest.encoded()) == planned.manifest)
    }

    /// Two profiles exporting the same key: the one whose key sorts first gives the entry, the other's is deduplicated.
    @Test func aKeyTwoProfilesExportGoesToTheFirstProfile() throws {
        let (workspace, destination) = try F.destination(Self.json.replacingOccurrences(of: #""namespace": "Email""#,
                                                                                         with: #""namespace": "Email", "hash": "sha256""#))
        let first = F.person(crm: "1", emails: ["Ann@X.com"], tier: "gold")
        let second = F.person(crm: "2", emails: ["ann@x.com "], tier: "silver")
        let input = F.input([first, second], members: ["gold": [(first, 1)], "buyers": [(second, 1)]])
        let planned = LookupExportPlanner(destination: destination, workspace: workspace).plan(input, previous: .none)
        let key = SHA256.hex(Array("ann@x.com".utf8))
        let bytes = try #require(planned.files[LookupShards.fileName(LookupShards.shard(of: key, prefixLength: 1))])
        let entries = try #require(LookupShards.read(bytes, file: "shard"))
        #expect(Array(entries.keys) == [key])
        #expect(entries[key] == .object(["segments": .array([.string("gold")]), "attributes": .object(["tier": .string("gold")])]))
        #expect(planned.manifest.segments["buyers"]?.deduplicated == 1)
        #expect(planned.manifest.segments["buyers"]?.exported == 0)
        #expect(planned.manifest.segments["gold"]?.exported == 1)
    }

    // MARK: Incremental

    /// One profile changes: only its key's shard is written, and the other shards keep their files.
    @Test func onlyTheShardsWhoseEntriesChangedAreWritten() throws {
        let (workspace, destination) = try F.destination(Self.json.replacingOccurrences(of: #""prefixLength": 1"#, with: #""prefixLength": 2"#))
        let planner = LookupExportPlanner(destination: destination, workspace: workspace)
        var people = (0..<60).map { F.person(crm: "\($0)", emails: ["p\($0)@x.com"], tier: "gold") }
        let first = planner.plan(F.input(people, members: ["gold": people.map { ($0, 1) }]), previous: .none)
        #expect(first.files.count > 40)
        let stored = MemoryLookup()
        stored.apply(try #require(first.lookup))
        let previous = PreviousExport.none.after(first)

        people[7] = F.person(crm: "7", emails: ["p7@x.com"], tier: "platinum")
        stored.dirty = [people[7].identities[0].description]
        stored.piecesRead = 0
        let input = F.input(people, members: ["gold": people.map { ($0, 1) }])
        let resumed = try #require(planner.plan(input, previous: previous, stored: stored))
        let shard = LookupShards.fileName(LookupShards.shard(of: "p7@x.com", prefixLength: 2))
        #expect(Array(resumed.files.keys) == [shard])
        #expect(resumed.removed.isEmpty)
        #expect(stored.piecesRead <= 2, "read \(stored.piecesRead) pieces for one changed profile")
        #expect(resumed.changes["gold"] == RowChanges(changed: 1))
        // A full pass writes the same shard only, and the same manifest.
        let full = planner.plan(input, previous: previous)
        #expect(full.files == resumed.files)
        #expect(full.manifest == resumed.manifest)
        #expect(resumed.manifest.files.count == first.manifest.files.count)
    }

    /// A shard whose only key leaves is removed, from the folder and from the manifest.
    @Test func aShardLeftWithoutKeysIsRemoved() throws {
        let (workspace, destination) = try F.destination(Self.json.replacingOccurrences(of: #""prefixLength": 1"#, with: #""prefixLength": 4"#))
        let planner = LookupExportPlanner(destination: destination, workspace: workspace)
        let ann = F.person(crm: "1", emails: ["ann@x.com"], tier: "gold")
        let bo = F.person(crm: "2", emails: ["bo@x.com"], tier: "gold")
        let first = planner.plan(F.input([ann, bo], members: ["gold": [(ann, 1), (bo, 1)]]), previous: .none)
        let stored = MemoryLookup()
        stored.apply(try #require(first.lookup))
        stored.dirty = [bo.identities[0].description]
        let input = F.input([ann, bo], members: ["gold": [(ann, 1)]])
        let resumed = try #require(planner.plan(input, previous: .none.after(first), stored: stored))
        let shard = LookupShards.fileName(LookupShards.shard(of: "bo@x.com", prefixLength: 4))
        #expect(resumed.removed == [shard])
        #expect(resumed.files.isEmpty)
        #expect(!resumed.manifest.files.map(\.name).contains(shard))
        #expect(resumed.changes["gold"] == RowChanges(exited: 1))
        #expect(planner.plan(input, previous: .none.after(first)).removed == [shard])
    }

    /// Profiles that share emails, change, lose consent, and come and go: the export from the stored
    /// pieces is the export from every member, export after export, and leaves the same pieces.
    @Test(arguments: Array(1...12))
    func theStoredPiecesGiveTheExportsOfAFullPass(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let (workspace, destination) = try F.destination(Self.json)
        let planner = LookupExportPlanner(destination: destination, workspace: workspace)
        var world = ExportWorld.World()
        var stored: MemoryLookup?
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
            #expect(resumed.removed == fresh.removed, "\(what)")
            #expect(resumed.manifest == fresh.manifest, "\(what)")
            #expect(resumed.changes == fresh.changes, "\(what)")
            guard resumed.files == fresh.files, resumed.manifest == fresh.manifest else { return }
            let kept = stored ?? MemoryLookup()
            kept.apply(try #require(resumed.lookup))
            stored = kept
            let everything = MemoryLookup()
            everything.apply(try #require(fresh.lookup))
            #expect(kept.snapshot == everything.snapshot, "\(what)")
            if !fresh.files.isEmpty || !fresh.removed.isEmpty { changed += 1 }
            previous = previous.after(fresh)
        }
        #expect(changed > 5, "seed \(seed)")
        // Bytes it did not write are no state: the export from the store declines.
        let kept = try #require(stored)
        kept.dirty = Set(kept.pieces.keys)
        for (profile, piece) in kept.pieces { kept.pieces[profile]?.piece = Array(piece.piece.dropLast()) }
        #expect(kept.dirty.isEmpty || planner.plan(world.input(at: 50_000), previous: previous, stored: kept) == nil)
    }
}
