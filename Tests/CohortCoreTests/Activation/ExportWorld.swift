import CohortSampleData
@testable import CohortCore

/// Destinations of every kind and a small world of people who change, for the tests of exports
/// planned from stored state against exports planned from the files.
enum ExportWorld {
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
}
