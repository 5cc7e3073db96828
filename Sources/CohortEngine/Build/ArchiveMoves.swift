import CohortCore
import Foundation

/// Moving ingested files into `archive/<dataset-id>/` and finding them there again. A move that
/// fails is reported, never fatal: the file stays in the inbox, its records and ledger line are
/// kept, the next build finishes the move, and a replay reads the file where it still is.
extension Builder {
    /// Moves an ingested file to its archive path; a failure becomes a warning in `report`.
    func moveToArchive(_ source: URL, entry: LedgerEntry, report: inout Report) {
        let relative = "inbox/\(entry.dataset)/\(entry.originalName)"
        guard WorkspaceFolder.kind(source) != .missing else {
            // Already moved (a crash after the move) is fine; gone from both places is not.
            if WorkspaceFolder.kind(root.appendingPathComponent(entry.archivePath)) == .missing {
                report.strays.append(
                    "\(relative): ingested, but it was removed before it could be moved to "
                        + "\(entry.archivePath); put it there, or a rebuild cannot replay it")
            }
            return
        }
        do {
            guard let name = Self.archivedName(entry) else {
                throw BuildError.cannotWrite(entry.archivePath, "is not a file name in archive/\(entry.dataset)/")
            }
            let target = try WorkspaceFolder.create("archive/\(entry.dataset)", in: root).appendingPathComponent(name)
            guard WorkspaceFolder.kind(target) == .missing else {
                throw BuildError.cannotWrite(entry.archivePath, "already exists")
            }
            guard rename(source.path, target.path) == 0 else {
                throw BuildError.cannotWrite(entry.archivePath, String(cString: strerror(errno)).lowercased())
            }
        } catch {
            report.strays.append(
                "\(relative): ingested, but it could not be moved to \(entry.archivePath) (\(error)); it stays in "
                    + "the inbox and the next build moves it (it is not ingested twice)")
        }
    }

    /// A file committed and in the ledger whose move to `archive/` never happened (a crash in
    /// between, or a move that failed): moving it now finishes that ingest.
    func finishInterruptedMove(
        _ file: InboxScanner.Pending, sha256: String, ledger: LedgerFile, dryRun: Bool,
        report: inout Report
    ) throws -> Bool {
        let entries = try ledger.read().entries
        guard
            let entry = entries.first(where: {
                $0.sha256 == sha256 && $0.dataset == file.dataset && $0.originalName == file.name
            }),
            WorkspaceFolder.kind(root.appendingPathComponent(entry.archivePath)) == .missing
        else { return false }
        let warnings = report.strays.count
        if !dryRun { moveToArchive(file.url, entry: entry, report: &report) }
        if report.strays.count == warnings {
            report.fileLines.append(
                "\(file.path): already ingested; the move to archive/ that a crash interrupted is now done")
        }
        return true
    }

    /// The file a ledger entry names, opened, and its workspace path: in `archive/`, or still in the
    /// inbox where the move there failed. A ledger line naming a path outside `archive/<dataset>/` is an error.
    func archivedFile(_ entry: LedgerEntry) throws -> (DataFile, String) {
        guard let found = try Self.locateArchived(entry, in: root) else {
            throw BuildError.unreadable(
                entry.archivePath,
                "is in the ledger but missing; put the file back in archive/, or run `cohort forget "
                    + "\(entry.archivePath)` to rebuild without its records")
        }
        return found
    }

    /// `archivedFile(_:)` for the workspace at `root`; nil when the file is in neither place.
    static func locateArchived(_ entry: LedgerEntry, in root: URL) throws -> (DataFile, String)? {
        guard let name = Self.archivedName(entry) else {
            throw BuildError.unreadable(
                entry.archivePath,
                "the ledger names a file outside archive/\(entry.dataset)/; "
                    + "repair its line in archive/ledger.ndjson")
        }
        var candidates = ["archive/\(entry.dataset)/\(name)"]
        if WorkspaceFolder.isPlainName(entry.originalName) {
            candidates.append("inbox/\(entry.dataset)/\(entry.originalName)")
        }
        for path in candidates where WorkspaceFolder.kind(root.appendingPathComponent(path)) != .missing {
            let folder = (path as NSString).deletingLastPathComponent
            guard WorkspaceFolder.isReal(folder, in: root) else {
                throw BuildError.unreadable(
                    folder + "/",
                    "is not a real folder (a symbolic link?); cohort reads nothing outside "
                        + "the workspace; make it a folder holding the archived files")
            }
            do {
                return (try DataFile(root.appendingPathComponent(path)), path)
            } catch let problem as DataFile.Problem {
                throw BuildError.unreadable(path, problem.message)
            }
        }
        return nil
    }

    /// Stops a build before it ingests anything when a folder it writes is a link or not a folder.
    func checkOutputFolders() throws {
        let datasets = workspace.datasets.map(\.id.value)
        let folders =
            ["archive", "rejected", "exports", "history"] + datasets.flatMap { ["archive/\($0)", "rejected/\($0)"] }
            + workspace.destinations.map { "exports/\($0.id.value)" }
        for folder in folders { try WorkspaceFolder.checkWritable(folder, in: root) }
    }

    /// The file name of an entry's archive path, when that path is `archive/<dataset>/<name>`.
    static func archivedName(_ entry: LedgerEntry) -> String? {
        let prefix = "archive/\(entry.dataset)/"
        guard entry.archivePath.hasPrefix(prefix) else { return nil }
        let name = String(entry.archivePath.dropFirst(prefix.count))
        return WorkspaceFolder.isPlainName(name) ? name : nil
    }
}

extension Builder.Report {
    /// Reports a data file that is not ingested now: an error when it cannot be read, else a warning.
    mutating func note(_ problem: DataFile.Problem, at path: String) {
        if problem.isFailure {
            failedFiles.append("\(path): \(problem.message)")
        } else {
            strays.append("\(path): \(problem.message)")
        }
    }

    /// Counts a file this build ingested, by its ledger `entry` (`path`: where it was read, e.g.
    /// `inbox/crm/day2.csv`), with the values of fields its schema lacks that were dropped; and gives it its line
    /// of the summary.
    mutating func countIngested(_ entry: LedgerEntry, from path: String, droppedFields dropped: Int) {
        filesIngested += 1
        ingestedFiles.append(entry)
        recordsKept += entry.recordsKept
        recordsRejected += entry.recordsRejected
        duplicateEvents += entry.duplicateEvents
        droppedFields += dropped
        let warning = dropped > 0 ? "; warning: \(dropped) values of fields the schema does not have were dropped" : ""
        fileLines.append("\(path): \(entry.recordsRead) records (\(entry.recordsRejected) rejected)\(warning)")
    }
}
