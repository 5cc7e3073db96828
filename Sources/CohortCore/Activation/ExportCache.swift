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
/// its files hold (full mode) or have sent so far (incremental mode), and the lines of rows
/// written whole before (full mode rewrites a changed segment's file from them). With `stored`,
/// it holds slices of the audiences the store keeps: the rows and lines of the rest are there.
final class FileExportState {
    private var audiences: [String: AudienceIndex] = [:]
    var sent: [String: [String: ExportRow]]
    private var lines: [String: [String: [UInt8]]] = [:]
    let stored: AudienceStore?

    init(sent: [String: [String: ExportRow]], stored: AudienceStore? = nil) {
        self.sent = sent
        self.stored = stored
    }

    /// Takes an audience restored from the store.
    func restore(_ audience: AudienceIndex) {
        audiences[audience.segment] = audience
    }

    /// The line of a row exported now, written by `make` unless it is kept from before.
    func line(_ row: ExportRow, make: () -> [UInt8]) -> [UInt8] {
        if let known = lines[row.segment]?[row.key] { return known }
        let made = make()
        lines[row.segment, default: [:]][row.key] = made
        return made
    }

    /// Drops the lines of rows that may have changed.
    func forgetLines(of keys: Set<String>, in segment: String) {
        guard lines[segment] != nil else { return }
        for key in keys { lines[segment]?[key] = nil }
    }

    func audience(_ segment: String) -> AudienceIndex {
        if let known = audiences[segment] { return known }
        let made = AudienceIndex(segment: segment)
        audiences[segment] = made
        return made
    }
}
