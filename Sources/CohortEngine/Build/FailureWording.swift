import Foundation
import GRDB

/// Puts a Foundation, POSIX or SQLite error into words a user can act on: the file, what could not
/// be done, why, and what to do. No raw error text reaches a user.
enum FailureWording {
    /// Runs `body`; an error other than a `BuildError` becomes one naming `path` (relative to the
    /// workspace) and `action` ("read", "write", …), with `hint` when the reason has none of its own.
    static func guarding<T>(_ path: String, _ action: String, hint: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BuildError {
            throw error
        } catch {
            throw buildError(error, path: path, action: action, hint: hint)
        }
    }

    /// A `BuildError` for any error: the path comes from the error where it names one (relative to
    /// `root`), else `path`.
    static func buildError(_ error: any Error, root: URL, path: String) -> BuildError {
        if let error = error as? BuildError { return error }
        let named = ((error as NSError).userInfo[NSFilePathErrorKey] as? String).map { relative($0, to: root) }
        return buildError(error, path: named ?? path, action: "use", hint: nil)
    }

    /// `cannot <action> it: <reason>; <what to do>` for `path`: the reason's own advice, else `hint`.
    static func buildError(_ error: any Error, path: String, action: String, hint: String?) -> BuildError {
        let (reason, advice) = reason(error)
        let what = advice ?? hint ?? "check the file and its folder, then run the command again"
        return .unreadable(path, "cannot \(action) it: \(reason); \(what)")
    }

    /// Why, in words, and what to do when the reason itself says (a full disk, a busy store).
    static func reason(_ error: any Error) -> (String, String?) {
        if let error = error as? DatabaseError {
            switch error.resultCode.primaryResultCode {
            case .SQLITE_FULL: return ("the disk is full", "free space on that disk and run the command again")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return ("the store is damaged", "delete .cohort/ (it is derived) and run `cohort build --rebuild`")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return (
                    "another process is using the store", "wait for the other cohort command to finish and try again"
                )
            case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: return ("permission denied", nil)
            case .SQLITE_CANTOPEN: return ("it cannot be opened", nil)
            case .SQLITE_IOERR: return ("the disk reported an input/output error", nil)
            default: return ("the store refused the operation (SQLite result code \(error.resultCode.rawValue))", nil)
            }
        }
        guard let code = posixCode(error as NSError) else {
            return ("an unexpected error (\((error as NSError).domain) \((error as NSError).code))", nil)
        }
        switch code {
        case ENOSPC, EDQUOT: return ("the disk is full", "free space on that disk and run the command again")
        case ENOENT: return ("it does not exist", nil)
        case EACCES, EPERM: return ("permission denied", "give your user access to it, then run the command again")
        case EROFS: return ("the disk is read-only", nil)
        case EISDIR: return ("it is a folder", nil)
        case ENOTDIR: return ("a folder on its path is a file", nil)
        case EIO: return ("the disk reported an input/output error", nil)
        default: return ("the system reported error \(code)", nil)
        }
    }

    /// The POSIX error behind a Foundation error, or the one Foundation's own code stands for.
    private static func posixCode(_ error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, let code = posixCode(underlying) {
            return code
        }
        guard error.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileReadNoPermission, .fileWriteNoPermission: return EACCES
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        default: return nil
        }
    }

    private static func relative(_ path: String, to root: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }
}

extension BuildError {
    /// A Foundation, POSIX or SQLite error in words, naming its file relative to `root`; nil for any
    /// other error (a command-line parser's own, say), which its owner describes.
    public init?(systemError error: any Error, root: URL) {
        let domain = (error as NSError).domain
        guard error is DatabaseError || domain == NSCocoaErrorDomain || domain == NSPOSIXErrorDomain else { return nil }
        self = FailureWording.buildError(
            error, root: root, path: error is DatabaseError ? ".cohort/store.sqlite" : root.path)
    }
}
