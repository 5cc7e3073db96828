import Synchronization

/// What a destination's folder held after its last export: its manifest and the files the manifest
/// lists that still exist. A file's bytes are read only when a planner asks for them, so an export
/// that changes a few files does not read every file the folder holds.
public struct PreviousExport: Sendable {
    public let manifest: ExportManifest?
    public let files: ExportFiles
    /// A digest of what the folder holds: the manifest and each file it lists, by its stamp (or that
    /// it is missing). Stored export state serves only the export whose folder still has this digest.
    public let digest: String

    public static let none = PreviousExport(manifest: nil, files: [:])

    /// Files held in memory (each stamped by its bytes).
    public init(manifest: ExportManifest?, files: [String: [UInt8]]) {
        self.init(manifest: manifest, files: ExportFiles(files), stamps: files.mapValues(Self.contentStamp))
    }

    /// Files whose bytes `files` gives, each listed file that exists with its `stamp` (on disk: its
    /// size and modification time, which a hand edit changes), so that the digest reads no file.
    public init(manifest: ExportManifest?, files: ExportFiles, stamps: [String: String]) {
        self.manifest = manifest
        self.files = files
        digest = Self.digest(manifest: manifest, stamps: stamps)
    }

    private static func contentStamp(_ bytes: [UInt8]) -> String {
        "\(bytes.count) \(SHA256.hex(bytes))"
    }

    private static func digest(manifest: ExportManifest?, stamps: [String: String]) -> String {
        guard let manifest else { return "none" }
        var hasher = SHA256()
        hasher.update(manifest.encoded())
        for name in manifest.files.map(\.name).sorted() {
            hasher.update(Array("\n\(name)\n\(stamps[name] ?? "missing")\n".utf8))
        }
        return hasher.finalizeHex()
    }

    /// The files the previous manifest listed that `manifest` no longer does, sorted: the ones to delete.
    func filesNoLongerListed(in manifest: ExportManifest) -> [String] {
        let owned = Set(manifest.files.map(\.name))
        return (self.manifest?.files ?? []).map(\.name).filter { !owned.contains($0) }.sorted()
    }

    /// What the folder holds once `export` is written on top of this, each file stamped by its bytes.
    public func after(_ export: DestinationExport) -> PreviousExport {
        let files = self.files.after(export)
        var stamps: [String: String] = [:]
        for name in export.manifest.files.map(\.name) { stamps[name] = files[name].map(Self.contentStamp) }
        return PreviousExport(manifest: export.manifest, files: files, stamps: stamps)
    }

    /// What the folder holds once `export` is written on top of this, with the `stamps` its files have on disk.
    public func after(_ export: DestinationExport, stamps: [String: String]) -> PreviousExport {
        PreviousExport(manifest: export.manifest, files: files.after(export), stamps: stamps)
    }
}

/// The bytes of a destination's previous files: those in hand, and those on disk, read (once) when
/// asked for.
public struct ExportFiles: Sendable, ExpressibleByDictionaryLiteral {
    private var known: [String: [UInt8]]
    /// Files on disk that are not in `known`.
    private var onDisk: Set<String>
    private let disk: Disk?

    /// Reads files on disk and keeps what it read.
    private final class Disk: Sendable {
        let read: @Sendable (String) -> [UInt8]?
        let cache = Mutex<[String: [UInt8]?]>([:])

        init(read: @escaping @Sendable (String) -> [UInt8]?) {
            self.read = read
        }

        func bytes(_ name: String) -> [UInt8]? {
            if let cached = cache.withLock({ $0[name] }) { return cached }
            let bytes = read(name)
            cache.withLock { $0[name] = bytes }
            return bytes
        }
    }

    /// Files in memory.
    public init(_ files: [String: [UInt8]]) {
        known = files
        onDisk = []
        disk = nil
    }

    public init(dictionaryLiteral elements: (String, [UInt8])...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// Files `names` on disk, whose bytes `read` gives (nil when a file cannot be read).
    public init(onDisk names: Set<String>, read: @escaping @Sendable (String) -> [UInt8]?) {
        known = [:]
        onDisk = names
        disk = Disk(read: read)
    }

    /// A file's bytes; nil when the folder does not hold it.
    public subscript(name: String) -> [UInt8]? {
        if let bytes = known[name] { return bytes }
        return onDisk.contains(name) ? disk?.bytes(name) : nil
    }

    /// Whether the folder holds the file, without reading it.
    public func contains(_ name: String) -> Bool {
        known[name] != nil || onDisk.contains(name)
    }

    /// The files once `export` is written on top of these: those it sets in hand, those its manifest no longer lists gone.
    func after(_ export: DestinationExport) -> ExportFiles {
        var files = self
        for name in export.removed {
            files.known[name] = nil
            files.onDisk.remove(name)
        }
        for (name, bytes) in export.files {
            files.known[name] = bytes
            files.onDisk.remove(name)
        }
        let owned = Set(export.manifest.files.map(\.name))
        files.known = files.known.filter { owned.contains($0.key) }
        files.onDisk = files.onDisk.intersection(owned)
        return files
    }
}

/// Rows that entered, left or changed in one segment of an export.
public struct RowChanges: Equatable, Sendable {
    public var entered = 0
    public var exited = 0
    public var changed = 0

    public init(entered: Int = 0, exited: Int = 0, changed: Int = 0) {
        self.entered = entered
        self.exited = exited
        self.changed = changed
    }

    public var isEmpty: Bool { entered == 0 && exited == 0 && changed == 0 }
}

/// A destination's export: the files to write (only those with new content are written), the files
/// it no longer owns, its manifest, and what changed per segment compared with the previous export.
public struct DestinationExport: Sendable {
    public var destination: String
    /// File name → content, for every file this export sets; files it keeps unchanged from earlier
    /// exports (incremental and stream history) are not listed.
    public var files: [String: [UInt8]]
    /// Files the previous manifest listed that this export no longer owns.
    public var removed: [String]
    public var manifest: ExportManifest
    /// Per segment of the destination (and of segments removed from it).
    public var changes: [String: RowChanges]
    /// Files of the previous export that could not be read back (edited by hand).
    public var unreadable: [String]
    /// The previous files were written in another shape (format, columns or mapping): full files are
    /// rewritten in the new one; an incremental destination's export is a backfill.
    public var reshaped = false
    /// What this export changed in a file destination's audiences, for the store to keep (nil for streams).
    public var audiences: AudienceChanges?
    /// What this export changed in a stream destination's state, for the store to keep (nil for files).
    public var stream: StreamChanges?
    /// What this export changed in a lookup destination's state, for the store to keep (nil for others).
    public var lookup: LookupChanges?
}
