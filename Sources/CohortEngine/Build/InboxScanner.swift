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

    func scan(datasets: Set<String>) -> (pending: [Pending], strays: [String]) {
        let inbox = root.appendingPathComponent("inbox")
        let manager = FileManager.default
        var pending: [Pending] = []
        var strays: [String] = []
        for name in ((try? manager.contentsOfDirectory(atPath: inbox.path)) ?? []).sorted() where !Self.isIgnored(name) {
            let url = inbox.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                strays.append("inbox/\(name): files go in inbox/<dataset-id>/; this one is left where it is")
                continue
            }
            let files = ((try? manager.contentsOfDirectory(atPath: url.path)) ?? []).sorted().filter { !Self.isIgnored($0) }
            guard datasets.contains(name) else {
                if !files.isEmpty {
                    let hint = Suggestion.hint(for: name, in: datasets)
                    strays.append("inbox/\(name)/: no dataset has the id \"\(name)\"\(hint); its \(files.count) file(s) are left where they are")
                }
                continue
            }
            for file in files {
                let fileURL = url.appendingPathComponent(file)
                var isFolder: ObjCBool = false
                if manager.fileExists(atPath: fileURL.path, isDirectory: &isFolder), !isFolder.boolValue {
                    pending.append(Pending(dataset: name, url: fileURL, path: "inbox/\(name)/\(file)"))
                }
            }
        }
        return (pending, strays)
    }
}
