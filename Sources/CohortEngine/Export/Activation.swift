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
    /// Where file destinations' audiences are kept between exports (nil: worked out from the files each time).
    var audiences: AudienceKeeping?

    /// The store that keeps file destinations' audiences, and the profiles changed since they were saved.
    struct AudienceKeeping {
        let store: RecordStore
        let dirty: Set<String>
    }

    /// Exports `input(wholeSegments)`: what exports read, where every member of `wholeSegments` must
    /// be there (the destinations without stored audiences look at every member of theirs).
    func run(write: Bool, _ input: (_ wholeSegments: Set<String>) throws -> ActivationInput) throws -> [Outcome] {
        var memory: [String: PreviousExport] = [:]
        return try run(write: write, remembering: &memory, input)
    }

    /// Like `run`, but takes each destination's previous export from `memory` when it holds it (watch
    /// mode, the only writer of its exports, keeps them instead of reading them back each time) and
    /// leaves the new one there; `cache` keeps each destination's audiences between written exports.
    func run(write: Bool, remembering memory: inout [String: PreviousExport], cache: ExportCache? = nil,
             _ input: (_ wholeSegments: Set<String>) throws -> ActivationInput) throws -> [Outcome] {
        // The cache holds what was exported, so it only serves exports that are written.
        let cache = write ? cache : nil
        var plans: [Plan] = []
        for destination in workspace.destinations where !blocked.contains(destination.id.value) {
            let folder = ExportFolder(root: root, destination: destination.id.value)
            let (previous, unreadableManifest) = memory[destination.id.value].map { ($0, false) } ?? folder.previous()
            let fingerprint = EvaluationFingerprint.audiences(of: destination, in: workspace)
            let stored = try cache == nil && destination.type == .file
                ? audiences?.store.audiences(of: destination.id.value, fingerprint: fingerprint, files: previous.digest,
                                             dirty: audiences?.dirty ?? [])
                : nil
            plans.append(Plan(destination: destination, folder: folder, previous: previous, unreadableManifest: unreadableManifest,
                              fingerprint: fingerprint, stored: stored))
        }
        let input = try input(Set(plans.filter { $0.stored == nil }.flatMap { $0.destination.distinctSegments }))
        var outcomes: [Outcome] = []
        for plan in plans {
            let (destination, folder, previous) = (plan.destination, plan.folder, plan.previous)
            let export = switch destination.type {
            case .file: FileExportPlanner(destination: destination, workspace: workspace)
                .plan(input, previous: previous, cache: cache, stored: plan.stored)
            case .stream: StreamExportPlanner(destination: destination, workspace: workspace).plan(input, previous: previous, cache: cache)
            }
            if let failure = plan.stored?.failure { throw failure }
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
                // What the folder holds is uncertain, and the destinations after it did not see
                // this change: the next export reads every folder again.
                cache?.forget()
                memory = [:]
                throw error
            }
            if write {
                let after = previous.after(export)
                memory[destination.id.value] = after
                if let changed = export.audiences, let store = audiences?.store {
                    try store.saveAudiences(changed, of: destination.id.value, fingerprint: plan.fingerprint, files: after.digest)
                }
            }
            outcomes.append(Outcome(destination: destination.id.value, created: changes.created, rewritten: changes.rewritten, deleted: changes.deleted,
                                    changes: export.changes, manifest: export.manifest, warnings: warnings,
                                    reshaped: export.reshaped))
        }
        return outcomes
    }

    /// One destination's export before it is planned: its folder as the last export left it, and its stored audiences if they serve.
    private struct Plan {
        let destination: Destination
        let folder: ExportFolder
        let previous: PreviousExport
        let unreadableManifest: Bool
        let fingerprint: String
        let stored: StoredAudiences?
    }
}
