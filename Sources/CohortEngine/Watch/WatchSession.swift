import CohortCore
import Foundation

/// `cohort watch`: a loop around the engine's step (`ProfileEngine`, as `cohort build` runs it). After
/// one build it keeps exports current as data files arrive, definitions change and time passes: each
/// step re-stitches only the components it touches and evaluates only their profiles (or, after a
/// definition edit, what the edit changed), and each export rewrites only the files whose bytes change.
/// Exports resume each destination's state from the store, as builds do. Between steps the session
/// keeps only the files it last exported and the profiles touched since — never the records,
/// profiles or memberships themselves.
public final class WatchSession {
    public let root: URL
    private var builder: Builder
    private let store: RecordStore
    /// Each destination's export as last written (watch mode is the only writer while it runs).
    private var exported: [String: PreviousExport] = [:]
    /// The profiles the steps since the last export touched, and that export's evaluation step.
    private var dirty = Set<String>()
    private var exportedStep: Int64
    private let clock: () -> Int64
    /// The inbox's stray files as last reported: each is reported once, until it changes or goes away.
    private var reportedStrays = Set<String>()
    /// Set while the definitions on disk do not validate (the last good ones are in use).
    private var definitionsBroken = false
    /// Strict mode from the command line: unknown keys in definitions are errors.
    private let strict: Bool

    /// Builds the workspace once (ingesting what the inbox holds), hands that build's report to
    /// `initialBuild`, and reads what exports need. `clock` gives "now" in milliseconds: the wall
    /// clock, or a fixed or simulated time in tests. `strict`: unknown keys in definitions are errors.
    public init(root: URL, clock: @escaping () -> Int64, strict: Bool = false,
                initialBuild: (Builder.Report) -> Void = { _ in }) throws {
        self.root = root.standardizedFileURL
        self.clock = clock
        self.strict = strict
        builder = try Builder(root: root, strict: strict)
        let report = try builder.build(rebuild: false, now: Self.date(clock()), asOf: clock(), trigger: "watch")
        reportedStrays = Set(report.strays)
        initialBuild(report)
        store = try RecordStore(folder: builder.storeFolder)
        exportedStep = try store.evaluationStep()
    }

    /// Seconds per phase of the last batch of files (for `cohort bench run`).
    public private(set) var lastTimings: [(phase: String, seconds: Double)] = []

    /// The workspace definitions in use (the last ones that validated).
    public var workspace: Workspace { builder.workspace }

    /// The destinations data-usage policies block under the definitions in use.
    package var violations: [Governance.Violation] { builder.violations }

    /// The earliest moment at which time alone could change a membership, if any.
    public var nextWake: Int64? { (try? store.nextWake()) ?? nil }

    // MARK: Data files

    /// Ingests the inbox files `isReady` accepts (complete files) as one batch and brings memberships
    /// and exports up to date. Returns the inbox's new strays, warnings and errors of the files, the
    /// step (a line per file and a summary line), and the files' rejections. A failure here, as in the
    /// session's other steps, is put into words with its file, as `build` puts its own.
    public func ingest(where isReady: (String) -> Bool) throws -> [WatchEvent] {
        try builder.wordingFailures { try ingestBatch(where: isReady) }
    }

    private func ingestBatch(where isReady: (String) -> Bool) throws -> [WatchEvent] {
        let started = DispatchTime.now()
        let scan = InboxScanner(root: root).scan(datasets: Set(workspace.datasets.map(\.id.value)))
        let strays = scan.strays.filter { !reportedStrays.contains($0) }.map(WatchEvent.stray)
        reportedStrays = Set(scan.strays)
        let files = scan.pending.filter { isReady($0.path) }
        guard !files.isEmpty else { return strays }
        let now = clock()
        var report = Builder.Report()
        var phases = PhaseClock()
        let ledger = LedgerFile(root: root)
        for file in files {
            try builder.ingestNew(file, store: store, ledger: ledger, now: Self.date(now), dryRun: false, report: &report)
        }
        phases.lap("ingest", into: &report.timings)
        // One file is one line (`inbox/crm/day2.csv: 1000 records (3 rejected) → 812 profiles; …`);
        // a batch of several lists its files, then the batch.
        let what = report.fileLines.count == 1 ? report.fileLines[0] : "\(files.count) files"
        let (fileWarnings, rejections) = Self.fileEvents(report)
        let warnings = strays + fileWarnings
        // Files left alone (links, files still being written) change nothing: their warnings say so.
        guard !report.fileLines.isEmpty else { return warnings + rejections }
        let outcome = try step(now: now)
        report.timings += outcome.phases.timings
        phases.restart()
        let exports = try export(now: now)
        phases.lap("exports", into: &report.timings)
        lastTimings = report.timings
        let record = try appendHistory(&report, trigger: "watch: inbox", now: now, changes: outcome.segmentChanges,
                                       exports: exports)
        let summary = Self.summary(what: what, profiles: outcome.changedProfiles, changes: outcome.segmentChanges,
                                   exports: Self.exportLines(exports), started: started)
        let lines = (report.fileLines.count == 1 ? [] : report.fileLines) + [summary]
        return warnings + [.step(lines, record: record)] + rejections
    }

