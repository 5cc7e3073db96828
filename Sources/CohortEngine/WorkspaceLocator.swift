import CohortCore
import Foundation

/// Finds the workspace a command works on, as git finds its repository: the folder given with `-C`,
/// which must hold `cohort.json` (or `cohort.xml`), else the nearest folder holding one from the
/// current folder upward. It never creates anything: only `cohort init` makes a workspace.
public enum WorkspaceLocator {
    /// Why no workspace was found.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// `-C` names a path that does not exist, or is not a folder.
        case noFolder(String)
        /// `-C` names a folder without settings.
        case notAWorkspace(String)
        /// No `-C`, and neither the current folder nor any above it holds settings.
        case noneAbove(String)

        public var description: String {
            switch self {
            case .noFolder(let path):
                return "\(path) is not a folder, so it is not a cohort workspace; pass a workspace folder with -C DIR, "
                    + "or create one with `cohort init \(path)`"
            case .notAWorkspace(let path):
                return "\(path) is not a cohort workspace: it has no cohort.json; pass the workspace folder with "
                    + "-C DIR, or create one with `cohort init \(path)`"
            case .noneAbove(let path):
                return "not inside a cohort workspace: neither \(path) nor any folder above it has a cohort.json; "
                    + "run cohort inside a workspace, pass one with -C DIR, or create one with `cohort init DIR`"
            }
        }
    }

    /// The workspace root: `given` (relative to `currentFolder`) when there is one, else the nearest
    /// folder from `currentFolder` upward that holds settings.
    public static func locate(given: String?, currentFolder: String) throws -> URL {
        let current = URL(fileURLWithPath: currentFolder, isDirectory: true)
        if let given {
            let folder = URL(fileURLWithPath: given, relativeTo: current).standardizedFileURL
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw Failure.noFolder(given)
            }
            guard holdsSettings(folder) else { throw Failure.notAWorkspace(given) }
            return folder
        }
        let start = current.standardizedFileURL.path
        var components = start.split(separator: "/").map(String.init)
        while true {
            let folder = URL(fileURLWithPath: "/" + components.joined(separator: "/"), isDirectory: true)
            if holdsSettings(folder) { return folder }
            guard components.popLast() != nil else { throw Failure.noneAbove(start) }
        }
    }

    /// Whether `folder` holds a settings file (a file, not a folder of that name).
    public static func holdsSettings(_ folder: URL) -> Bool {
        WorkspaceLoader.settingsFiles.contains { name in
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
        }
    }
}
