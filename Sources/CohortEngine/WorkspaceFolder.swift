import Foundation

/// Folders inside a workspace, seen without following symbolic links: whatever links are put in
/// the workspace, cohort reads, moves and writes nothing outside it.
enum WorkspaceFolder {
    /// What a path is, by `lstat`.
    enum Kind: Equatable {
        /// `file` is a regular file; `other` a named pipe, socket or device.
        case missing, folder, file, link, other
    }

    static func kind(_ url: URL) -> Kind {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// The names in a folder, sorted: those that are UTF-8, and (shown with U+FFFD) those that are
    /// not, which no path in cohort can name. Nil when the folder cannot be listed.
    static func entries(_ url: URL) -> (names: [String], notUTF8: [String])? {
        guard let folder = opendir(url.path) else { return nil }
        defer { closedir(folder) }
        var names: [String] = []
        var notUTF8: [String] = []
        while let entry = readdir(folder) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard bytes != Array(".".utf8), bytes != Array("..".utf8) else { continue }
            if let name = String(validating: bytes, as: UTF8.self) {
                names.append(name)
            } else {
                notUTF8.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return (names.sorted(), notUTF8.sorted())
    }

    /// `relative` (such as `archive/crm`) below `root`, created where missing; throws when a part of
    /// it is a symbolic link or not a folder, naming that part.
    @discardableResult
    static func create(_ relative: String, in root: URL) throws -> URL {
        var url = root
        var path = ""
        for part in relative.split(separator: "/") {
            url = url.appendingPathComponent(String(part))
            path += "\(part)/"
            if kind(url) == .missing, mkdir(url.path, 0o755) != 0, errno != EEXIST {
                throw BuildError.cannotWrite(
                    path, "cannot be created (\(String(cString: strerror(errno)).lowercased()))")
            }
            try requireFolder(url, path: path)
        }
        return url
    }

    /// Throws when a part of `relative` below `root` that exists is a symbolic link or not a folder.
    static func checkWritable(_ relative: String, in root: URL) throws {
        var url = root
        var path = ""
        for part in relative.split(separator: "/") {
            url = url.appendingPathComponent(String(part))
            path += "\(part)/"
            guard kind(url) != .missing else { return }
            try requireFolder(url, path: path)
        }
    }

    private static func requireFolder(_ url: URL, path: String) throws {
        switch kind(url) {
        case .folder: return
        case .link:
            let target =
                (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)).map { " to \($0)" } ?? ""
            throw BuildError.cannotWrite(
                path,
                "is a symbolic link\(target); cohort never writes outside the workspace, "
                    + "so nothing is written through it; replace the link with a real folder")
        case .missing, .file, .other:
            throw BuildError.cannotWrite(path, "is not a folder; move it away so that cohort can make the folder")
        }
    }

    /// Whether every part of `relative` below `root` is a real folder (none a link).
    static func isReal(_ relative: String, in root: URL) -> Bool {
        var url = root
        for part in relative.split(separator: "/") {
            url = url.appendingPathComponent(String(part))
            guard kind(url) == .folder else { return false }
        }
        return true
    }

    /// A name that stays in its folder: not empty, no `/` or NUL, not `.` or `..`.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.contains("\0") && name != "." && name != ".."
    }
}
