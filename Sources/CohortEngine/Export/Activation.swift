import CohortCore
import Foundation

/// Writes every destination's export from a build's profiles and memberships, or (for `plan`)
/// only works out what it would write. Destinations blocked by a policy are left as they were.
public struct Activation {
    /// What one destination's export did (or would do).
    public struct Outcome: Sendable {
        public var destination: String
        /// File names in `exports/<destination>/` created, rewritten and deleted (or that would be).
        public var created: [String]
        public var rewritten: [String]
        public var deleted: [String]
        /// Rows entered, exited and changed, per segment.
        public var changes: [String: RowChanges]
        public var manifest: ExportManifest
        public var warnings: [String]
        /// The previous files were in another shape (format, columns or mapping): full files are
        /// rewritten in the new one; an incremental export is a backfill (`manifest.backfill`).
        public var reshaped: Bool
    }

    let root: URL
    let workspace: Workspace
    let blocked: Set<String>
    /// Where destinations' export state is kept between exports (nil: worked out from the files each time).
    var audiences: AudienceKeeping?

    /// The store that keeps destinations' export state, and the profiles changed since it was saved:
    /// by the steps after evaluation step `since` (nil: by the current step alone).
    struct AudienceKeeping {
        let store: RecordStore
        let dirty: Set<String>
        var since: Int64?
    }

    /// What exports read: memberships and profiles of every member of `wholeSegments` (destinations
    /// without stored state look at every member of theirs), of the dirty profiles and of `profiles`.
    typealias Input = (_ wholeSegments: Set<String>, _ profiles: Set<String>) throws -> ActivationInput

    /// Exports what `input` gives.
    func run(write: Bool, _ input: Input) throws -> [Outcome] {
        var memory: [String: PreviousExport] = [:]
        return try run(write: write, remembering: &memory, input)
    }

    /// Like `run`, but takes each destination's previous export from `memory` when it holds it (watch
    /// mode, the only writer of its exports, keeps them instead of reading them back each time) and
    /// leaves the new one there.
    func run(write: Bool, remembering memory: inout [String: PreviousExport], _ input: Input) throws -> [Outcome] {
        var plans: [Plan] = []
        for destination in workspace.destinations where !blocked.contains(destination.id.value) {
            let folder = ExportFolder(root: root, destination: destination.id.value)
            let (previous, unreadableManifest) = memory[destination.id.value].map { ($0, false) } ?? folder.previous()
            let fingerprint = EvaluationFingerprint.audiences(of: destination, in: workspace)
            var plan = Plan(destination: destination, folder: folder, previous: previous, unreadableManifest: unreadableManifest,
                            fingerprint: fingerprint)
            if let audiences {
                let (id, files, dirty, since) = (destination.id.value, previous.digest, audiences.dirty, audiences.since)
                switch destination.type {
                case .file: plan.stored = try audiences.store.audiences(of: id, fingerprint: fingerprint, files: files, dirty: dirty, since: since)
                case .stream: plan.stream = try audiences.store.stream(of: id, fingerprint: fingerprint, files: files, dirty: dirty, since: since)
                case .lookup: plan.lookup = try audiences.store.lookup(of: id, fingerprint: fingerprint, files: files, dirty: dirty, since: since)
                }
            }
            plans.append(plan)
        }
        var whole = Set(plans.filter { $0.stored == nil && $0.stream == nil && $0.lookup == nil }.flatMap { $0.destination.distinctSegments })
        let due = Set(plans.compactMap { $0.stream?.due }.joined())
        var read = try input(whole, due)
        var outcomes: [Outcome] = []
        for plan in plans {
            let (destination, folder, previous) = (plan.destination, plan.folder, plan.previous)
            let export: DestinationExport
            let resumed = resume(plan, read)
            if let failure = plan.stored?.failure ?? plan.stream?.failure ?? plan.lookup?.failure { throw failure }
            if let resumed {
                export = resumed
            } else {
                // No stored state, or it could not be read back: this destination looks at every member.
                if !whole.isSuperset(of: destination.distinctSegments) {
                    whole.formUnion(destination.distinctSegments)
                    read = try input(whole, due)
                }
                export = switch destination.type {
                case .file: FileExportPlanner(destination: destination, workspace: workspace).plan(read, previous: previous)
                case .stream: StreamExportPlanner(destination: destination, workspace: workspace).plan(read, previous: previous)
                case .lookup: LookupExportPlanner(destination: destination, workspace: workspace).plan(read, previous: previous)
                }
            }
            let folderPath = "exports/\(destination.id.value)/"
            var warnings = export.unreadable.map {
                "\(folderPath)\($0): not in the shape this destination writes (edited by hand?); it is read as empty"
            }
            if plan.unreadableManifest {
                warnings.append("\(folderPath)\(ExportManifest.fileName): cannot be read; this export starts afresh, as if nothing had been exported")
            }
            let changes: ExportFolder.Changes
            do {
                changes = write ? try folder.apply(export, known: previous.files) : folder.pendingChanges(export, known: previous.files)
            } catch {
                // What the folder holds is uncertain: the next export reads every folder again.
                memory = [:]
                throw error
            }
            if write {
                let after = folder.after(export, on: previous)
                memory[destination.id.value] = after
                if let store = audiences?.store {
                    if let changed = export.audiences {
                        try store.saveAudiences(changed, of: destination.id.value, fingerprint: plan.fingerprint, files: after.digest)
                    }
                    if let stream = export.stream {
                        try store.saveStream(stream, of: destination.id.value, fingerprint: plan.fingerprint, files: after.digest)
                    }
                    if let lookup = export.lookup {
                        try store.saveLookup(lookup, of: destination.id.value, fingerprint: plan.fingerprint, files: after.digest)
                    }
                }
            }
            outcomes.append(Outcome(destination: destination.id.value, created: changes.created, rewritten: changes.rewritten, deleted: changes.deleted,
                                    changes: export.changes, manifest: export.manifest, warnings: warnings,
                                    reshaped: export.reshaped))
        }
        return outcomes
    }

    /// The export of `plan` from its stored state; nil when it has none or it cannot be read back.
    private func resume(_ plan: Plan, _ input: ActivationInput) -> DestinationExport? {
        if let stored = plan.stored {
            return FileExportPlanner(destination: plan.destination, workspace: workspace).plan(input, previous: plan.previous, stored: stored)
        }
        if let stream = plan.stream {
            return StreamExportPlanner(destination: plan.destination, workspace: workspace)
                .plan(input, previous: plan.previous, stored: stream)
        }
        if let lookup = plan.lookup {
            return LookupExportPlanner(destination: plan.destination, workspace: workspace).plan(input, previous: plan.previous, stored: lookup)
        }
        return nil
    }

    /// One destination's export before it is planned: its folder as the last export left it, and its stored state if it serves.
    private struct Plan {
        let destination: Destination
        let folder: ExportFolder
        let previous: PreviousExport
        let unreadableManifest: Bool
        let fingerprint: String
        var stored: StoredAudiences?
        var stream: StoredStream?
        var lookup: StoredLookup?
    }
}
