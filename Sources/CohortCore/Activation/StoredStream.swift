/// Where a stream destination's state lives between exports (the store), kept in pieces and read a
/// piece at a time: an export from it costs what the profiles it looks at again reach (their
/// pieces, the sent lines naming their identities), not everything ever sent. A read that fails
/// returns less; the caller records the failure and throws it after planning.
public protocol StreamStore: AnyObject {
    /// The profiles changed since the state was saved: every other profile's piece is as stored.
    var dirty: Set<String> { get }
    /// The profiles the last export left due to be looked at again (`StreamChanges.due`).
    var due: Set<String> { get }
    /// The destination's own values (`StreamChanges.totals`).
    var totals: [UInt8] { get }
    /// The pieces of those of `profiles` that have one: the line each matches and the rest, encoded.
    func profiles(_ profiles: Set<String>) -> [String: (line: Int?, entry: [UInt8])]
    /// For each of `lines` that a profile's piece names as the sent line it matches, those profiles.
    func profiles(matching lines: Set<Int>) -> [Int: Set<String>]
    /// The profiles whose piece has one of `identities` among its exported identities.
    func profiles(holding identities: Set<String>) -> Set<String>
    /// The sent lines `lines` no later line replaced (`StreamChanges.lines`).
    func lines(_ lines: Set<Int>) -> [Int: [UInt8]]
    /// The sent line naming each of `identities` (when one does).
    func owners(_ identities: Set<String>) -> [String: Int]
}

/// What an export changed in a stream destination's stored state: the caller writes it once the
/// export's files are written. Holders (identity → profile) and owners (identity → line) are
/// indexes of the pieces, kept by the store as the pieces change.
public struct StreamChanges: Sendable {
    /// One profile's piece: the sent line it matches, its exported identities, and the rest encoded.
    public struct Profile: Sendable, Equatable {
        public var line: Int?
        public var identities: [String]
        public var entry: [UInt8]

        public init(line: Int?, identities: [String], entry: [UInt8]) {
            self.line = line
            self.identities = identities
            self.entry = entry
        }
    }

    /// Every stored piece is replaced by these (the state was worked out from the files).
    public var replacesAll: Bool
    /// The destination's own values: the next line's number, the counts, the lines last sent.
    public var totals: [UInt8]
    /// The profiles the next export looks at again besides the dirty ones.
    public var due: Set<String>
    /// Profile → its piece now; nil: it has none any more.
    public var profiles: [String: Profile?] = [:]
    /// Profile → the identities its stored piece had (the holders to take out before the new ones go in).
    public var formerIdentities: [String: [String]] = [:]
    /// Line number → the line (its identities and payload, encoded); nil: a later line replaced it.
    public var lines: [Int: [UInt8]?] = [:]
    /// Identity → the line naming it now; nil: none.
    public var owners: [String: Int?] = [:]
}
