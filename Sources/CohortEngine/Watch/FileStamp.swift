import Foundation

/// A file's size and modification time: when neither changed between two looks, nobody wrote to it.
struct FileStamp: Equatable {
    var size: Int
    var modified: Date

    /// The stamp of anything but a folder, by `lstat` (links and special files have one too); nil
    /// for a folder or a file that is not there.
    static func of(_ url: URL) -> FileStamp? {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { return nil }
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        return FileStamp(size: Int(info.st_size), modified: modified)
    }
}
