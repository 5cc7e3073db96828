import Foundation

/// Every file under a folder, by relative path, with its bytes: for comparing export trees.
struct FolderSnapshot: Equatable {
    var files: [String: Data]

    init(_ folder: URL) throws {
        var files: [String: Data] = [:]
        let base = folder.standardizedFileURL.path
        if let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                files[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
            }
        }
        self.files = files
    }

    /// Paths whose bytes differ, or that only one side has.
    func differences(from other: FolderSnapshot) -> [String] {
        Set(files.keys).union(other.files.keys).filter { files[$0] != other.files[$0] }.sorted()
    }
}
