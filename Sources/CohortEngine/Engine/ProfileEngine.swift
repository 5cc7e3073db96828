import CohortCore
import Foundation

/// The one engine behind `cohort build` and `cohort watch`: a step over the state the store keeps
/// (components, profiles, wake-up times, memberships), whose work grows with what it touches. Its
/// input is a change: records of files ingested since sequence N, time passing (profiles whose
/// wake-up time has come), or — for a rebuild, changed identity rules or changed definitions —
/// everything. A step re-stitches and re-merges only the components the change touches, a batch of
/// components at a time, evaluates every segment for their profiles, and writes profiles and
/// memberships before the next batch: no step holds every record or every profile.
struct ProfileEngine {
    /// What a step is asked to look at again.
    struct Change {
        /// The first ledger sequence ingested since the last step, if any.
        var newRecordsFrom: Int?
        /// Every component: the state was rebuilt, or definitions changed what profiles and memberships are.
        var everything = false
        /// With `everything`: profiles were keyed under other identity rules; their memberships move to
        /// the keys of the profiles now holding their identities before anything is evaluated.
        var rekeyAll = false
        /// When segments are evaluated (ms).
        var now: Int64
    }

    /// What a step did.
    struct Outcome {
        /// Profiles entered and exited per segment.
        var segmentChanges: SegmentChanges = [:]
        /// Profiles of the default policy created, merged, split or given new records.
        var changedProfiles = 0
        /// The keys of every profile the step wrote or removed, in any group (exports look at them again).
        var touchedKeys = Set<String>()
        /// Seconds per phase, added up over the batches (for `cohort bench run`).
        var phases = PhaseTotals()
    }

    let workspace: Workspace
    let store: RecordStore
    /// Components re-stitched together: bounds the records a step holds at once.
    static let componentsPerBatch = 8_192

    private var groups: [PolicyGroup] { PolicyGroup.inUse(workspace) }
    private var linking: Set<String> { Set(workspace.allNamespaces.filter(\.type.links).map(\.id.value)) }

    func step(_ change: Change) throws -> Outcome {
        try store.beginStep()
        let segments = SegmentSet(workspace: workspace)
        let groups = self.groups
        var outcome = Outcome()
        let components: [Int64]
        var oldGraphs: [Identity: [Identity]]?
        if change.everything {
            oldGraphs = graphIndex(try store.graphs(policy: groups[0].base.id.value))
            try store.removeComponents()
            _ = try store.joinComponents(fromSequence: 0, linking: linking)
            components = try store.allComponents()
            if change.rekeyAll {
                try forEachBatch(of: components) { batch in
                    _ = try stitch(batch, groups: groups, segments: segments, now: change.now, writingOnly: true)
                }
                outcome.touchedKeys.formUnion(try rekey(groups: groups, segments: segments, now: change.now,
                                                        changes: &outcome.segmentChanges))
            }
        } else {
            components = try outcome.phases.measure("components") {
                var touched = try store.dueComponents(at: change.now)
                if let first = change.newRecordsFrom {
                    touched.formUnion(try store.joinComponents(fromSequence: first, linking: linking))
                    CrashPoint.reach("engine.components")
                }
                return touched.sorted()
            }
        }
        try forEachBatch(of: components) { batch in
            let done = try stitch(batch, groups: groups, segments: segments, now: change.now, writingOnly: false,
                                  newFrom: change.newRecordsFrom, oldGraphs: oldGraphs)
            MembershipBook.add(done.segmentChanges, to: &outcome.segmentChanges)
            outcome.changedProfiles += done.changedProfiles
            outcome.touchedKeys.formUnion(done.touchedKeys)
            outcome.phases.add(done.phases)
        }
        // Segments come and go only with definitions, which make a step look at everything.
        try store.pruneMemberships(keeping: change.everything ? Set(segments.segments.map(\.id)) : nil, now: change.now)
        CrashPoint.reach("memberships.saved")
        return outcome
    }

    private func forEachBatch(of components: [Int64], _ body: ([Int64]) throws -> Void) throws {
        for batch in RecordStore.batches(of: components, size: Self.componentsPerBatch) { try body(batch) }
    }

