import CohortCore
import Foundation

/// The incremental engine behind `cohort watch`. After one full build it keeps profiles,
/// memberships and exports current as data files arrive, definitions change and time passes:
/// a batch re-stitches only the identity components it touches, re-evaluates only the profiles that
/// changed (or whose time came), and rewrites only the export files whose bytes change.
public final class WatchSession {
    public let root: URL
    private var builder: Builder
    private var store: RecordStore
    /// The profiles of each merge policy in use and their segments; the default policy's first.
    private var views: [PolicyView] = []
    /// Segments that read segments of another group: evaluated again for every profile of their group
    /// after each change (none in most workspaces).
    private var dependents = SegmentPasses(SegmentSet(workspace: Workspace()), of: SegmentSet(workspace: Workspace()),
                                           groups: [])
    private var book: MembershipBook
    private var segments: SegmentSet
    /// Each destination's export as last written (watch mode is the only writer while it runs).
    private var exported: [String: PreviousExport] = [:]
    /// Each destination's audiences as last exported, and the profiles changed since.
    private var exportCache = ExportCache()
    private let clock: () -> Int64

    /// Builds the workspace once (ingesting what the inbox holds), hands that build's report to
    /// `initialBuild`, and loads the state from the store. `clock` gives "now" in milliseconds: the
    /// wall clock, or a fixed or simulated time in tests.
    public init(root: URL, clock: @escaping () -> Int64, initialBuild: (Builder.Report) -> Void = { _ in }) throws {
        self.root = root.standardizedFileURL
        self.clock = clock
        builder = try Builder(root: root)
        // The report holds every profile: it is let go before the session loads its own state.
        let memberships: [String: [String: Membership]]
        do {
            let report = try builder.build(rebuild: false, now: Self.date(clock()), asOf: clock())
            initialBuild(report)
            memberships = report.memberships
        }
        store = try RecordStore(folder: builder.storeFolder)
        // Placeholders until `reloadState` loads the real state from the store.
        book = MembershipBook()
        segments = SegmentSet(workspace: Workspace())
        try reloadState(memberships: memberships)
    }
    /// Seconds per phase of the last batch of files (for `cohort bench run`).
    public private(set) var lastTimings: [(phase: String, seconds: Double)] = []

    /// The workspace definitions in use (the last ones that validated).
    public var workspace: Workspace { builder.workspace }

    /// The earliest moment at which time alone could change a membership, if any.
    public var nextWake: Int64? { views.compactMap { $0.wakes.values.min() }.min() }

    // MARK: Data files

    /// Ingests the inbox files `isReady` accepts (complete files) as one batch and brings memberships
    /// and exports up to date. Returns one line per file and a summary line.
    public func ingest(where isReady: (String) -> Bool) throws -> [String] {
        let started = DispatchTime.now()
        let scan = InboxScanner(root: root).scan(datasets: Set(workspace.datasets.map(\.id.value)))
        let files = scan.pending.filter { isReady($0.path) }
        guard !files.isEmpty else { return [] }
        let now = clock()
        var report = Builder.Report()
        var phases = PhaseClock()
        let first = try store.nextSequence()
        let ledger = LedgerFile(root: root)
        for file in files {
            try builder.ingestNew(file, store: store, ledger: ledger, now: Self.date(now), dryRun: false, report: &report)
        }
        phases.lap("ingest", into: &report.timings)
        let records = try store.records(fromSequence: first)
        var deltas: [ProfileState.Delta] = []
        for index in views.indices {
            let delta = views[index].profiles.add(records)
            // Named before anything can fail: a step that fails leaves them for the next export.
            exportCache.dirty.formUnion(delta.updated + delta.removed)
            deltas.append(delta)
        }
        phases.lap("stitch and merge", into: &report.timings)
        var changes: SegmentChanges = [:]
        for (index, delta) in deltas.enumerated() {
            MembershipBook.add(try evaluate(delta, in: index, now: now), to: &changes)
        }
        MembershipBook.add(try evaluateDependents(now: now), to: &changes)
        phases.lap("segments", into: &report.timings)
        let exports = try export(now: now)
        phases.lap("exports", into: &report.timings)
        lastTimings = report.timings
        // One file is one line (`inbox/crm/day2.csv: 1000 records (3 rejected) → 812 profiles; …`);
        // a batch of several lists its files, then the batch.
        let what = report.fileLines.count == 1 ? report.fileLines[0] : "\(files.count) files"
        let lines = (report.strays + report.duplicates).map { "warning: \($0)" }
            + report.failedFiles.map { "error: \($0)" } + (report.fileLines.count == 1 ? [] : report.fileLines)
        // Files left alone (links, files still being written) change nothing: their warnings say so.
        guard !report.fileLines.isEmpty else { return lines }
        let profiles = deltas.first?.updated.count ?? 0
        return lines + [Self.summary(what: what, profiles: profiles, changes: changes, exports: exports, started: started)]
    }

