import CohortCore
import Foundation

/// `cohort forget`: takes ingested files out of history — the supported way to undo a merge (SPEC
/// §3) or to drop data that should never have been ingested. Their ledger lines go, their archived
/// bytes and rejected records are deleted (nothing of them is kept), and the workspace is rebuilt
/// from what remains.
extension Builder {
    /// What `forget` did.
    public struct ForgetReport {
        /// The ledger entries taken out, in ledger order.
        public var forgotten: [LedgerEntry]
        /// The files deleted: archived data files and their rejected records.
        public var deleted: [String]
        /// Profiles split and merged compared with the last build; nil when there was none.
        public var graphChanges: GraphChanges?
        /// The rebuild without the forgotten files.
        public var build: Report
    }

    /// Forgets the archived files `arguments` name (as the ledger does, `archive/<dataset>/<file>`,
    /// or as a path from `workingDirectory`), then rebuilds. Nothing changes unless every argument
    /// names a ledger entry and every other archived file is intact.
    public func forget(_ arguments: [String], workingDirectory: URL, now: Date = Date(), asOf: Int64? = nil) throws
        -> ForgetReport
    {
        try wordingFailures {
            let ledger = LedgerFile(root: root)
            let entries = try ledgerEntries(ledger)
            var chosen: [Int: LedgerEntry] = [:]
            for argument in arguments {
                let entry = try ledgerEntry(named: argument, in: entries, workingDirectory: workingDirectory)
                guard ArchiveCheck.isArchivePath(entry.archivePath) else {
                    throw BuildError.unreadable(
                        LedgerFile.path,
                        "line #\(entry.sequence) names \(entry.archivePath), outside archive/; "
                            + "cohort deletes nothing there: repair that line by hand")
                }
                chosen[entry.sequence] = entry
            }
            let forgotten = chosen.values.sorted { $0.sequence < $1.sequence }
            // What remains must replay: checked before anything changes.
            try ArchiveCheck(root: root).verify(entries.filter { chosen[$0.sequence] == nil }, replaying: { _ in true })
            let before = try lastBuildGraphs()
            // The store is derived; it goes first, so that it cannot hand the ledger the lines back. Only
            // the store's files go: the workspace lock beside them is held by this very command.
            RecordStore.removeFiles(in: storeFolder)
            var deleted: [String] = []
            for entry in forgotten {
                let archiveName = URL(fileURLWithPath: entry.archivePath).lastPathComponent
                for path in [entry.archivePath, "rejected/\(entry.dataset)/\(archiveName).ndjson"]
                where FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) {
                    try FailureWording.guarding(path, "delete") {
                        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
                    }
                    deleted.append(path)
                }
            }
            try ledger.remove(Set(chosen.keys))
            let report = try build(rebuild: true, now: now, asOf: asOf)
            let after = try RecordStore(folder: storeFolder).graphs(policy: workspace.profileMergePolicy.id.value)
            let changes = before.map { GraphChanges(from: $0, to: after) }
            return ForgetReport(forgotten: forgotten, deleted: deleted, graphChanges: changes, build: report)
        }
    }

    /// The identity graphs the last build saved; nil when the workspace was never built.
    private func lastBuildGraphs() throws -> [[Identity]]? {
        guard FileManager.default.fileExists(atPath: storeFolder.appendingPathComponent("store.sqlite").path) else {
            return nil
        }
        return try RecordStore(folder: storeFolder).graphs(policy: workspace.profileMergePolicy.id.value)
    }

    /// The entry whose archived file `argument` names: its ledger path, a path to it from the working
    /// directory, or its file name alone when only one entry has it.
    private func ledgerEntry(named argument: String, in entries: [LedgerEntry], workingDirectory: URL) throws
        -> LedgerEntry
    {
        let base = root.standardizedFileURL.path + "/"
        let resolved = URL(fileURLWithPath: argument, relativeTo: workingDirectory).standardizedFileURL.path
        let fromRoot = resolved.hasPrefix(base) ? String(resolved.dropFirst(base.count)) : nil
        let trimmed = argument.hasPrefix("./") ? String(argument.dropFirst(2)) : argument
        if let entry = entries.first(where: { $0.archivePath == trimmed || $0.archivePath == fromRoot }) {
            return entry
        }
        let byName = entries.filter { URL(fileURLWithPath: $0.archivePath).lastPathComponent == argument }
        if byName.count == 1 { return byName[0] }
        let suggestion =
            Suggestion.closest(to: trimmed, in: entries.map(\.archivePath)).map { "; did you mean `\($0)`?" }
            ?? "; the ledger lists \(entries.count) files"
        let which =
            byName.count > 1
            ? "several ledger entries have that name: " + byName.map(\.archivePath).joined(separator: ", ")
            : "not a file archive/ledger.ndjson lists: name it as the ledger does "
                + "(archive/<dataset>/<sequence>-<name>)\(suggestion)"
        throw BuildError.unreadable(argument, which)
    }
}