    // MARK: Time

    /// Re-evaluates the profiles whose next time-driven change has come. Returns a step if anything changed.
    public func advanceClock() throws -> [WatchEvent] {
        try builder.wordingFailures { try advanceToNow() }
    }

    private func advanceToNow() throws -> [WatchEvent] {
        let now = clock()
        guard let wake = nextWake, wake <= now else { return [] }
        let started = DispatchTime.now()
        let outcome = try step(now: now)
        guard !outcome.segmentChanges.isEmpty else { return [] }
        let exports = try export(now: now)
        var report = Builder.Report()
        let record = try appendHistory(&report, trigger: "watch: time", now: now, changes: outcome.segmentChanges,
                                       exports: exports)
        let summary = Self.summary(what: "time \(Timestamp.rfc3339(now))", profiles: outcome.touchedKeys.count,
                                   changes: outcome.segmentChanges, exports: Self.exportLines(exports),
                                   started: started)
        return [.step([summary], record: record)]
    }

    // MARK: Definitions

    /// Re-reads the definitions. With errors, returns them and keeps the last good state and exports;
    /// otherwise says when they are valid again, re-evaluates what the edit affects, brings exports up
    /// to date, and announces the files waiting for datasets the edit defined: it ingests them now, or,
    /// when `takeWaiting` is given (the watch loop's quiet period), hands them to it and reads no inbox
    /// file itself, not even in the build an identity-rule edit runs: the loop decides when each is read.
    public func reloadDefinitions(handingWaitingFilesTo takeWaiting: ((Set<String>) -> Void)? = nil)
        throws -> [WatchEvent] {
        try builder.wordingFailures { try reload(handingWaitingFilesTo: takeWaiting) }
    }

    private func reload(handingWaitingFilesTo takeWaiting: ((Set<String>) -> Void)?) throws -> [WatchEvent] {
        let result = try WorkspaceFiles(root: root, strict: strict).load()
        guard result.definitionErrors.isEmpty else {
            definitionsBroken = true
            return [.definitionsInvalid(result.diagnostics, waiting: false)]
        }
        var events: [WatchEvent] = definitionsBroken ? [.definitionsValid] : []
        definitionsBroken = false
        let old = workspace
        guard old != result.workspace else { return events }
        // Files waiting for a dataset the edit defines are taken now (by the build an identity-rule
        // change runs, else as one batch after the edit's step), or handed to `takeWaiting`.
        let newDatasets = Set(result.workspace.datasets.map(\.id.value)).subtracting(old.datasets.map(\.id.value))
        let waiting = newDatasets.isEmpty ? [] : InboxScanner(root: root).scan(datasets: newDatasets).pending
        let byDataset = Dictionary(grouping: waiting, by: \.dataset)
        events += byDataset.keys.sorted().map { dataset in
            WatchEvent.pickedUp(dataset: dataset, files: (byDataset[dataset] ?? []).map(\.path))
        }
        events += try apply(result, readingInbox: takeWaiting == nil)
        guard !waiting.isEmpty else { return events }
        let paths = Set(waiting.map(\.path))
        if let takeWaiting {
            takeWaiting(paths)
            return events
        }
        return events + (try ingestBatch(where: paths.contains))
    }

