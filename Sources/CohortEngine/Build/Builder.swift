import CohortCore
import Foundation

/// `cohort build`: ingests the inbox into the store, replaying the archive first where the store
/// lacks it (all of it after `--rebuild`), then stitches and merges every profile.
public struct Builder {
    /// What a build did, for the summary line.
    public struct Report {
        public var filesIngested = 0
        public var duplicates: [String] = []
        public var strays: [String] = []
        /// Files nothing of which was ingested: unreadable, or over their dataset's `errorThreshold`.
        public var failedFiles: [String] = []
        /// Per file with rejected records: the first reasons and where the rest are.
        public var rejectionNotes: [RejectionNote] = []
        public var recordsKept = 0
        public var recordsRejected = 0
        public var duplicateEvents = 0
        public var droppedFields = 0
        /// Identity values dropped at ingest, by namespace and reason.
        public var droppedIdentityValues: [IdentityRules.DroppedValues: Int] = [:]
        public var droppedIdentities: Int { droppedIdentityValues.values.reduce(0, +) }
        /// The ledger entries of the files this build ingested, in ledger order.
        public var ingestedFiles: [LedgerEntry] = []
        /// How many profiles the default merge policy makes.
        public var profileCount = 0
        /// The identity graph's size after this build.
        public var graphStats = GraphStats()
        /// Each segment's members after this build (segments holding only exits count 0; segments
        /// nobody ever entered are absent). The memberships themselves are in the store (`memberships()`).
        public var memberCounts: [String: Int] = [:]
        /// How many profiles entered and exited each segment in this build (segments with neither are absent).
        public var segmentChanges: SegmentChanges = [:]
        /// The time segments were evaluated at (ms): a membership that changed in this build has it.
        public var evaluatedAt: Int64 = 0
        /// How many profiles this build created, merged, split or gave new records (`ProfileChangeSet`).
        public var changedProfiles = 0
        /// Set when identity rules changed since the last build: profiles split and merged by the change.
        public var identityRuleChanges: GraphChanges?
        /// One line per ingested file.
        public var fileLines: [String] = []
        /// Each destination's export, in destination order (blocked destinations have none).
        public var exports: [Activation.Outcome] = []
        /// Why blocked destinations were not exported: one error per label that blocks them.
        public var policyViolations: [Diagnostic] = []
        /// Seconds per phase, in order (for `cohort bench run`; never written to a file).
        public var timings: [(phase: String, seconds: Double)] = []
    }

    public let root: URL
    public let workspace: Workspace
    /// Destinations a data-usage policy blocks: their exports are left as they were.
    public let violations: [Governance.Violation]
    /// Told the bytes read, the size and the path of a file being ingested (for a progress bar).
    public var progress: ((Int, Int, String) -> Void)?

    /// Loads the workspace; a workspace with errors cannot be built. `strict`: unknown keys are errors.
    public init(root: URL, strict: Bool = false) throws {
        try self.init(root: root, loaded: try WorkspaceFiles(root: root, strict: strict).load())
    }

    /// A builder for definitions already loaded from `root` (watch mode has just read them).
    public init(root: URL, loaded result: WorkspaceLoader.Result) throws {
        self.root = root.standardizedFileURL
        guard result.definitionErrors.isEmpty else { throw BuildError.invalidWorkspace(result.definitionErrors) }
        workspace = result.workspace
        violations = result.violations
    }

    var storeFolder: URL { root.appendingPathComponent(".cohort") }
    static let rulesKey = "identityRules"

    /// Ingests the inbox, recomputes profiles, evaluates segments and writes exports. `now` stamps
    /// newly ingested files; segments are evaluated as of `asOf` (milliseconds), else `now`.
    /// Each build but a rebuild appends its line to the history (`trigger` says what started it).
    /// `ingesting` says which new inbox files to read (watch leaves those still settling to its loop).
    public func build(rebuild: Bool, now: Date = Date(), asOf: Int64? = nil, trigger: String = "build",
                      ingesting: (String) -> Bool = { _ in true }) throws -> Report {
        try wordingFailures {
            let report = try build(rebuild: rebuild, now: now, asOf: asOf, store: storeFolder, dryRun: false,
                                   ingesting: ingesting)
            if !rebuild { try BuildHistory(root: root).append(report.record(trigger: trigger, violations: violations)) }
            return report
        }
    }

