import Foundation

/// Changes from Linux inotify: every folder below `inbox/` and the definition folders is watched
/// (folders created later too); an inbox file counts as complete when it is closed after writing or
/// renamed in.
public final class InotifySource: ChangeSource {
    private let root: URL
    private let descriptor: Int32
    private let stop: StopSignal
    private var folders: [Int32: String] = [:]

    private static let closeWrite: UInt32 = 0x8, movedFrom: UInt32 = 0x40, movedTo: UInt32 = 0x80, create: UInt32 = 0x100
    private static let delete: UInt32 = 0x200, modify: UInt32 = 0x2, isFolder: UInt32 = 0x4000_0000, overflow: UInt32 = 0x4000
    private static let mask = closeWrite | movedFrom | movedTo | create | delete | modify

    /// Nil when inotify is unavailable (then poll instead).
    public init?(root: URL, stop: StopSignal) {
        let descriptor = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard descriptor >= 0 else { return nil }
        self.root = root.standardizedFileURL
        self.descriptor = descriptor
        self.stop = stop
        watchTree("")
        for folder in ["inbox"] + WatchedPaths.definitionFolders { watchTree(folder) }
    }

    deinit { close(descriptor) }

    public func wait(timeout: Double) -> WorkspaceChanges {
        guard stop.poll([descriptor], timeout: timeout).contains(descriptor) else { return WorkspaceChanges() }
        var changes = WorkspaceChanges()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            var offset = 0
            while offset + 16 <= count {
                let wd = buffer.withUnsafeBytes { $0.load(fromByteOffset: offset, as: Int32.self) }
                let mask = buffer.withUnsafeBytes { $0.load(fromByteOffset: offset + 4, as: UInt32.self) }
                let length = Int(buffer.withUnsafeBytes { $0.load(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                offset += 16 + length
                if mask & Self.overflow != 0 {
                    changes.definitions = true
                    changes.completeFiles.formUnion(existingInboxFiles())
                    continue
                }
                guard let folder = folders[wd] else { continue }
                let name = String(decoding: nameBytes, as: UTF8.self)
                let relative = folder.isEmpty ? name : "\(folder)/\(name)"
                handle(relative, mask: mask, into: &changes)
            }
        }
        return changes
    }

    private func handle(_ relative: String, mask: UInt32, into changes: inout WorkspaceChanges) {
        if mask & Self.isFolder != 0 {
            if mask & (Self.create | Self.movedTo) != 0 {
                // A new folder (a dataset's inbox, a definitions folder): watch it and take what it already holds.
                watchTree(relative)
                changes.completeFiles.formUnion(existingInboxFiles().filter { $0.hasPrefix(relative + "/") })
            }
            if WatchedPaths.isDefinition(relative + "/") || WatchedPaths.definitionFolders.contains(relative) { changes.definitions = true }
            return
        }
        if WatchedPaths.isDefinition(relative) {
            if mask & (Self.closeWrite | Self.movedTo | Self.movedFrom | Self.delete) != 0 { changes.definitions = true }
        } else if WatchedPaths.isInboxFile(relative) {
            // A link or special file is never written and closed: it is complete (and reported) once made.
            let kind = mask & Self.create != 0 ? WorkspaceFolder.kind(root.appendingPathComponent(relative)) : .file
            if mask & (Self.closeWrite | Self.movedTo) != 0 || kind == .link || kind == .other {
                changes.completeFiles.insert(relative)
                changes.reopened.remove(relative)
            } else if mask & Self.modify != 0 && changes.completeFiles.contains(relative) {
                changes.completeFiles.remove(relative)
                changes.reopened.insert(relative)
            }
        }
    }

    /// Watches `relative` and every folder below it.
    private func watchTree(_ relative: String) {
        let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else { return }
        let wd = inotify_add_watch(descriptor, url.path, Self.mask)
        guard wd >= 0 else { return }
        folders[wd] = relative
        guard !relative.isEmpty else { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] where !name.hasPrefix(".") {
            watchTree("\(relative)/\(name)")
        }
    }

    /// The files below `inbox/` (not its folders) that may be data.
    private func existingInboxFiles() -> [String] {
        let inbox = root.appendingPathComponent("inbox")
        return ((try? FileManager.default.subpathsOfDirectory(atPath: inbox.path)) ?? []).map { "inbox/\($0)" }
            .filter { WatchedPaths.isInboxFile($0) && WorkspaceFolder.kind(root.appendingPathComponent($0)) != .folder }
    }
}