    /// What a report says of its files besides the step: strays, duplicates and failed files, and rejections.
    package static func fileEvents(_ report: Builder.Report) -> (warnings: [WatchEvent], rejections: [WatchEvent]) {
        let warnings = report.strays.map(WatchEvent.stray) + report.duplicates.map(WatchEvent.warning)
            + report.failedFiles.map(WatchEvent.error)
        return (warnings, report.rejectionNotes.map(\.event))
    }

    /// Puts valid new definitions in use: re-evaluates what they change and brings exports up to date.
    /// `readingInbox`: the build an identity-rule change runs ingests the inbox's new files too.
    private func apply(_ result: WorkspaceLoader.Result, readingInbox: Bool) throws -> [WatchEvent] {
        let started = DispatchTime.now()
        let old = workspace
        let new = result.workspace
        let now = clock()
        let blocked = result.violations.flatMap(\.diagnostics).map(WatchEvent.diagnostic)
        builder = try Builder(root: root, loaded: result)
        // What was kept for the old definitions no longer holds, whatever happens next.
        exported = [:]
        let reevaluates = EvaluationFingerprint.memberships(old) != EvaluationFingerprint.memberships(new)
        if IdentityRulesFingerprint.of(old) != IdentityRulesFingerprint.of(new) {
            // History is read again under the new rules: a build does that, and writes the exports.
            let report = try builder.build(rebuild: false, now: Self.date(now), asOf: now,
                                           trigger: "watch: definitions", ingesting: { _ in readingInbox })
            // The build exported everything it changed.
            dirty = []
            exportedStep = try store.evaluationStep()
            let summary = Self.summary(what: "definitions", profiles: report.profileCount,
                                       changes: report.segmentChanges, identityRules: report.identityRuleChanges,
                                       exports: Self.exportLines(report.exports), started: started)
            var fresh = report
            fresh.strays = report.strays.filter { !reportedStrays.contains($0) }
            reportedStrays = Set(report.strays)
            let (warnings, rejections) = Self.fileEvents(fresh)
            let record = report.record(trigger: "watch: definitions", violations: builder.violations)
            return blocked + warnings + [.step(report.fileLines + [summary], record: record)] + rejections
        }
        let outcome = try step(now: now)
        let exports = try export(now: now)
        var report = Builder.Report()
        let record = try appendHistory(&report, trigger: "watch: definitions", now: now,
                                       changes: outcome.segmentChanges, exports: exports)
        let summary = Self.summary(what: "definitions", profiles: reevaluates ? report.profileCount : 0,
                                   changes: outcome.segmentChanges, exports: Self.exportLines(exports),
                                   started: started)
        return blocked + [.step([summary], record: record)]
    }

    // MARK: Steps

    /// One engine step at `now`; the next export looks again at the profiles it touched.
    private func step(now: Int64) throws -> ProfileEngine.Outcome {
        let outcome = try builder.step(store, at: now)
        dirty.formUnion(outcome.touchedKeys)
        return outcome
    }

    private func export(now: Int64) throws -> [Activation.Outcome] {
        let profiles = StoredProfiles(store)
        var activation = Activation(root: root, workspace: workspace, blocked: Set(builder.violations.map(\.destination)))
        activation.audiences = Activation.AudienceKeeping(store: store, dirty: dirty, since: exportedStep)
        let outcomes = try activation.run(write: true, remembering: &exported) { wholeSegments, due in
            try builder.exportInput(store, profiles, wholeSegments: wholeSegments, looking: dirty.union(due), evaluatedAt: now)
        }
        try profiles.check()
        dirty = []
        exportedStep = try store.evaluationStep()
        return outcomes
    }

    /// Completes `report` with a step's changes, its exports and the store's counts, and appends it
    /// to the history, as a build does. Returns the history's record.
    private func appendHistory(_ report: inout Builder.Report, trigger: String, now: Int64, changes: SegmentChanges,
                               exports: [Activation.Outcome]) throws -> BuildRecord {
        report.evaluatedAt = now
        report.segmentChanges = changes
        report.exports = exports
        try builder.count(into: &report, store: store)
        let record = report.record(trigger: trigger, violations: builder.violations)
        try BuildHistory(root: root).append(record)
        return record
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

    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

extension RejectionNote {
    /// The note as `watch` prints it (and `build`, in its words and its `--json`).
    package var event: WatchEvent {
        WatchEvent.rejected(file: file, count: count, reasons: firstReasons, rejectedFile: rejectedFile)
    }
}