    /// Re-stitches and re-merges the components `batch` under every group, evaluates every segment for
    /// their profiles (unless `writingOnly`) and writes profiles and memberships.
    private func stitch(_ batch: [Int64], groups: [PolicyGroup], segments: SegmentSet, now: Int64, writingOnly: Bool,
                        newFrom: Int? = nil, oldGraphs: [Identity: [Identity]]? = nil) throws -> Outcome {
        var outcome = Outcome()
        let (records, componentOf, old) = try outcome.phases.measure("load records") {
            (try store.records(ofComponents: batch), try store.componentOfIdentities(in: batch),
             try groups.map { try store.profileRows(policy: $0.base.id.value, components: batch) })
        }
        let views = outcome.phases.measure("stitch and merge") {
            UnifiedProfiles.perGroup(records: records, workspace: workspace, groups: groups)
        }
        if !writingOnly {
            var phases = outcome.phases
            let newKeys = views.map { Set($0.entries.compactMap(\.key)) }
            let keys = Set(old.flatMap { $0.map(\.key) }).union(newKeys.joined())
            let before = try phases.measure("load memberships") { try store.memberships(of: keys) }
            var book = MembershipBook(before)
            for (index, group) in groups.enumerated() {
                let removed = old[index].map(\.key).filter { !newKeys[index].contains($0) }
                let ids = Set(segments.segments(under: group).segments.map(\.id))
                let view = views[index]
                let moved = book.rekey(removed, among: ids, currentKey: { Identity(parsing: $0).flatMap(view.entry(for:))?.key },
                                       now: now)
                MembershipBook.add(moved, to: &outcome.segmentChanges)
            }
            let evaluated = phases.measure("segments") {
                SegmentPasses(segments, of: segments, groups: groups).evaluate(
                    entries: { views[$0].entries }, key: { views[$0].entry(for: $1)?.key },
                    into: &book, now: now, timeZone: workspace.settings.timezone.value)
            }
            MembershipBook.add(evaluated, to: &outcome.segmentChanges)
            book.prune(segments: Set(segments.segments.map(\.id)), now: now)
            // Only profiles whose memberships changed are written: a row keeps the step it entered in.
            let changed = MembershipBook.changedKeys(from: before, to: book.memberships, among: keys)
            try phases.measure("save memberships") { try store.saveMemberships(of: changed, from: book.memberships) }
            CrashPoint.reach("engine.memberships")
            outcome.phases = phases
            outcome.touchedKeys = keys
            outcome.changedProfiles = changedCount(views[0], old: old[0], records: records, newFrom: newFrom, oldGraphs: oldGraphs)
        }
        try outcome.phases.measure("save profiles") {
            try saveProfiles(views, replacing: old, groups: groups, segments: segments, batch: batch, componentOf: componentOf,
                             now: now)
        }
        CrashPoint.reach("engine.profiles")
        return outcome
    }

    /// Writes the graph stats and each group's profiles of components `batch`, with their wake-up times.
    private func saveProfiles(_ views: [UnifiedProfiles], replacing old: [[RecordStore.StoredProfileRow]], groups: [PolicyGroup],
                              segments: SegmentSet, batch: [Int64], componentOf: [Identity: Int64], now: Int64) throws {
        try store.saveGraphStats(GraphStats.perComponent(of: views[0].graph, component: { componentOf[$0] }), components: batch)
        for (index, group) in groups.enumerated() {
            let time = TimeDependence(segments: segments.segments(under: group), timeZone: workspace.settings.timezone.value)
                .preparing(for: now)
            let entries = views[index].entries
            let wakes = entries.parallelMap { time.nextChange(after: now, attributes: $0.profile.packedAttributes, events: $0.events) }
            let rows = zip(entries, wakes).compactMap { entry, wake -> RecordStore.ProfileRow? in
                guard let component = entry.profile.identities.lazy.compactMap({ componentOf[$0] }).first else { return nil }
                return RecordStore.ProfileRow(entry: entry, component: component, wake: wake)
            }
            try store.replaceProfiles(policy: group.base.id.value, others: group.others.map(\.id.value), components: batch, with: rows,
                                      replacing: old[index])
        }
    }

    /// How many profiles of `view` are new graphs or hold an identity of a record read since `newFrom`
    /// (`ProfileChangeSet`): the old graphs are the batch's stored ones, or all (`oldGraphs`) when the
    /// components themselves were made again.
    private func changedCount(_ view: UnifiedProfiles, old: [RecordStore.StoredProfileRow], records: [StoredRecord],
                              newFrom: Int?, oldGraphs: [Identity: [Identity]]?) -> Int {
        let current = view.entries.map(\.profile.identities)
        let previous = oldGraphs.map { index in Set(current.flatMap { $0.compactMap { index[$0] } }).map { $0 } }
            ?? old.map(\.identities)
        // Only a graph that was there before can be changed by its records alone: without previous
        // graphs (a rebuild), every graph is new and the records need not be looked at.
        let touched = previous.isEmpty ? []
            : newFrom.map { first in Set(records.filter { $0.origin.sequence >= first }.flatMap(\.identities)) } ?? []
        return ProfileChangeSet(previous: previous, current: current, touched: touched).changed.count
    }

    /// Each identity's graph among `graphs`.
    private func graphIndex(_ graphs: [[Identity]]) -> [Identity: [Identity]] {
        var index: [Identity: [Identity]] = [:]
        for graph in graphs { for identity in graph { index[identity] = graph } }
        return index
    }

    /// After components were made again: the memberships of each group's segments held by keys that
    /// no longer name a profile of the group (merged, split, or keyed under another policy before a
    /// segment moved) move to the profile now holding that identity; returns the keys it changed.
    private func rekey(groups: [PolicyGroup], segments: SegmentSet, now: Int64,
                       changes: inout SegmentChanges) throws -> Set<String> {
        var touched = Set<String>()
        for group in groups {
            let policy = group.base.id.value
            let ids = Set(segments.segments(under: group).segments.map(\.id))
            let current = Set(try store.graphs(policy: policy).compactMap { $0.first?.description })
            let removed = try store.memberKeys(of: ids).subtracting(current).sorted()
            guard !removed.isEmpty else { continue }
            var targets: [String: String] = [:]
            for key in removed {
                if let identity = Identity(parsing: key), let target = try store.key(holding: identity, policy: policy) {
                    targets[key] = target
                }
            }
            let keys = Set(removed).union(targets.values)
            var book = MembershipBook(try store.memberships(of: keys))
            MembershipBook.add(book.rekey(removed, among: ids, currentKey: { targets[$0] }, now: now), to: &changes)
            try store.saveMemberships(of: keys, from: book.memberships)
            touched.formUnion(keys)
        }
        return touched
    }
}
