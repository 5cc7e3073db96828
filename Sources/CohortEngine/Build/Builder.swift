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
        public var droppedIdentities = 0
        public var profiles: UnifiedProfiles?
        /// Each segment's memberships after this build, by profile key (the profile's first identity;
        /// memberships follow a profile whose key changes when it merges or splits).
        public var memberships: [String: [String: Membership]] = [:]
        /// How many profiles entered and exited each segment in this build (segments with neither are absent).
        public var segmentChanges: SegmentChanges = [:]
        /// The time segments were evaluated at (ms): a membership that changed in this build has it.
        public var evaluatedAt: Int64 = 0
        /// The profiles this build changed.
        public var changes: ProfileChangeSet?
        /// Identities of the records ingested in this build.
        var touched = Set<Identity>()
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

    /// Loads the workspace; a workspace with errors cannot be built.
    public init(root: URL) throws {
        try self.init(root: root, loaded: try WorkspaceFiles(root: root).load())
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
    public func build(rebuild: Bool, now: Date = Date(), asOf: Int64? = nil) throws -> Report {
        try wordingFailures { try build(rebuild: rebuild, now: now, asOf: asOf, store: storeFolder, dryRun: false) }
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

    private func build(rebuild: Bool, now: Date, asOf: Int64?, store storeFolder: URL, dryRun: Bool) throws -> Report {
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
        if rulesChanged {
            // Identity rules changed: re-read all history under the new rules and say what it changed.
            // Memberships and graphs carry over, so that profiles the change left alone keep theirs and
            // the others follow the rules of a merge or split.
            let before = try store.savedGraphs()
            let memberships = try store.memberships()
            try store.removeAll()
            try store.saveGraphs(before)
            try store.saveMemberships(memberships)
            try replayArchive(into: store, ledger: ledger, dryRun: dryRun, report: &report)
            // Re-read history is no new data: the profiles it changed are those whose graph changed.
            report.touched = []
            report.identityRuleChanges = GraphChanges(from: before, to: try profiles(store: store).graph.graphs)
        }
        try store.setMeta(Self.rulesKey, fingerprint)
        var clock = PhaseClock()
        try replayArchive(into: store, ledger: ledger, dryRun: dryRun, report: &report)
        let scan = InboxScanner(root: root).scan(datasets: Set(workspace.datasets.map(\.id.value)))
        report.strays += scan.strays
        for file in scan.pending {
            try ingestNew(file, store: store, ledger: ledger, now: now, dryRun: dryRun, report: &report)
        }
        clock.lap("ingest", into: &report.timings)
        // The profiles of each group of merge policies in use; the default policy's group first.
        let groups = PolicyGroup.inUse(workspace)
        let views: [UnifiedProfiles]
        do {
            // The loaded records are let go once profiles hold them.
            let records = try store.allRecords()
            clock.lap("load records", into: &report.timings)
            views = groups.map { self.profiles(records, group: $0) }
            clock.lap("stitch and merge", into: &report.timings)
        }
        let profiles = views[0]
        report.changes = ProfileChangeSet(previous: try store.savedGraphs(), current: profiles.entries.map(\.profile.identities),
                                          touched: report.touched)
        try store.saveGraphs(profiles.entries.map(\.profile.identities))
        report.profiles = profiles
        report.evaluatedAt = asOf ?? Int64((now.timeIntervalSince1970 * 1000).rounded())
        clock.lap("save graphs", into: &report.timings)
        (report.memberships, report.segmentChanges) = try evaluateSegments(groups, views, store: store,
                                                                           at: report.evaluatedAt)
        clock.lap("segments", into: &report.timings)
        var input = ActivationInput(profiles: profiles.entries.map(\.profile), memberships: report.memberships,
                                    evaluatedAt: report.evaluatedAt)
        input.otherPolicies = Self.otherPolicies(of: workspace, groups: zip(groups, views).map { group, view in
            (group, { key in Identity(parsing: key).flatMap(view.entry(for:)).flatMap { $0.key == key ? $0 : nil } })
        })
        report.exports = try Activation(root: root, workspace: workspace, blocked: Set(violations.map(\.destination)))
            .run(input, write: !dryRun)
        clock.lap("exports", into: &report.timings)
        report.policyViolations = violations.flatMap(\.diagnostics)
        return report
    }

    /// Evaluates every segment for every profile of its merge policy's group (`views`: each group's
    /// profiles), in dependency order, and moves memberships on; returns them and how many profiles
    /// entered and exited each segment.
    private func evaluateSegments(_ groups: [PolicyGroup], _ views: [UnifiedProfiles], store: RecordStore,
                                  at now: Int64) throws -> ([String: [String: Membership]], SegmentChanges) {
        let segments = SegmentSet(workspace: workspace)
        var book = MembershipBook(try store.memberships())
        var changes: SegmentChanges = [:]
        // Memberships of profiles that merged or split move to their new keys, in each group's segments.
        for (group, view) in zip(groups, views) {
            let ids = Set(segments.segments(under: group).segments.map(\.id))
            let current = Set(view.entries.compactMap { $0.profile.identities.first?.description })
            let keys = book.memberships.filter { ids.contains($0.key) }.values.flatMap(\.keys)
            let removed = Set(keys).subtracting(current).sorted()
            let currentKey = { (key: String) in Identity(parsing: key).flatMap(view.entry(for:))?.key }
            MembershipBook.add(book.rekey(removed, among: ids, currentKey: currentKey, now: now), to: &changes)
        }
        let evaluated = SegmentPasses(segments, of: segments, groups: groups).evaluate(
            entries: { views[$0].entries }, key: { views[$0].entry(for: $1)?.key },
            into: &book, now: now, timeZone: workspace.settings.timezone.value)
        MembershipBook.add(evaluated, to: &changes)
        book.prune(segments: Set(segments.segments.map(\.id)), now: now)
        try store.saveMemberships(book.memberships)
        CrashPoint.reach("memberships.saved")
        return (book.memberships, changes)
    }

    /// For each segment not evaluated under the default policy, its members' profiles as its policy
    /// makes them (`groups`: each group's entry of a key), by segment id.
    static func otherPolicies(of workspace: Workspace,
                              groups: [(PolicyGroup, @Sendable (String) -> UnifiedProfiles.Entry?)])
        -> [String: @Sendable (String) -> Profile?] {
        let defaultPolicy = workspace.profileMergePolicy.id.value
        var lookups: [String: @Sendable (String) -> Profile?] = [:]
        for segment in workspace.segments {
            let policy = workspace.mergePolicy(of: segment).id.value
            guard policy != defaultPolicy,
                  let entries = groups.first(where: { $0.0.ids.contains(policy) })?.1 else { continue }
            lookups[segment.id.value] = { entries($0)?.profile(under: policy) }
        }
        return lookups
    }

    /// The unified profiles of what the store holds, with where each attribute came from, without ingesting anything:
    /// as the default merge policy makes them, or (`segment`) as the segment's policy and those that stitch alike do.
    public func profiles(segment: String? = nil) throws -> UnifiedProfiles {
        let policy = segment.flatMap(workspace.segment).map(workspace.mergePolicy(of:))?.id.value
        let group = policy.flatMap { policy in PolicyGroup.inUse(workspace).first { $0.ids.contains(policy) } }
        return try profiles(store: RecordStore(readingFrom: storeFolder), group: group, recordingSources: true)
    }

    /// Every segment's memberships, by segment id and profile key, as the last build saved them.
    public func memberships() throws -> [String: [String: Membership]] {
        try RecordStore(readingFrom: storeFolder).memberships()
    }

    private func profiles(store: RecordStore, group: PolicyGroup? = nil,
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
                                                 ingestedAt: Timestamp.milliseconds(from: entry.ingestedAt) ?? 0) { writer in
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
        let committed = try store.commitFile(sequence: sequence, dataset: file.dataset, isEvent: ingest.isEventDataset, ingestedAt: ingestedAt) { writer in
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
            return setAside(file, sequence: sequence, outcome: outcome, rejections: rejections, threshold: ingest.dataset.errorThreshold,
                            dryRun: dryRun, report: &report)
        }
        guard let committed, let entry else {
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
        report.filesIngested += 1
        let dropped = outcome.droppedFields > 0 ? "; warning: \(outcome.droppedFields) values of fields the schema does not have were dropped" : ""
        report.fileLines.append("\(file.path): \(outcome.read) records (\(outcome.rejected) rejected)\(dropped)")
        if rejections.count > 0 { report.rejectionNotes.append(RejectionNote(file: file.path, rejections: rejections)) }
        tally(outcome, committed, into: &report)
    }

    private func tally(_ outcome: FileIngestor.Outcome, _ committed: RecordStore.CommitResult, into report: inout Report) {
        report.touched.formUnion(outcome.touched)
        report.recordsKept += committed.inserted
        report.recordsRejected += outcome.rejected
        report.duplicateEvents += committed.duplicateEvents
        report.droppedFields += outcome.droppedFields
        report.droppedIdentities += outcome.droppedIdentities
    }

    func datasetIngest(_ id: String) -> DatasetIngest? {
        guard let dataset = workspace.dataset(id), let schema = workspace.schema(dataset.schema.value) else { return nil }
        return DatasetIngest(dataset: dataset, schema: schema, namespaces: workspace.allNamespaces,
                             identitiesPerRecord: workspace.settings.limits.identitiesPerRecord,
                             defaultCountry: workspace.settings.defaultCountry?.value)
    }

}
