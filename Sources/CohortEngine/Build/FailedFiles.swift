import CohortCore
import Foundation

/// Files over their dataset's `errorThreshold` (AEP's partial batch ingestion): nothing of them is
/// ingested, and they are kept aside in `rejected/<dataset-id>/` with their reasons, so the inbox
/// holds only what is still to be ingested and the user fixes and drops the file again.
extension Builder {
    /// Moves a failed inbox file (over its threshold, or unreadable as a whole) to
    /// `rejected/<dataset>/failed-<sequence>-<name>` (a free name)
    /// beside `<that name>.ndjson` with every rejection, and reports it.
    static func setAside(_ file: InboxScanner.Pending, in root: URL, sequence: Int, outcome: FileIngestor.Outcome,
                         rejections: RejectionFile, threshold: Double, dryRun: Bool, report: inout Report) {
        let share = outcome.read == 0 ? 0 : Double(outcome.rejected) * 100 / Double(outcome.read)
        let why = outcome.unreadable.map { "\($0); nothing of it is ingested" }
            ?? "\(outcome.rejected) of \(outcome.read) records rejected (\(percent(share))), over the dataset's "
            + "errorThreshold of \(percent(threshold)); nothing of it is ingested"
        guard !dryRun else {
            report.failedFiles.append("\(file.path): \(why)")
            return
        }
        do {
            let folder = try WorkspaceFolder.create("rejected/\(file.dataset)", in: root)
            let name = freeName("failed-" + ArchiveName.make(sequence: sequence, originalName: file.name), in: folder)
            // The file first: its reasons are kept only beside it, never as an orphan of a file left in the inbox.
            guard rename(file.url.path, folder.appendingPathComponent(name).path) == 0 else {
                throw BuildError.cannotWrite("rejected/\(file.dataset)/\(name)", String(cString: strerror(errno)).lowercased())
            }
            try rejections.keep(as: name + ".ndjson")
            report.failedFiles.append("\(file.path): \(why); it is now rejected/\(file.dataset)/\(name), its reasons in "
                                      + "rejected/\(file.dataset)/\(name).ndjson: fix it and drop it into the inbox again")
            report.rejectionNotes.append(RejectionNote(file: file.path, rejections: rejections, keptAs: name + ".ndjson"))
        } catch {
            report.failedFiles.append("\(file.path): \(why); it could not be moved to rejected/\(file.dataset)/ (\(error)), so it stays in the inbox")
        }
    }

    /// `name`, or `name-2`, `name-3`, … when a file of that name (or its reasons) is already there.
    private static func freeName(_ name: String, in folder: URL) -> String {
        var candidate = name
        var number = 1
        while WorkspaceFolder.kind(folder.appendingPathComponent(candidate)) != .missing
            || WorkspaceFolder.kind(folder.appendingPathComponent(candidate + ".ndjson")) != .missing {
            number += 1
            candidate = "\(name)-\(number)"
        }
        return candidate
    }

    private static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) %" : String(format: "%.1f %%", value)
    }
}

/// The first reasons a file's records were rejected for, and where all of them are, for the summary.
public struct RejectionNote: Sendable {
    /// The file as it was dropped (`inbox/crm/day2.csv`).
    public var file: String
    public var count: Int
    /// At most `shown` of the rejections, in file order: `line L: reason`.
    public var firstReasons: [String]
    /// Where every rejection is (`rejected/crm/000002-day2.csv.ndjson`).
    public var rejectedFile: String

    static let shown = 3

    init(file: String, rejections: RejectionFile, keptAs name: String? = nil) {
        self.file = file
        count = rejections.count
        firstReasons = rejections.first.map { "line \($0.line): \($0.errors.joined(separator: "; "))" }
        rejectedFile = rejections.path(as: name)
    }
}