    // MARK: Time

    /// Re-evaluates the profiles whose next time-driven change has come. Returns a line if anything changed.
    public func advanceClock() throws -> [String] {
        let now = clock()
        let due = views.map { $0.wakes.filter { $0.value <= now }.keys.sorted() }
        guard due.contains(where: { !$0.isEmpty }) else { return [] }
        let started = DispatchTime.now()
        var changes: SegmentChanges = [:]
        for (index, keys) in due.enumerated() where !keys.isEmpty {
            exportCache.dirty.formUnion(keys)
            let delta = ProfileState.Delta(removed: [], updated: keys)
            MembershipBook.add(try evaluate(delta, in: index, now: now), to: &changes)
        }
        MembershipBook.add(try evaluateDependents(now: now), to: &changes)
        guard !changes.isEmpty else { return [] }
        let exports = try export(now: now)
        let what = "time \(Timestamp.rfc3339(now))"
        return [Self.summary(what: what, profiles: Set(due.joined()).count, changes: changes, exports: exports,
                             started: started)]
    }

    // MARK: Definitions

    /// Re-reads the definitions. With errors, returns them and keeps the last good state and exports;
    /// otherwise re-evaluates what the edit affects and brings exports up to date.
    public func reloadDefinitions() throws -> [String] {
        let started = DispatchTime.now()
        let result = try WorkspaceFiles(root: root).load()
        guard result.definitionErrors.isEmpty else {
            return result.diagnostics.map(\.description) + ["definitions have errors: the last good definitions and exports stay"]
        }
        let old = workspace
        let new = result.workspace
        guard old != new else { return [] }
        let now = clock()
        var lines = result.violations.flatMap(\.diagnostics).map(\.description)
        builder = try Builder(root: root, loaded: result)
        // What was kept for the old definitions no longer holds, whatever happens next.
        exported = [:]
        exportCache = ExportCache()
        // A segment that moves to another merge policy is keyed by that policy's profiles: a build moves it.
        if Self.profilesDepend(on: old, new) || Self.policiesChanged(old, new) {
            let report = try builder.build(rebuild: false, now: Self.date(now), asOf: now)
            try reloadState(memberships: report.memberships)
            let exports = Self.exportLines(report.exports)
            let count = views.first?.profiles.entries.count ?? 0
            lines.append(Self.summary(what: "definitions", profiles: count, changes: report.segmentChanges,
                                      identityRules: report.identityRuleChanges, exports: exports, started: started))
            return lines
        }
        let oldSegments = segments
        segments = SegmentSet(workspace: new)
        useSegments(timeZone: new.settings.timezone.value)
        let affected = Self.affectedSegments(old: oldSegments, new: segments, oldWorkspace: old, newWorkspace: new)
        var changes: SegmentChanges = [:]
        if !affected.isEmpty {
            book.prune(segments: Set(segments.segments.map(\.id)), now: now)
            for index in views.indices {
                let entries = Array(views[index].profiles.entries.values)
                MembershipBook.add(reevaluate(entries, in: index, only: affected, now: now), to: &changes)
            }
            MembershipBook.add(try evaluateDependents(now: now), to: &changes)
            try store.saveMemberships(book.memberships)
        }
        let exports = try export(now: now)
        let count = affected.isEmpty ? 0 : views.first?.profiles.entries.count ?? 0
        lines.append(Self.summary(what: "definitions", profiles: count, changes: changes, exports: exports,
                                  started: started))
        return lines
    }

