import CohortCore
import Foundation

/// Finds the data files waiting in `inbox/<dataset-id>/`, and the ones that cannot be ingested
/// (in `inbox/` itself or in a folder that is no dataset), which are reported and left where they are.
struct InboxScanner {
    /// A file to ingest.
    struct Pending {
        var dataset: String
        var url: URL
        /// Relative to the workspace, e.g. `inbox/crm/day2.csv`.
        var path: String
        var name: String { url.lastPathComponent }
    }

    let root: URL

    /// Hidden files and partial downloads are never data (SPEC §5).
    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || [".tmp", ".part", ".crdownload"].contains { name.lowercased().hasSuffix($0) }
    }

    /// The files of each dataset's folder, in order, and why the rest of `inbox/` is left alone.
    /// Nothing is followed through a symbolic link; files are only listed here (`DataFile` checks
    /// each one as it is opened), folders inside a dataset's folder are not data.
    func scan(datasets: Set<String>) -> (pending: [Pending], strays: [String]) {
        let inbox = root.appendingPathComponent("inbox")
        var pending: [Pending] = []
        var strays: [String] = []
        switch WorkspaceFolder.kind(inbox) {
        case .folder: break
        case .missing: return ([], [])
        case .link, .file, .other:
            return ([], ["inbox/: is not a real folder (a symbolic link?); nothing in it is ingested; make it one"])
        }
        guard let (names, notUTF8) = WorkspaceFolder.entries(inbox) else {
            return ([], ["inbox/: cannot be listed; nothing in it is ingested; make it readable"])
        }
        strays += notUTF8.filter { !Self.isIgnored($0) }.map(Self.notUTF8)
        for name in names where !Self.isIgnored(name) {
            let url = inbox.appendingPathComponent(name)
            switch WorkspaceFolder.kind(url) {
            case .missing: continue
            case .folder: break
            case .link:
                strays.append("inbox/\(name): is a symbolic link; dataset folders must be real folders in the "
                              + "workspace (links are never followed); it is left where it is")
                continue
            case .file, .other:
                strays.append("inbox/\(name): files go in inbox/<dataset-id>/; this one is left where it is")
                continue
            }
            guard let (listed, notUTF8) = WorkspaceFolder.entries(url) else {
                strays.append("inbox/\(name)/: cannot be listed; its files are left where they are; make it readable")
                continue
            }
            let files = listed.filter { !Self.isIgnored($0) }
            guard datasets.contains(name) else {
                if !files.isEmpty {
                    let hint = Suggestion.hint(for: name, in: datasets)
                    strays.append("inbox/\(name)/: no dataset has the id \"\(name)\"\(hint); its \(files.count) file(s) are left where they are")
                }
                continue
            }
            strays += notUTF8.filter { !Self.isIgnored($0) }.map { Self.notUTF8("\(name)/\($0)") }
            for file in files where WorkspaceFolder.kind(url.appendingPathComponent(file)) != .folder {
                let path = "inbox/\(name)/\(file)"
                pending.append(Pending(dataset: name, url: url.appendingPathComponent(file), path: path))
            }
        }
        return (pending, strays)
    }

    private static func notUTF8(_ name: String) -> String {
        "inbox/\(name): its name is not valid UTF-8 (shown with �); rename it and build again; it is left where it is"
    }
}
