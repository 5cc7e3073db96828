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
    private var profiles: ProfileState
    private var book: MembershipBook
    private var segments: SegmentSet
    private var time: TimeDependence
    /// Profile key → the next moment time alone could change its memberships.
    private var wakes: [String: Int64] = [:]
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
        profiles = ProfileState(workspace: builder.workspace)
        book = MembershipBook()
        segments = SegmentSet(workspace: Workspace())
        time = TimeDependence(segments: segments, timeZone: "UTC")
        try reloadState(memberships: memberships)
    }
    /// Seconds per phase of the last batch of files (for `cohort bench run`).
    public private(set) var lastTimings: [(phase: String, seconds: Double)] = []

    /// The workspace definitions in use (the last ones that validated).
    public var workspace: Workspace { builder.workspace }

    /// The earliest moment at which time alone could change a membership, if any.
    public var nextWake: Int64? { wakes.values.min() }

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
        let delta = profiles.add(try store.records(fromSequence: first))
        // Named before anything can fail: a step that fails leaves them for the next export.
        exportCache.dirty.formUnion(delta.updated + delta.removed)
        phases.lap("stitch and merge", into: &report.timings)
        let changes = try evaluate(delta, now: now)
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
        return lines + [Self.summary(what: what, profiles: delta.updated.count, changes: changes, exports: exports, started: started)]
    }

    // MARK: Time

    /// Re-evaluates the profiles whose next time-driven change has come. Returns a line if anything changed.
    public func advanceClock() throws -> [String] {
        let now = clock()
        let due = wakes.filter { $0.value <= now }.keys.sorted()
        guard !due.isEmpty else { return [] }
        let started = DispatchTime.now()
        exportCache.dirty.formUnion(due)
        let changes = try evaluate(ProfileState.Delta(removed: [], updated: due), now: now)
        guard !changes.isEmpty else { return [] }
        let exports = try export(now: now)
        return [Self.summary(what: "time \(Timestamp.rfc3339(now))", profiles: due.count, changes: changes, exports: exports, started: started)]
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
        if Self.profilesDepend(on: old, new) {
            let report = try builder.build(rebuild: false, now: Self.date(now), asOf: now)
            try reloadState(memberships: report.memberships)
            let exports = Self.exportLines(report.exports)
            lines.append(Self.summary(what: "definitions", profiles: profiles.entries.count, changes: [:], exports: exports, started: started))
            return lines
        }
        let oldSegments = segments
        segments = SegmentSet(workspace: new)
        time = TimeDependence(segments: segments, timeZone: new.settings.timezone.value)
        let affected = Self.affectedSegments(old: oldSegments, new: segments, oldWorkspace: old, newWorkspace: new)
        var changes: [String: (entered: Int, exited: Int)] = [:]
        if !affected.isEmpty {
            book.prune(segments: Set(segments.segments.map(\.id)), now: now)
            changes = reevaluate(Array(profiles.entries.values), only: affected, now: now)
            try store.saveMemberships(book.memberships)
        }
        let exports = try export(now: now)
        lines.append(Self.summary(what: "definitions", profiles: affected.isEmpty ? 0 : profiles.entries.count, changes: changes,
                                  exports: exports, started: started))
        return lines
    }

    // MARK: Steps

    private func reloadState(memberships: [String: [String: Membership]]) throws {
        exported = [:]
        exportCache = ExportCache()
        segments = SegmentSet(workspace: workspace)
        time = TimeDependence(segments: segments, timeZone: workspace.settings.timezone.value)
        profiles = ProfileState(workspace: workspace)
        _ = profiles.add(try store.allRecords())
        book = MembershipBook(memberships)
        let now = clock()
        let (entries, time) = (Array(profiles.entries), self.time)
        let next = entries.parallelMap { time.nextChange(after: now, attributes: $0.value.profile.packedAttributes, events: $0.value.events) }
        wakes = Dictionary(uniqueKeysWithValues: zip(entries.map(\.key), next).compactMap { key, wake in wake.map { (key, $0) } })
        // The build just wrote the exports, so this writes nothing: it reads each destination's
        // folder into the export cache now, so that the first batch costs what it changes.
        _ = try export(now: now)
    }

    /// Moves memberships on for the profiles a delta names; returns entries and exits per segment.
    private func evaluate(_ delta: ProfileState.Delta, now: Int64) throws -> [String: (entered: Int, exited: Int)] {
        book.rekey(delta.removed, currentKey: { [profiles] key in Identity(parsing: key).flatMap(profiles.key(of:)) }, now: now)
        for key in delta.removed { wakes[key] = nil }
        let entries = delta.updated.compactMap { profiles.entries[$0] }
        let changes = reevaluate(entries, only: nil, now: now, previous: delta.previous)
        try store.saveMemberships(of: Set(delta.removed + delta.updated), from: book.memberships)
        return changes
    }

    /// Evaluates segments for `entries` at `now`: `only` these (keeping the rest), or those a change
    /// from `previous` can affect, or (for time) all.
    private func reevaluate(_ entries: [UnifiedProfiles.Entry], only: Set<String>?, now: Int64,
                            previous: [String: UnifiedProfiles.Entry]? = nil) -> [String: (entered: Int, exited: Int)] {
        var changes: [String: (entered: Int, exited: Int)] = [:]
        let ids = segments.segments.map(\.id).filter { only?.contains($0) ?? true }
        for case let (key, members, wake)? in outcomes(entries, only: only, now: now, previous: previous) {
            let (entered, exited) = book.record(key, in: members, of: ids, now: now)
            for segment in entered { changes[segment, default: (0, 0)].entered += 1 }
            for segment in exited { changes[segment, default: (0, 0)].exited += 1 }
            wakes[key] = wake
        }
        return changes
    }

    /// Each profile's new memberships and next wake, worked out on every core (a profile reads only
    /// its own memberships). The copies of the state it reads die on return, so that recording the
    /// outcomes then changes the state in place rather than copying it.
    private func outcomes(_ entries: [UnifiedProfiles.Entry], only: Set<String>?, now: Int64,
                          previous: [String: UnifiedProfiles.Entry]?) -> [(key: String, members: Set<String>, wake: Int64?)?] {
        let context = PQLContext(attributes: [:], events: [], now: now, timeZone: workspace.settings.timezone.value)
        let (book, wakes, segments, time) = (self.book, self.wakes, self.segments, self.time)
        return entries.parallelMap(chunk: 32) { entry -> (key: String, members: Set<String>, wake: Int64?)? in
            guard let key = entry.profile.identities.first?.description else { return nil }
            var context = context
            context.attributes = entry.profile.packedAttributes
            context.events = entry.eventAttributes
            let members: Set<String>
            if let previous, (wakes[key] ?? .max) > now {
                // Time has not come for this profile, so only what its change affects can differ.
                context.memberships = book.segments(of: key)
                members = segments.memberships(context, after: ProfileChange(from: previous[key], to: entry))
            } else {
                context.memberships = only.map { book.segments(of: key).subtracting($0) } ?? []
                members = segments.memberships(context, only: only)
            }
            return (key, members, time.nextChange(after: now, attributes: entry.profile.packedAttributes, events: entry.events))
        }
    }

    private func export(now: Int64) throws -> [String] {
        let entries = profiles.entries
        let input = ActivationInput(profile: { entries[$0]?.profile }, memberships: book.memberships, evaluatedAt: now)
        let blocked = Set(builder.violations.map(\.destination))
        let outcomes = try Activation(root: root, workspace: workspace, blocked: blocked).run(input, write: true, remembering: &exported, cache: exportCache)
        exportCache.dirty = []
        return Self.exportLines(outcomes)
    }

    // MARK: Output

    private static func exportLines(_ outcomes: [Activation.Outcome]) -> [String] {
        outcomes.flatMap { outcome in (outcome.created + outcome.rewritten + outcome.deleted).map { "exports/\(outcome.destination)/\($0)" } }
    }

    /// `2 files → 812 profiles; gold-members +12 −3; wrote exports/email-sftp/… (52 ms)`
    private static func summary(what: String, profiles: Int, changes: [String: (entered: Int, exited: Int)], exports: [String],
                                started: DispatchTime) -> String {
        var parts = ["\(what) → \(profiles) \(profiles == 1 ? "profile" : "profiles")"]
        let segments = changes.keys.sorted().compactMap { id -> String? in
            guard let change = changes[id], change.entered + change.exited > 0 else { return nil }
            return "\(id) +\(change.entered) −\(change.exited)"
        }
        if !segments.isEmpty { parts.append(segments.joined(separator: ", ")) }
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

extension ProfileState {
    /// Profiles of a workspace by its default merge policy and limits.
    init(workspace: Workspace) {
        self.init(namespaces: workspace.allNamespaces, identitiesPerGraph: workspace.settings.limits.identitiesPerGraph,
                  policy: workspace.profileMergePolicy)
    }
}
