/// What a destination's folder held after its last export: its manifest and the bytes of the files
/// the manifest lists (those that still exist).
public struct PreviousExport: Sendable {
    public let manifest: ExportManifest?
    public let files: [String: [UInt8]]
    /// A digest of what the folder holds: the manifest and each file it lists (or that it is missing).
    /// Stored export state serves only the export whose folder still has this digest. Worked out
    /// once: watch mode's next export starts from this one's folder.
    public let digest: String

    public static let none = PreviousExport(manifest: nil, files: [:])

    public init(manifest: ExportManifest?, files: [String: [UInt8]]) {
        self.manifest = manifest
        self.files = files
        digest = Self.digest(manifest: manifest, files: files)
    }

    private static func digest(manifest: ExportManifest?, files: [String: [UInt8]]) -> String {
        guard let manifest else { return "none" }
        var hasher = SHA256()
        hasher.update(manifest.encoded())
        for name in manifest.files.map(\.name).sorted() {
            hasher.update(Array("\n\(name)\n".utf8))
            if let bytes = files[name] {
                hasher.update(Array("\(bytes.count)\n".utf8))
                hasher.update(bytes)
            } else {
                hasher.update(Array("missing\n".utf8))
            }
        }
        return hasher.finalizeHex()
    }

    /// The files the previous manifest listed that `manifest` no longer does, sorted: the ones to delete.
    func filesNoLongerListed(in manifest: ExportManifest) -> [String] {
        let owned = Set(manifest.files.map(\.name))
        return (self.manifest?.files ?? []).map(\.name).filter { !owned.contains($0) }.sorted()
    }

    /// What the folder holds once `export` is written on top of this.
    public func after(_ export: DestinationExport) -> PreviousExport {
        var files = self.files
        for name in export.removed { files[name] = nil }
        files.merge(export.files) { _, new in new }
        let owned = Set(export.manifest.files.map(\.name))
        return PreviousExport(manifest: export.manifest, files: files.filter { owned.contains($0.key) })
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
