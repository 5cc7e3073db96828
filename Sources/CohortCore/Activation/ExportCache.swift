/// What watch mode keeps between exports so that an export costs what changed, not what exists:
/// per destination, its audiences and what it exported last. The caller names, before each export,
/// the profiles whose attributes, identities or memberships changed since the previous one, and
/// writes every export it plans; after a failed write it calls `forget()`, and each destination's
/// next export starts again from its files on disk.
public final class ExportCache {
    /// Profile keys whose rows must be worked out again: set by the caller before each export.
    public var dirty = Set<String>()
    var files: [String: FileExportState] = [:]
    var streams: [String: StreamExportState] = [:]

    public init() {}

    /// Drops everything kept: the next export of each destination starts from its files.
    public func forget() {
        files = [:]
        streams = [:]
    }
}

/// A file destination's audiences (one index per segment) and, by segment and row key, the rows
/// its files hold (full mode) or have sent so far (incremental mode).
final class FileExportState {
    private var audiences: [String: AudienceIndex] = [:]
    var sent: [String: [String: ExportRow]]

    init(sent: [String: [String: ExportRow]]) {
        self.sent = sent
    }

    func audience(_ segment: String) -> AudienceIndex {
        if let known = audiences[segment] { return known }
        let made = AudienceIndex(segment: segment)
        audiences[segment] = made
        return made
    }
}
