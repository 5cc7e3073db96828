import CohortCore
import Foundation

/// Writes `cohort export-aep`'s files (`AEPExport`) under a folder, each whole or not at all.
public enum AEPExportFolder {
    /// Writes `files` under `folder`, creating the folders they need; returns their paths as written.
    public static func write(_ files: [AEPExport.File], to folder: URL) throws -> [String] {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw BuildError.cannotWrite(folder.path, "is a file, not a folder; name a folder to write into (it is created if needed)")
        }
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            let parent = url.deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw BuildError.cannotWrite(parent.path, "cannot create this folder (\(error.localizedDescription)); check that the path is a folder you can write to")
            }
            try AtomicFile.write(Array(file.text.utf8), to: url)
        }
        return files.map(\.path)
    }
}
