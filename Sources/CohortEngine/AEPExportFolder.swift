import CohortCore
import Foundation

/// Writes `cohort export-aep`'s files (`AEPExport`) under a folder, each whole or not at all.
public enum AEPExportFolder {
    /// Writes `files` under `folder`, creating the folders they need; returns their paths as written.
    public static func write(_ files: [AEPExport.File], to folder: URL) throws -> [String] {
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw BuildError.cannotWrite(url.deletingLastPathComponent().path, "cannot create this folder: \(error.localizedDescription)")
            }
            try AtomicFile.write(Array(file.text.utf8), to: url)
        }
        return files.map(\.path)
    }
}
