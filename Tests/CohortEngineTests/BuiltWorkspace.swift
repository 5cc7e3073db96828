import CohortCore
@testable import CohortEngine
import Foundation

/// A build's report with the profiles and memberships it left in the store, read right after it:
/// a build itself holds neither, and tests compare one build's with another's.
@dynamicMemberLookup
struct BuiltWorkspace {
    let report: Builder.Report
    let profiles: UnifiedProfiles?
    let memberships: [String: [String: Membership]]

    subscript<T>(dynamicMember path: KeyPath<Builder.Report, T>) -> T { report[keyPath: path] }
}

extension Builder {
    /// Builds, then reads the profiles of the default merge policy's group and the memberships from the store.
    func built(rebuild: Bool, now: Date = Date(), asOf: Int64? = nil) throws -> BuiltWorkspace {
        let report = try build(rebuild: rebuild, now: now, asOf: asOf)
        let group = PolicyGroup.inUse(workspace)[0]
        let store = try RecordStore(readingFrom: storeFolder)
        return BuiltWorkspace(report: report, profiles: try profiles(store: store, group: group), memberships: try store.memberships())
    }
}
