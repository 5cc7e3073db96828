/// What watch mode keeps between exports so that a batch redoes only the rows of the profiles it
/// changed: each member's rows (or why it is left out) per destination and segment, and the rows of
/// export files already read back. Without a cache every export starts from nothing.
public final class ExportCache: @unchecked Sendable {
    /// A member's rows for one segment of one destination, or the reason it is left out.
    struct Member {
        var rows: [ExportRow]
        var skip: ExportSkip?
    }

    /// Profiles whose rows must be built again: set by the caller before each export.
    public var dirty = Set<String>()
    /// Per destination and segment (`audience(_:_:)`), each member's rows by profile key.
    private var members: [String: [String: Member]] = [:]
    private var files: [String: (bytes: [UInt8], rows: [ExportRow])] = [:]
    private var lines: [String: (bytes: [UInt8], payloads: [[String: Value]])] = [:]

    public init() {}

    /// The key of one destination's segment, worked out once per segment rather than per member.
    static func audience(_ destination: String, _ segment: String) -> String {
        "\(destination)\u{0}\(segment)"
    }

    func member(_ audience: String, _ key: String, make: () -> Member) -> Member {
        if !dirty.contains(key), let known = members[audience]?[key] { return known }
        let made = make()
        members[audience, default: [:]][key] = made
        return made
    }

    func rows(_ destination: String, _ file: String, bytes: [UInt8], read: () -> [ExportRow]?) -> [ExportRow]? {
        let slot = "\(destination)\u{0}\(file)"
        if let known = files[slot], known.bytes == bytes { return known.rows }
        guard let rows = read() else { return nil }
        files[slot] = (bytes, rows)
        return rows
    }

    func payloads(_ destination: String, _ file: String, bytes: [UInt8], read: () -> [[String: Value]]?) -> [[String: Value]]? {
        let slot = "\(destination)\u{0}\(file)"
        if let known = lines[slot], known.bytes == bytes { return known.payloads }
        guard let payloads = read() else { return nil }
        lines[slot] = (bytes, payloads)
        return payloads
    }
}
