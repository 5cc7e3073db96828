import Foundation

/// Opens a file for writing, creating it where it is. `FileManager.createFile` writes a temporary
/// file beside it and renames it, so a crash at that moment leaves a stray `.dat.nosync…` file in
/// `exports/` or `archive/`; this leaves nothing.
func openForWriting(_ url: URL, truncating: Bool) throws -> FileHandle {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (truncating ? O_TRUNC : 0), 0o644)
    guard descriptor >= 0 else {
        let code = POSIXErrorCode(rawValue: errno) ?? .EIO
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(code)])
    }
    return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
}
