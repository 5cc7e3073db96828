import CohortCore
import Foundation

/// The rejected records of one file on their way to `rejected/<dataset-id>/<name>.ndjson`: each is
/// written to a temporary file as it comes, so a file of millions of bad records holds none of them
/// in memory, and the file gets its name only once the ingest it belongs to is decided. Dropped
/// without `keep`, it leaves nothing behind. Without a folder (a dry run) it only counts.
final class RejectionFile {
    /// How many records were rejected.
    private(set) var count = 0
    /// The first few, in file order, for the build's summary.
    private(set) var first: [DatasetIngest.Rejection] = []
    private let root: URL
    private let folder: String?
    private let name: String
    private var writer: AtomicFile.Writer?
    /// Told each rejection as it is appended.
    var observer: ((DatasetIngest.Rejection) -> Void)?

    /// Rejections to be kept as `<folder>/<name>` below `root`; nil `folder`: counted only.
    init(root: URL, folder: String?, name: String) {
        self.root = root
        self.folder = folder
        self.name = name
    }

    /// Rejections that are counted, and the first few kept, but written nowhere.
    static func counting() -> RejectionFile {
        RejectionFile(root: URL(fileURLWithPath: "/"), folder: nil, name: "")
    }

    func append(_ rejection: DatasetIngest.Rejection) throws {
        count += 1
        observer?(rejection)
        if first.count < RejectionNote.shown { first.append(rejection) }
        guard let folder else { return }
        if writer == nil {
            let url = try WorkspaceFolder.create(folder, in: root)
            AtomicFile.removeLeftovers(in: url)
            writer = try AtomicFile.Writer(url.appendingPathComponent(name))
        }
        try writer?.append(Array((rejection.ndjsonLine + "\n").utf8))
    }

    /// Puts the rejections in place, under `name` or `otherName` (in the same folder); nothing
    /// when there were none.
    func keep(as otherName: String? = nil) throws {
        guard let writer, let folder else { return }
        let url = root.appendingPathComponent(folder).appendingPathComponent(otherName ?? name)
        try writer.commit(to: url)
        self.writer = nil
    }

    /// Where the rejections are kept, relative to the workspace.
    func path(as otherName: String? = nil) -> String {
        "\(folder ?? "rejected")/\(otherName ?? name)"
    }
}