    // MARK: Steps

    private func reloadState(memberships: [String: [String: Membership]]) throws {
        exported = [:]
        exportCache = ExportCache()
        segments = SegmentSet(workspace: workspace)
        let records = try store.allRecords()
        let now = clock()
        views = PolicyGroup.inUse(workspace).map { PolicyView(group: $0, workspace: workspace) }
        useSegments(timeZone: workspace.settings.timezone.value)
        views = views.map { view in
            var view = view
            _ = view.profiles.add(records)
            let (entries, time) = (Array(view.profiles.entries), view.time)
            let next = entries.parallelMap {
                time.nextChange(after: now, attributes: $0.value.profile.packedAttributes, events: $0.value.events)
            }
            view.wakes = Dictionary(uniqueKeysWithValues: zip(entries.map(\.key), next).compactMap { key, wake in
                wake.map { (key, $0) }
            })
            return view
        }
        book = MembershipBook(memberships)
        // The build just wrote the exports, so this writes nothing: it reads each destination's
        // folder into the export cache now, so that the first batch costs what it changes.
        _ = try export(now: now)
    }

    /// Gives each view its segments of `segments`, and the segments that read another group's to `dependents`.
    private func useSegments(timeZone: String) {
        let groups = views.map(\.group)
        let reading = SegmentPasses.readingOtherGroups(segments, groups: groups)
        for index in views.indices { views[index].use(segments, leavingOut: reading, timeZone: timeZone) }
        dependents = SegmentPasses(segments.filter { reading.contains($0.id) }, of: segments, groups: groups)
    }

    /// Evaluates the segments that read another group's segments again for every profile of their group.
    private func evaluateDependents(now: Int64) throws -> SegmentChanges {
        guard !dependents.passes.isEmpty else { return [:] }
        let views = self.views
        let changes = dependents.evaluate(entries: { Array(views[$0].profiles.entries.values) },
                                          key: { views[$0].profiles.key(of: $1) },
                                          into: &book, now: now, timeZone: workspace.settings.timezone.value)
        for pass in dependents.passes { exportCache.dirty.formUnion(views[pass.group].profiles.entries.keys) }
        try store.saveMemberships(book.memberships)
        return changes
    }

    /// Moves memberships on for the profiles a delta of view `index` names; returns entries and exits per segment.
    private func evaluate(_ delta: ProfileState.Delta, in index: Int, now: Int64) throws -> SegmentChanges {
        let profiles = views[index].profiles
        var changes = book.rekey(delta.removed, among: views[index].segmentIDs,
                                 currentKey: { key in Identity(parsing: key).flatMap(profiles.key(of:)) }, now: now)
        for key in delta.removed { views[index].wakes[key] = nil }
        let entries = delta.updated.compactMap { profiles.entries[$0] }
        MembershipBook.add(reevaluate(entries, in: index, only: nil, now: now, previous: delta.previous), to: &changes)
        try store.saveMemberships(of: Set(delta.removed + delta.updated), from: book.memberships)
        return changes
    }

