import CohortCore
import Foundation

/// `exports/<destination-id>/` on disk: what the last export left there, and writing a new export —
/// each changed file through a temporary file and a rename, files no longer owned deleted, the
/// manifest last (so an interrupted export is simply done again by the next build).
struct ExportFolder {
    let root: URL
    let url: URL
    /// `exports/<destination-id>`, relative to the workspace, as errors name it.
    let path: String

    init(root: URL, destination: String) {
        self.root = root
        path = "exports/\(destination)"
        url = root.appendingPathComponent(path)
    }

    /// The manifest and every file it lists that still exists, each read only when an export asks
    /// for its bytes. A manifest that cannot be read counts as none: the next export starts afresh
    /// (a full backfill).
    func previous() -> (previous: PreviousExport, unreadableManifest: Bool) {
        guard let bytes = read(ExportManifest.fileName) else { return (.none, false) }
        guard let manifest = ExportManifest.decode(bytes) else { return (.none, true) }
        let stamps = stamps(of: manifest)
        let files = ExportFiles(onDisk: Set(stamps.keys)) { [self] name in read(name) }
        return (PreviousExport(manifest: manifest, files: files, stamps: stamps), false)
    }

    /// What the folder holds once `export` is written on top of `previous`, with its files' stamps as they are now.
    func after(_ export: DestinationExport, on previous: PreviousExport) -> PreviousExport {
        previous.after(export, stamps: stamps(of: export.manifest))
    }

    /// Each file `manifest` lists that exists, with its size and modification time (a hand edit
    /// changes them): what the folder's digest is made of, without reading any file.
    private func stamps(of manifest: ExportManifest) -> [String: String] {
        guard WorkspaceFolder.isReal(path, in: root) else { return [:] }
        var stamps: [String: String] = [:]
        for file in manifest.files where Self.isPlainName(file.name) {
            var info = stat()
            guard stat(url.appendingPathComponent(file.name).path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            stamps[file.name] = "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return stamps
    }

    /// Which files an export creates, rewrites and deletes: only files whose bytes change.
    struct Changes: Equatable {
        var created: [String] = []
        var rewritten: [String] = []
        var deleted: [String] = []

        var isEmpty: Bool { created.isEmpty && rewritten.isEmpty && deleted.isEmpty }
    }

    /// What writing `export` would change, without writing. `known` gives the bytes of files as they
    /// are on disk, when the caller has them (so large files are not read back to be compared).
    func pendingChanges(_ export: DestinationExport, known: ExportFiles = [:]) -> Changes {
        var changes = Changes()
        var contents = export.files
        contents[ExportManifest.fileName] = export.manifest.encoded()
        for name in contents.keys.sorted() {
            switch known.contains(name) ? known[name] : read(name) {
            case nil: changes.created.append(name)
            case let bytes? where bytes != contents[name]: changes.rewritten.append(name)
            default: break
            }
        }
        changes.deleted = export.removed.filter { Self.isPlainName($0) && FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
        return changes
    }

    /// Writes the export and returns what changed; files whose bytes are unchanged are not touched.
    func apply(_ export: DestinationExport, known: ExportFiles = [:]) throws -> Changes {
        let changes = pendingChanges(export, known: known)
        guard !changes.isEmpty else { return changes }
        try WorkspaceFolder.create(path, in: root)
        AtomicFile.removeLeftovers(in: url)
        let written = changes.created + changes.rewritten
        for name in written where name != ExportManifest.fileName {
            try FailureWording.guarding("\(path)/\(name)", "write") {
                try AtomicFile.write(export.files[name] ?? [], to: url.appendingPathComponent(name))
            }
            CrashPoint.reach("export.file")
        }
        for name in changes.deleted {
            try FailureWording.guarding("\(path)/\(name)", "delete") {
                try FileManager.default.removeItem(at: url.appendingPathComponent(name))
            }
        }
        if written.contains(ExportManifest.fileName) {
            try FailureWording.guarding("\(path)/\(ExportManifest.fileName)", "write") {
                try AtomicFile.write(export.manifest.encoded(), to: url.appendingPathComponent(ExportManifest.fileName))
            }
            CrashPoint.reach("export.manifest")
        }
        return changes
    }

    /// A file's bytes; nil when missing, or when the folder is a link (nothing outside the workspace is read).
    private func read(_ name: String) -> [UInt8]? {
        guard WorkspaceFolder.isReal(path, in: root) else { return nil }
        return (try? Data(contentsOf: url.appendingPathComponent(name))).map(Array.init)
    }

    /// A manifest edited by hand must not make cohort read or delete files outside the folder.
    static func isPlainName(_ name: String) -> Bool {
        WorkspaceFolder.isPlainName(name) && !name.contains("\\") && name != ExportManifest.fileName
    }
}
