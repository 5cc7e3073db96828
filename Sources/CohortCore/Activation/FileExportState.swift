/// A file destination's audiences (one index per segment) and, by segment and row key, the rows
/// its files hold (full mode) or have sent so far (incremental mode), and the lines of rows made in
/// this export (the files and the store take them). With `stored`, it holds slices of the audiences
/// the store keeps: the rows and lines of the rest are there.
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

    /// The line of a row exported now, written by `make` unless it was made before in this export.
    func line(_ row: ExportRow, make: () -> [UInt8]) -> [UInt8] {
        if let known = lines[row.segment]?[row.key] { return known }
        let made = make()
        lines[row.segment, default: [:]][row.key] = made
        return made
    }

    func audience(_ segment: String) -> AudienceIndex {
        if let known = audiences[segment] { return known }
        let made = AudienceIndex(segment: segment)
        audiences[segment] = made
        return made
    }
}