    /// Evaluates the segments of view `index` for `entries` at `now`: `only` these (keeping the rest),
    /// or those a change from `previous` can affect, or (for time) all.
    private func reevaluate(_ entries: [UnifiedProfiles.Entry], in index: Int, only: Set<String>?, now: Int64,
                            previous: [String: UnifiedProfiles.Entry]? = nil) -> SegmentChanges {
        var changes: SegmentChanges = [:]
        let ids = views[index].segments.segments.map(\.id).filter { only?.contains($0) ?? true }
        guard !ids.isEmpty else { return changes }
        // The view is passed, not kept: the wakes below then change in place rather than as a copy.
        let outcomes = outcomes(entries, in: views[index], only: only, now: now, previous: previous)
        for case let (key, members, wake)? in outcomes {
            let (entered, exited) = book.record(key, in: members, of: ids, now: now)
            for segment in entered { changes[segment, default: (0, 0)].entered += 1 }
            for segment in exited { changes[segment, default: (0, 0)].exited += 1 }
            views[index].wakes[key] = wake
        }
        return changes
    }

    /// Each profile's new memberships and next wake, worked out on every core (a profile reads only
    /// its own memberships). The copies of the state it reads die on return, so that recording the
    /// outcomes then changes the state in place rather than copying it.
    private func outcomes(_ entries: [UnifiedProfiles.Entry], in view: PolicyView, only: Set<String>?, now: Int64,
                          previous: [String: UnifiedProfiles.Entry]?) -> [(key: String, members: Set<String>, wake: Int64?)?] {
        let context = PQLContext(attributes: [:], events: [], now: now, timeZone: workspace.settings.timezone.value)
        let (book, wakes, segments, time) = (self.book, view.wakes, view.segments, view.time)
        return entries.parallelMap(chunk: 32) { entry -> (key: String, members: Set<String>, wake: Int64?)? in
            guard let key = entry.profile.identities.first?.description else { return nil }
            var context = context
            context.attributes = entry.profile.packedAttributes
            context.events = entry.eventAttributes
            let members: Set<String>
            if let previous, (wakes[key] ?? .max) > now {
                // Time has not come for this profile, so only what its change affects can differ.
                context.memberships = book.segments(of: key)
                let change = ProfileChange(from: previous[key], to: entry)
                members = segments.memberships(context, after: change, others: entry.otherAttributes)
            } else {
                context.memberships = only.map { book.segments(of: key).subtracting($0) } ?? []
                members = segments.memberships(context, only: only, others: entry.otherAttributes)
            }
            return (key, members, time.nextChange(after: now, attributes: entry.profile.packedAttributes, events: entry.events))
        }
    }

    private func export(now: Int64) throws -> [String] {
        let entries = views.first?.profiles.entries ?? [:]
        var input = ActivationInput(profile: { entries[$0]?.profile }, memberships: book.memberships, evaluatedAt: now)
        input.otherPolicies = Builder.otherPolicies(of: workspace, groups: views.map { view in
            let entries = view.profiles.entries
            return (view.group, { entries[$0] })
        })
        let blocked = Set(builder.violations.map(\.destination))
        let outcomes = try Activation(root: root, workspace: workspace, blocked: blocked).run(input, write: true, remembering: &exported, cache: exportCache)
        exportCache.dirty = []
        return Self.exportLines(outcomes)
    }

    // MARK: Output

    private static func exportLines(_ outcomes: [Activation.Outcome]) -> [String] {
        outcomes.flatMap { outcome in (outcome.created + outcome.rewritten + outcome.deleted).map { "exports/\(outcome.destination)/\($0)" } }
    }

