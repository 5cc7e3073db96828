import CohortCore
@testable import CohortEngine
import Foundation

/// A build's report with the profiles it left in the store, read right after it: a build itself
/// holds no profiles, and tests compare the profiles of one build with another's.
@dynamicMemberLookup
struct BuiltWorkspace {
    let report: Builder.Report
    let profiles: UnifiedProfiles?

    subscript<T>(dynamicMember path: KeyPath<Builder.Report, T>) -> T { report[keyPath: path] }
}

extension Builder {
    /// Builds, then reads the profiles of the default merge policy's group from the store.
    func built(rebuild: Bool, now: Date = Date(), asOf: Int64? = nil) throws -> BuiltWorkspace {
        let report = try build(rebuild: rebuild, now: now, asOf: asOf)
        let group = PolicyGroup.inUse(workspace)[0]
        return BuiltWorkspace(report: report, profiles: try profiles(store: RecordStore(readingFrom: storeFolder), group: group))
    }
}
