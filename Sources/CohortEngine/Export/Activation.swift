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

    func run(_ input: ActivationInput, write: Bool) throws -> [Outcome] {
        var memory: [String: PreviousExport] = [:]
        return try run(input, write: write, remembering: &memory)
    }

    /// Like `run`, but takes each destination's previous export from `memory` when it holds it (watch
    /// mode, the only writer of its exports, keeps them instead of reading them back each time) and
    /// leaves the new one there; `cache` keeps each destination's audiences between written exports.
    func run(_ input: ActivationInput, write: Bool, remembering memory: inout [String: PreviousExport], cache: ExportCache? = nil) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for destination in workspace.destinations where !blocked.contains(destination.id.value) {
            let folder = ExportFolder(root: root, destination: destination.id.value)
            let (previous, unreadableManifest) = memory[destination.id.value].map { ($0, false) } ?? folder.previous()
            // The cache holds what was exported, so it only serves exports that are written.
            let cache = write ? cache : nil
            let export = switch destination.type {
            case .file: FileExportPlanner(destination: destination, workspace: workspace).plan(input, previous: previous, cache: cache)
            case .stream: StreamExportPlanner(destination: destination, workspace: workspace).plan(input, previous: previous, cache: cache)
            }
            let folderPath = "exports/\(destination.id.value)/"
            var warnings = export.unreadable.map {
                "\(folderPath)\($0): not in the shape this destination writes (edited by hand?); it is read as empty"
            }
            if unreadableManifest {
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
            if write { memory[destination.id.value] = previous.after(export) }
            outcomes.append(Outcome(destination: destination.id.value, created: changes.created, rewritten: changes.rewritten, deleted: changes.deleted,
                                    changes: export.changes, manifest: export.manifest, warnings: warnings,
                                    reshaped: export.reshaped))
        }
        return outcomes
    }
}
