import CohortSampleData
import Synchronization
import Testing
@testable import CohortCore

/// Watch mode's exports: planned from what the cache kept and only the profiles named dirty, they
/// are the exports a plan from nothing but the files gives, step after step.
@Suite struct ExportCacheTests {
    typealias F = ActivationFixture

    static let destinations: [String] = [
        // Full, deduplicated by an attribute, so that one profile's change can move another's row.
        #"""
        {"id": "mail", "segments": ["gold", "buyers"], "identity": {"namespace": "Email"},
         "mappings": [{"source": "person.name.firstName", "target": "first_name"}, {"source": "segmentMembership.status", "target": "status"}],
         "dedupKey": ["person.name.lastName"], "consent": {"path": "consents.marketing.email.val", "allow": ["y", "dy"]}}
        """#,
        // Incremental, deduplicated by another namespace, one file per segment and export.
        #"""
        {"id": "ads", "segments": ["gold", "buyers"], "identity": {"namespace": "Email", "hash": "sha256"}, "mode": "incremental",
         "fileName": "{destination}_{segment}_{build}.csv", "dedupKey": ["crm"],
         "mappings": [{"source": "segmentMembership.status", "target": "status"}, {"source": "loyalty.tier", "target": "tier"}]}
        """#,
        // Full, both segments in one file, one row per phone number.
        #"""
        {"id": "all", "segments": ["buyers", "gold"], "identity": {"namespace": "crm"}, "fileName": "{destination}.csv",
         "mappings": [{"source": "person.name.lastName", "target": "last_name"}], "mandatory": ["person.name.lastName"]}
        """#,
        // Incremental JSON, every segment in one file, a segment listed twice, deduplicated by a first name.
        #"""
        {"id": "feed", "segments": ["gold", "buyers", "gold"], "identity": {"namespace": "Email"}, "format": "json", "mode": "incremental",
         "fileName": "{destination}_{build}.json", "dedupKey": ["person.name.firstName"],
         "mappings": [{"source": "segmentMembership.status", "target": "status"}, {"source": "person.name.lastName", "target": "last"}]}
        """#,
        // Stream.
        #"""
        {"id": "hook", "type": "stream", "segments": ["gold", "buyers"], "identity": {"namespace": "Email"},
         "mappings": [{"source": "person.name.firstName", "target": "person.firstName"}, {"source": "loyalty.tier", "target": "tier"}],
         "consent": {"path": "consents.marketing.email.val", "allow": ["y"]}}
        """#,
    ]

    /// People who share emails and last names, change them, and come and go from two segments.
    struct World {
        var people: [Profile?] = Array(repeating: nil, count: 10)
        var memberships: [String: [String: Membership]] = [:]

        /// Changes one person at random; returns the profile keys whose rows may differ.
        mutating func step(_ index: Int, at now: Int64, using generator: inout SplitMix64) -> Set<String> {
            var dirty = Set<String>()
            if let old = people[index]?.identities.first?.description {
                dirty.insert(old)
                if Int.random(in: 0..<3, using: &generator) == 0 {
                    for segment in ["gold", "buyers"] { memberships[segment]?[old] = nil }
                }
            }
            let emails = ["a@x.com", "b@x.com", "c@x.com", "d@x.com"].filter { _ in Int.random(in: 0..<3, using: &generator) == 0 }
            let person = F.person(crm: "\(index)", emails: emails, first: ["Ann", "Bo", nil].randomElement(using: &generator)!,
                                  last: ["Lee", "Ng", nil].randomElement(using: &generator)!, tier: ["gold", "silver"].randomElement(using: &generator)!,
                                  consent: ["y", "dy", "n", nil].randomElement(using: &generator)!)
            let key = person.identities[0].description
            people[index] = person
            dirty.insert(key)
            for segment in ["gold", "buyers"] {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: memberships[segment]?[key] = nil
                case 1: memberships[segment, default: [:]][key] = Membership(status: .exited, lastQualificationTime: now)
                case 2: memberships[segment, default: [:]][key] = Membership(status: .realized, lastQualificationTime: now)
                default: if memberships[segment]?[key] == nil { memberships[segment, default: [:]][key] = Membership(status: .existing, lastQualificationTime: now / 2) }
                }
            }
            return dirty
        }

        func input(at now: Int64) -> ActivationInput {
            ActivationInput(profiles: people.compactMap { $0 }, memberships: memberships, evaluatedAt: now)
        }
    }

    func plan(_ destination: Destination, _ workspace: Workspace, _ input: ActivationInput, previous: PreviousExport, cache: ExportCache?) -> DestinationExport {
        switch destination.type {
        case .file: FileExportPlanner(destination: destination, workspace: workspace, rowsPerFile: 3).plan(input, previous: previous, cache: cache)
        case .stream: StreamExportPlanner(destination: destination, workspace: workspace).plan(input, previous: previous, cache: cache)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func cachedExportsAreTheExportsOfAPlanFromTheFiles(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        for json in Self.destinations {
            let (workspace, destination) = try F.destination(json)
            var world = World()
            let cache = ExportCache()
            var previous = PreviousExport.none
            var changed = 0
            for step in 1...40 {
                let now = Int64(step) * 1_000
                cache.dirty = []
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    cache.dirty.formUnion(world.step(Int.random(in: 0..<world.people.count, using: &generator), at: now, using: &generator))
                }
                let input = world.input(at: now)
                let cached = plan(destination, workspace, input, previous: previous, cache: cache)
                let fresh = plan(destination, workspace, input, previous: previous, cache: nil)
                let what = "seed \(seed), \(destination.id.value), step \(step)"
                #expect(cached.files == fresh.files, "\(what)")
                #expect(cached.removed == fresh.removed, "\(what)")
                #expect(cached.manifest == fresh.manifest, "\(what)")
                #expect(cached.changes == fresh.changes, "\(what)")
                guard cached.files == fresh.files, cached.manifest == fresh.manifest else { return }
                if !fresh.changes.values.allSatisfy(\.isEmpty) { changed += 1 }
                previous = previous.after(fresh)
            }
            // The walk really moved the audience most of the time.
            #expect(changed > 5, "seed \(seed), \(destination.id.value)")
        }
    }

    /// With a cache, an export looks at the profiles named dirty and no others: its cost follows
    /// the change, not the audience.
    @Test(arguments: destinations)
    func anExportWithACacheLooksOnlyAtDirtyProfiles(json: String) throws {
        let (workspace, destination) = try F.destination(json)
        let people = (0..<500).map { F.person(crm: "\($0)", emails: ["p\($0)@x.com"], first: "P", last: "L\($0)", tier: "gold") }
        var memberships: [String: [String: Membership]] = [:]
        for person in people {
            memberships["gold", default: [:]][person.identities[0].description] = Membership(status: .realized, lastQualificationTime: 1)
        }
        let lookups = Mutex(0)
        func input(_ people: [Profile], at now: Int64) -> ActivationInput {
            let byKey = Dictionary(uniqueKeysWithValues: people.map { ($0.identities[0].description, $0) })
            return ActivationInput(profile: { key in
                lookups.withLock { $0 += 1 }
                return byKey[key]
            }, memberships: memberships, evaluatedAt: now)
        }
        let cache = ExportCache()
        let first = plan(destination, workspace, input(people, at: 1_000), previous: .none, cache: cache)
        #expect(lookups.withLock { $0 } >= 500)
        var changed = people
        changed[250] = F.person(crm: "250", emails: ["p250@x.com"], first: "Q", last: "L250", tier: "gold")
        lookups.withLock { $0 = 0 }
        cache.dirty = [changed[250].identities[0].description]
        let second = plan(destination, workspace, input(changed, at: 2_000), previous: PreviousExport.none.after(first), cache: cache)
        #expect(lookups.withLock { $0 } <= 2)
        // The destinations that send the first name see a change; the one that deduplicates by it
        // now sends one more row (everyone else still shares the old name).
        let expected = switch destination.id.value {
        case "mail", "hook": RowChanges(changed: 1)
        case "feed": RowChanges(entered: 1)
        default: RowChanges()
        }
        #expect(second.changes["gold"] == expected)
    }
}