    /// `2 files → 812 profiles; gold-members +12 −3; wrote exports/email-sftp/… (52 ms)`; after an
    /// identity-rule edit, `…; identity rules changed: 3 profiles split, 0 merged; …` as `build` says it.
    private static func summary(what: String, profiles: Int, changes: SegmentChanges,
                                identityRules: GraphChanges? = nil, exports: [String],
                                started: DispatchTime) -> String {
        var parts = ["\(what) → \(profiles) \(profiles == 1 ? "profile" : "profiles")"]
        let segments = changes.keys.sorted().compactMap { id -> String? in
            guard let change = changes[id], change.entered + change.exited > 0 else { return nil }
            return "\(id) +\(change.entered) −\(change.exited)"
        }
        if !segments.isEmpty { parts.append(segments.joined(separator: ", ")) }
        if let identityRules {
            parts.append("identity rules changed: \(identityRules.split) profiles split, "
                         + "\(identityRules.merged) merged")
        }
        parts.append(exports.isEmpty ? "exports unchanged" : "wrote " + exports.joined(separator: ", "))
        let milliseconds = (DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000
        return parts.joined(separator: "; ") + " (\(milliseconds) ms)"
    }

    // MARK: What an edit affects

    /// Schemas, namespaces, datasets, merge policies and settings shape the profiles themselves.
    private static func profilesDepend(on old: Workspace, _ new: Workspace) -> Bool {
        old.schemas != new.schemas || old.namespaces != new.namespaces || old.datasets != new.datasets
            || old.mergePolicies != new.mergePolicies || old.settings != new.settings
    }

    /// Whether an edit changes the profiles some segment is evaluated on: the merge policies in use, or
    /// the policy of a segment that stays.
    private static func policiesChanged(_ old: Workspace, _ new: Workspace) -> Bool {
        let policy = { (workspace: Workspace) in
            Dictionary(workspace.segments.map { ($0.id.value, workspace.mergePolicy(of: $0).id.value) },
                       uniquingKeysWith: { first, _ in first })
        }
        let (before, after) = (policy(old), policy(new))
        return PolicyGroup.inUse(old) != PolicyGroup.inUse(new)
            || before.contains { id, policy in after[id].map { $0 != policy } ?? false }
    }

    /// Segments added or changed, and every segment that reads one of them through `inSegment`.
    private static func affectedSegments(old: SegmentSet, new: SegmentSet, oldWorkspace: Workspace, newWorkspace: Workspace) -> Set<String> {
        let before = Dictionary(uniqueKeysWithValues: old.segments.map { ($0.id, $0) })
        var affected = Set(new.segments.filter { segment in
            guard let previous = before[segment.id] else { return true }
            return previous.node != segment.node || previous.excludeOptOut != segment.excludeOptOut
                || oldWorkspace.segment(segment.id)?.mergePolicy != newWorkspace.segment(segment.id)?.mergePolicy
        }.map(\.id))
        let removed = Set(before.keys).subtracting(new.segments.map(\.id))
        var grew = true
        while grew {
            grew = false
            for segment in new.segments where !affected.contains(segment.id) {
                if segment.dependencies.segments.keys.contains(where: { affected.contains($0) || removed.contains($0) }) {
                    affected.insert(segment.id)
                    grew = true
                }
            }
        }
        return affected
    }

    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

/// The profiles of one group of merge policies in use, kept current, and the segments evaluated on them.
private struct PolicyView {
    var profiles: ProfileState
    var segments: SegmentSet
    var time: TimeDependence
    /// Profile key → the next moment time alone could change its memberships.
    var wakes: [String: Int64] = [:]
    /// Every segment of the group, those evaluated elsewhere too (their memberships follow merges and splits here).
    var segmentIDs = Set<String>()
    let group: PolicyGroup

    /// A view with no segments yet (`use` gives them).
    init(group: PolicyGroup, workspace: Workspace) {
        self.group = group
        profiles = ProfileState(namespaces: workspace.allNamespaces,
                                identitiesPerGraph: workspace.settings.limits.identitiesPerGraph,
                                policy: group.base, alsoMergedBy: group.others)
        segments = SegmentSet(workspace: Workspace())
        time = TimeDependence(segments: segments, timeZone: workspace.settings.timezone.value)
    }

    /// Takes the group's segments of `all` but those `leavingOut` names (evaluated elsewhere); time
    /// wakes a profile for any of the group's segments.
    mutating func use(_ all: SegmentSet, leavingOut: Set<String>, timeZone: String) {
        let own = all.segments(under: group)
        segments = own.filter { !leavingOut.contains($0.id) }
        segmentIDs = Set(own.segments.map(\.id))
        time = TimeDependence(segments: own, timeZone: timeZone)
    }
}