    /// Runs `body`; an error that is not already a `BuildError` is put into words with its file.
    func wordingFailures<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw FailureWording.buildError(error, root: root, path: ".cohort/store.sqlite")
        }
    }

    /// What `build` would do, exports included, without changing the workspace: the inbox is
    /// ingested into a scratch copy of the store, nothing is moved, and no export is written.
    public func plan(now: Date = Date(), asOf: Int64? = nil) throws -> Report {
        try wordingFailures { try planInScratch(now: now, asOf: asOf) }
    }

    private func planInScratch(now: Date, asOf: Int64?) throws -> Report {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-plan-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try RecordStore.snapshot(of: storeFolder, into: scratch)
        return try build(rebuild: false, now: now, asOf: asOf, store: scratch, dryRun: true)
    }

    private func build(rebuild: Bool, now: Date, asOf: Int64?, store storeFolder: URL, dryRun: Bool,
                       ingesting: (String) -> Bool = { _ in true }) throws -> Report {
        if !dryRun { try checkOutputFolders() }
        let ledger = LedgerFile(root: root)
        if rebuild {
            // Checked before the store goes, so that a missing archive file changes nothing.
            try ArchiveCheck(root: root).verify(try ledgerEntries(ledger), replaying: { _ in true })
            RecordStore.removeFiles(in: storeFolder)
        }
        let store = try RecordStore(folder: storeFolder)
        var report = Report()
        let fingerprint = IdentityRulesFingerprint.of(workspace)
        let rulesChanged = try store.meta(Self.rulesKey).map { $0 != fingerprint } ?? false
        if !rebuild {
            let stored = Set(try store.ledgerLines().map(\.sequence))
            let entries = try ledgerEntries(ledger)
            try ArchiveCheck(root: root).verify(entries) { rulesChanged || !stored.contains($0.sequence) }
        }
        var graphsBefore: [[Identity]]?
        if rulesChanged {
            // Identity rules changed: re-read all history under the new rules and say what it changed.
            // Profiles and memberships stay until the engine has moved memberships to the new profiles.
            graphsBefore = try store.graphs(policy: workspace.profileMergePolicy.id.value)
            try store.removeRecords()
            try replayArchive(into: store, ledger: ledger, dryRun: dryRun, report: &report)
            // Re-read history is no new data: the profiles it changed are those whose graph changed.
            try store.setMeta(Self.steppedKey, String(try store.nextSequence() - 1))
        }
        try store.setMeta(Self.rulesKey, fingerprint)
        var clock = PhaseClock()
        try replayArchive(into: store, ledger: ledger, dryRun: dryRun, report: &report)
        let scan = InboxScanner(root: root).scan(datasets: Set(workspace.datasets.map(\.id.value)))
        report.strays += scan.strays
        for file in scan.pending where ingesting(file.path) {
            try ingestNew(file, store: store, ledger: ledger, now: now, dryRun: dryRun, report: &report)
        }
        clock.lap("ingest", into: &report.timings)
        report.evaluatedAt = asOf ?? Int64((now.timeIntervalSince1970 * 1000).rounded())
        let outcome = try step(store, at: report.evaluatedAt, rulesChanged: rulesChanged)
        report.segmentChanges = outcome.segmentChanges
        report.changedProfiles = outcome.changedProfiles
        if let graphsBefore {
            report.identityRuleChanges = GraphChanges(from: graphsBefore, to: try store.graphs(policy: workspace.profileMergePolicy.id.value))
        }
        report.timings += outcome.phases.timings
        clock.restart()
        try count(into: &report, store: store)
        clock.lap("counts", into: &report.timings)
        let profiles = StoredProfiles(store)
        var activation = Activation(root: root, workspace: workspace, blocked: Set(violations.map(\.destination)))
        activation.audiences = Activation.AudienceKeeping(store: store, dirty: outcome.touchedKeys)
        report.exports = try activation.run(write: !dryRun) { wholeSegments, due in
            try exportInput(store, profiles, wholeSegments: wholeSegments, looking: outcome.touchedKeys.union(due),
                            evaluatedAt: report.evaluatedAt)
        }
        try profiles.check()
        clock.lap("exports", into: &report.timings)
        report.policyViolations = violations.flatMap(\.diagnostics)
        return report
    }

    /// Fills in the counts a report gives of the whole store: members per segment, profiles, graphs.
    func count(into report: inout Report, store: RecordStore) throws {
        report.memberCounts = try store.memberCounts()
        report.profileCount = try store.profileCount(policy: workspace.profileMergePolicy.id.value)
        report.graphStats = try store.graphStats()
    }

    static let steppedKey = "engineSequence"
    static let profilesKey = "profilesFingerprint"
    static let membershipsKey = "membershipsFingerprint"

    /// Runs the engine over what changed since its last step: the records of files it has not taken
    /// in, profiles whose time came, and — when definitions changed what profiles or memberships are —
    /// everything. What it has taken in is written after the step, so a step cut short is done again.
    func step(_ store: RecordStore, at now: Int64, rulesChanged: Bool = false) throws -> ProfileEngine.Outcome {
        let stepped = Int(try store.meta(Self.steppedKey) ?? "") ?? 0
        let last = try store.nextSequence() - 1
        let profiles = EvaluationFingerprint.profiles(workspace)
        let memberships = EvaluationFingerprint.memberships(workspace)
        let profilesChanged = try store.meta(Self.profilesKey).map { $0 != profiles } ?? false
        let membershipsChanged = try store.meta(Self.membershipsKey).map { $0 != memberships } ?? false
        let change = ProfileEngine.Change(
            newRecordsFrom: last > stepped ? stepped + 1 : nil, everything: rulesChanged || membershipsChanged,
            rekeyAll: rulesChanged || profilesChanged, now: now)
        let outcome = try ProfileEngine(workspace: workspace, store: store).step(change)
        try store.setMeta(Self.steppedKey, String(last))
        try store.setMeta(Self.profilesKey, profiles)
        try store.setMeta(Self.membershipsKey, memberships)
        return outcome
    }

    /// What an export reads: the memberships and profiles of every member of `wholeSegments` and of
    /// the profiles `looked` (changed since the export state was saved, or due again), in the
    /// segments destinations export only: no export reads others, and after a rebuild `looked` is
    /// every profile.
    func exportInput(_ store: RecordStore, _ profiles: StoredProfiles, wholeSegments: Set<String>, looking looked: Set<String>,
                     evaluatedAt: Int64) throws -> ActivationInput {
        var memberships = try store.memberships(ofSegments: wholeSegments)
        let exported = Set(workspace.destinations.flatMap(\.distinctSegments))
        for (segment, members) in try store.memberships(of: looked, inSegments: exported) {
            memberships[segment, default: [:]].merge(members) { $1 }
        }
        try preload(profiles, membersOf: wholeSegments, or: looked, memberships: memberships)
        return activationInput(profiles, memberships: memberships, evaluatedAt: evaluatedAt)
    }

    /// Reads the profiles an export will look at, in one pass per merge policy: the members of
    /// `wholeSegments` (the destinations that look at every member) and the members among `dirty`, as
    /// each segment's own policy makes them.
    private func preload(_ profiles: StoredProfiles, membersOf wholeSegments: Set<String>, or dirty: Set<String>,
                         memberships: [String: [String: Membership]]) throws {
        let members = { (segments: [Segment]) in
            Set(segments.flatMap { segment in
                let current = memberships[segment.id.value] ?? [:]
                let keys = wholeSegments.contains(segment.id.value) ? Array(current.keys) : dirty.filter { current[$0] != nil }
                return keys.filter { current[$0]?.status != .exited }
            })
        }
        try profiles.preload(members(workspace.segments), policy: workspace.profileMergePolicy.id.value)
        for policy in Set(workspace.segments.map { workspace.mergePolicy(of: $0).id.value }) {
            guard let stored = storedPolicy(policy) else { continue }
            try profiles.preload(members(workspace.segments.filter { workspace.mergePolicy(of: $0).id.value == policy }),
                                 policy: stored.base, merged: stored.merged)
        }
    }

    /// What exports read: memberships, and profiles looked up in the store as each segment's merge policy makes them.
    func activationInput(_ profiles: StoredProfiles, memberships: [String: [String: Membership]], evaluatedAt: Int64) -> ActivationInput {
        let defaultPolicy = workspace.profileMergePolicy.id.value
        var input = ActivationInput(profile: { profiles.profile($0, policy: defaultPolicy) }, memberships: memberships,
                                    evaluatedAt: evaluatedAt)
        for segment in workspace.segments {
            guard let stored = storedPolicy(workspace.mergePolicy(of: segment).id.value) else { continue }
            input.otherPolicies[segment.id.value] = { profiles.profile($0, policy: stored.base, merged: stored.merged) }
        }
        return input
    }

    /// Where the store keeps the profiles of a merge policy other than the default: as its group's
    /// base policy, and (`merged`) as one of the group's other policies. Nil for the default policy.
    private func storedPolicy(_ policy: String) -> (base: String, merged: String?)? {
        guard policy != workspace.profileMergePolicy.id.value,
              let group = PolicyGroup.inUse(workspace).first(where: { $0.ids.contains(policy) }) else { return nil }
        let base = group.base.id.value
        return (base, policy == base ? nil : policy)
    }

    /// The group of merge policies whose profiles `segment` is evaluated on; nil for the default policy's profiles.
    private func group(ofSegment segment: String?) -> PolicyGroup? {
        let policy = segment.flatMap(workspace.segment).map(workspace.mergePolicy(of:))?.id.value
        return policy.flatMap { policy in PolicyGroup.inUse(workspace).first { $0.ids.contains(policy) } }
    }

    /// The unified profiles of what the store holds, with where each attribute came from, without ingesting anything:
    /// as the default merge policy makes them, or (`segment`) as the segment's policy and those that stitch alike do.
    /// With `identity`, only the profiles of its component are made (those of every component when it is in none).
    public func profiles(segment: String? = nil, holding identity: Identity? = nil) throws -> UnifiedProfiles {
        let group = group(ofSegment: segment)
        let store = try RecordStore(readingFrom: storeFolder)
        if let identity, let component = try store.component(of: identity) {
            return profiles(try store.records(ofComponents: [component]), group: group, recordingSources: true)
        }
        return try profiles(store: store, group: group, recordingSources: true)
    }

    /// Every profile of what the store holds, as `profiles(segment:)` makes them, handed to `body` a
    /// batch of components at a time (`cohort query`): never every record at once, and all of
    /// one committed state of the store.
    public func forEachProfileBatch(segment: String? = nil, _ body: (UnifiedProfiles) throws -> Void) throws {
        try forEachProfileBatch(segment: segment, size: ProfileEngine.componentsPerBatch, body)
    }

    func forEachProfileBatch(segment: String?, size: Int, _ body: (UnifiedProfiles) throws -> Void) throws {
        let group = group(ofSegment: segment)
        try RecordStore(readingFrom: storeFolder).forEachComponentBatch(size: size) { records in
            try body(profiles(records, group: group))
        }
    }

    /// Every segment's memberships, by segment id and profile key, as the last build saved them.
    public func memberships() throws -> [String: [String: Membership]] {
        try RecordStore(readingFrom: storeFolder).memberships()
    }

    func profiles(store: RecordStore, group: PolicyGroup? = nil,
                          recordingSources: Bool = false) throws -> UnifiedProfiles {
        profiles(try store.allRecords(), group: group, recordingSources: recordingSources)
    }

    /// Profiles under the base policy of `group` (with the attributes of its others), else the default merge policy.
    private func profiles(_ records: [StoredRecord], group: PolicyGroup? = nil,
                          recordingSources: Bool = false) -> UnifiedProfiles {
        UnifiedProfiles(records: records, namespaces: workspace.allNamespaces, identitiesPerGraph: workspace.settings.limits.identitiesPerGraph,
                        policy: group?.base ?? workspace.profileMergePolicy, alsoMergedBy: group?.others ?? [],
                        recordingSources: recordingSources)
    }

    /// Ledger entries the store does not hold are ingested again from `archive/`, in ledger order;
    /// files the store committed but the ledger lacks (a crash in between) get their ledger line.
    private func replayArchive(into store: RecordStore, ledger: LedgerFile, dryRun: Bool, report: inout Report) throws {
        let entries = try ledgerEntries(ledger)
        let stored = Dictionary(try store.ledgerLines().map { ($0.sequence, $0.line) }, uniquingKeysWith: { first, _ in first })
        for entry in entries.sorted(by: { $0.sequence < $1.sequence }) where stored[entry.sequence] == nil {
            guard let ingest = datasetIngest(entry.dataset) else {
                throw BuildError.unreadable(entry.archivePath, "the ledger names the dataset \"\(entry.dataset)\", which no longer exists; restore its definition or remove the file and its ledger line")
            }
            let (file, displayPath) = try archivedFile(entry)
            let ingestor = FileIngestor(ingest: ingest)
            var outcome: FileIngestor.Outcome?
            let archiveName = (entry.archivePath as NSString).lastPathComponent
            let rejections = RejectionFile(root: root, folder: dryRun ? nil : "rejected/\(entry.dataset)", name: archiveName + ".ndjson")
            let committed = try store.commitFile(sequence: entry.sequence, dataset: entry.dataset, isEvent: ingest.isEventDataset,
                                                 ingestedAt: Timestamp.milliseconds(from: entry.ingestedAt) ?? 0,
                                                 anchors: anchors) { writer in
                let read: FileIngestor.Outcome
                do {
                    read = try ingestor.run(file, displayPath: displayPath, rejections: rejections) { try writer.insert($0) }
                } catch let problem as DataFile.Problem {
                    throw BuildError.unreadable(displayPath, problem.message)
                }
                if read.sha256 != entry.sha256 && displayPath != entry.archivePath {
                    throw BuildError.unreadable(displayPath, "is not the file the ledger lists as \(entry.archivePath) "
                                                + "(its SHA-256 differs); put that file back in archive/, or "
                                                + "remove its ledger line")
                }
                if try writer.containsFile(sha256: entry.sha256) {
                    throw BuildError.unreadable(entry.archivePath, "the ledger lists these bytes twice; remove the later ledger line and its file in archive/")
                }
                try rejections.keep()
                outcome = read
                return entry
            }
            if let outcome, let committed { tally(outcome, committed, into: &report) }
        }
        guard !dryRun else { return }
        let ledgered = Set(entries.map(\.sequence))
        for (sequence, line) in try store.ledgerLines() where !ledgered.contains(sequence) {
            if let entry = LedgerEntry.parseLedger(Array(line.utf8)).entries.first {
                try ledger.append(entry)
                let source = root.appendingPathComponent("inbox/\(entry.dataset)/\(entry.originalName)")
                moveToArchive(source, entry: entry, report: &report)
            }
        }
    }

    /// The ledger's entries; a damaged line is an error naming it.
    func ledgerEntries(_ ledger: LedgerFile) throws -> [LedgerEntry] {
        let (entries, diagnostics) = try ledger.read()
        if let damaged = diagnostics.first {
            throw BuildError.unreadable(damaged.location.description, "\(damaged.message); repair or remove that line "
                                        + "(the files in archive/ are intact), then build again")
        }
        return entries
    }

    func ingestNew(_ file: InboxScanner.Pending, store: RecordStore, ledger: LedgerFile, now: Date, dryRun: Bool,
                           report: inout Report) throws {
        guard let ingest = datasetIngest(file.dataset) else { return }
        let data: DataFile
        do {
            data = try DataFile(file.url)
            guard RecordSource.format(of: file.name, declared: ingest.dataset.format) != nil else {
                report.strays.append("\(file.path): \(FileIngestor.unknownFormat); it is left where it is")
                return
            }
            try data.checkComplete()
        } catch let problem as DataFile.Problem {
            return report.note(problem, at: file.path)
        }
        let sequence = try store.nextSequence()
        let archiveName = ArchiveName.make(sequence: sequence, originalName: file.name)
        let stamp = Timestamp.rfc3339(Int64((now.timeIntervalSince1970 * 1000).rounded()))
        // Records without a time of their own get the ingestion time as the ledger states it, so a replay gives the same.
        let ingestedAt = Timestamp.milliseconds(from: stamp) ?? 0
        let ingestor = FileIngestor(ingest: ingest)
        var outcome = FileIngestor.Outcome(sha256: "")
        var entry: LedgerEntry?
        var problem: DataFile.Problem?
        var overThreshold = false
        let rejections = RejectionFile(root: root, folder: dryRun ? nil : "rejected/\(file.dataset)", name: archiveName + ".ndjson")
        let committed = try store.commitFile(sequence: sequence, dataset: file.dataset, isEvent: ingest.isEventDataset, ingestedAt: ingestedAt,
                                             anchors: anchors) { writer in
            do {
                let path = file.path
                outcome = try ingestor.run(data, displayPath: path, progress: { progress?($0, $1, path) }, rejections: rejections) {
                    try writer.insert($0)
                }
            } catch let caught as DataFile.Problem {
                // Nothing of a file that changed, went or failed while it was read is kept.
                problem = caught
                return nil
            }
            CrashPoint.reach("ingest.parsed")
            if outcome.unreadable != nil {
                overThreshold = true
                return nil
            }
            guard try !writer.containsFile(sha256: outcome.sha256) else { return nil }
            if ingest.dataset.failsWhole(read: outcome.read, rejected: outcome.rejected) {
                overThreshold = true
                return nil
            }
            entry = LedgerEntry(sequence: sequence, dataset: file.dataset, originalName: file.name,
                                archivePath: "archive/\(file.dataset)/\(archiveName)", sha256: outcome.sha256,
                                ingestedAt: stamp, recordsRead: outcome.read, recordsKept: writer.result.inserted,
                                recordsRejected: outcome.rejected, duplicateEvents: writer.result.duplicateEvents)
            try rejections.keep()
            return entry
        }
        if let problem { return report.note(problem, at: file.path) }
        if overThreshold {
            return Self.setAside(file, in: root, sequence: sequence, outcome: outcome, rejections: rejections,
                                 threshold: ingest.dataset.errorThreshold, dryRun: dryRun, report: &report)
        }
        guard committed != nil, let entry else {
            if try finishInterruptedMove(file, sha256: outcome.sha256, ledger: ledger, dryRun: dryRun,
                                         report: &report) {
                return
            }
            report.duplicates.append("\(file.path): the same bytes were already ingested; it is not ingested twice and is left in the inbox")
            return
        }
        CrashPoint.reach("store.committed")
        if !dryRun {
            try ledger.append(entry)
            CrashPoint.reach("ledger.appended")
            moveToArchive(file.url, entry: entry, report: &report)
            CrashPoint.reach("archive.moved")
        }
        report.countIngested(entry, from: file.path, droppedFields: outcome.droppedFields)
        report.droppedIdentityValues.merge(outcome.droppedIdentities, uniquingKeysWith: +)
        if !outcome.droppedColumns.isEmpty {
            report.strays.append(Self.droppedColumnsWarning(outcome.droppedColumns, file: file.path,
                                                            schema: ingest.schema.id.value))
        }
        if rejections.count > 0 { report.rejectionNotes.append(RejectionNote(file: file.path, rejections: rejections)) }
    }

    /// `inbox/crm/day2.csv:1: the columns "Fax" and "Notes" have no field in schema "crm-person"; …`
    static func droppedColumnsWarning(_ columns: [String], file: String, schema: String) -> String {
        let quoted = columns.map { "\"\($0)\"" }
        let one = quoted.count == 1
        let list = one ? "the column \(quoted[0]) has"
            : "the columns \(quoted.dropLast().joined(separator: ", ")) and \(quoted.last ?? "") have"
        return "\(file):1: \(list) no field in schema \"\(schema)\", so \(one ? "its" : "their") values are dropped; "
            + "map \(one ? "it" : "them") to schema fields in the dataset's \"mapping\", or add the fields to the "
            + "schema"
    }

    /// Counts a file replayed from `archive/` (as it reads now: the ledger's counts are not its).
    private func tally(_ outcome: FileIngestor.Outcome, _ committed: RecordStore.CommitResult, into report: inout Report) {
        report.recordsKept += committed.inserted
        report.recordsRejected += outcome.rejected
        report.duplicateEvents += committed.duplicateEvents
        report.droppedFields += outcome.droppedFields
        report.droppedIdentityValues.merge(outcome.droppedIdentities, uniquingKeysWith: +)
    }

    /// Which identity each stored record belongs to.
    var anchors: RecordAnchor { RecordAnchor(namespaces: workspace.allNamespaces) }

    func datasetIngest(_ id: String) -> DatasetIngest? {
        DatasetIngest(dataset: id, in: workspace)
    }

}
