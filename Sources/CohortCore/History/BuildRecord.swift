/// One line of `history/builds.ndjson`: what one build (or one step of `cohort watch`) did, in
/// counts, ids and file names only — never an identity or an attribute value, so the history can be
/// committed and shared. Keys are sorted and there is no wall-clock time other than the as-of time,
/// so the same build of the same inputs is the same line.
public struct BuildRecord: Equatable, Sendable {
    /// One ingested file, as its ledger line names it.
    public struct File: Equatable, Sendable {
        public var dataset: String
        public var archive: String
        public var read: Int
        public var kept: Int
        public var rejected: Int
        public var duplicates: Int

        public init(dataset: String, archive: String, read: Int, kept: Int, rejected: Int, duplicates: Int) {
            self.dataset = dataset
            self.archive = archive
            self.read = read
            self.kept = kept
            self.rejected = rejected
            self.duplicates = duplicates
        }
    }

    /// A segment's members after the build, and how many entered and exited in it.
    public struct SegmentCounts: Equatable, Sendable {
        public var members: Int
        public var entered: Int
        public var exited: Int

        public init(members: Int, entered: Int, exited: Int) {
            self.members = members
            self.entered = entered
            self.exited = exited
        }
    }

    /// What a destination holds after the build: its files' rows, the files this build wrote, per
    /// segment the rows exported and the profiles left out by reason; or the policies blocking it.
    public struct DestinationCounts: Equatable, Sendable {
        /// Rows per file the destination owns, by file name.
        public var files: [String: Int] = [:]
        /// The files this build created or rewrote, sorted.
        public var written: [String] = []
        public var segments: [String: ExportCounts] = [:]
        /// Policy id → what the destination uses that the policy denies (empty: not blocked).
        public var blockedBy: [String: [String]] = [:]

        public init(files: [String: Int] = [:], written: [String] = [], segments: [String: ExportCounts] = [:],
                    blockedBy: [String: [String]] = [:]) {
            self.files = files
            self.written = written
            self.segments = segments
            self.blockedBy = blockedBy
        }
    }

    /// The identity graph after the build, and the identity values ingest dropped in it.
    public struct IdentityCounts: Equatable, Sendable {
        public var graph = GraphStats()
        /// Values dropped at ingest in this build, by namespace and reason.
        public var droppedValues: [IdentityRules.DroppedValues: Int] = [:]

        public init(graph: GraphStats = GraphStats(), droppedValues: [IdentityRules.DroppedValues: Int] = [:]) {
            self.graph = graph
            self.droppedValues = droppedValues
        }
    }

    /// What started the build: `build`, or a step of `watch` (files, a definition edit, time passing).
    public var trigger: String
    /// The time segments were evaluated at (ms).
    public var asOf: Int64
    public var files: [File] = []
    /// Files that failed whole (over their error threshold, or unreadable).
    public var failedFiles = 0
    public var duplicateEvents = 0
    public var profiles = 0
    public var segments: [String: SegmentCounts] = [:]
    public var destinations: [String: DestinationCounts] = [:]
    public var identity = IdentityCounts()

    public init(trigger: String, asOf: Int64) {
        self.trigger = trigger
        self.asOf = asOf
    }

    /// Records kept and rejected over the build's files.
    public var recordsKept: Int { files.reduce(0) { $0 + $1.kept } }
    public var recordsRejected: Int { files.reduce(0) { $0 + $1.rejected } }
}
