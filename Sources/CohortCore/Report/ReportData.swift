/// Everything `cohort report` shows, gathered from the workspace's definitions, its history, its
/// store, its exports' manifests, its ledger and its rejected records. Rendering it (`ReportPage`)
/// reads nothing else, so the page is a pure function of this value.
public struct ReportData: Sendable {
    /// A segment as the page lists it.
    public struct SegmentSummary: Equatable, Sendable {
        public var id: String
        public var name: String
        public var description: String
        public var members: Int
        public var eligibility: StreamingEligibility
        /// The segments it names in `inSegment`, sorted.
        public var uses: [String]
        public var mergePolicy: String

        public init(id: String, name: String, description: String, members: Int, eligibility: StreamingEligibility,
                    uses: [String], mergePolicy: String) {
            self.id = id
            self.name = name
            self.description = description
            self.members = members
            self.eligibility = eligibility
            self.uses = uses
            self.mergePolicy = mergePolicy
        }
    }

    /// A destination and what its manifest says it holds now.
    public struct DestinationSummary: Equatable, Sendable {
        public var id: String
        public var name: String
        public var kind: String
        public var manifest: ExportManifest?
        /// Policy id → what the destination uses that the policy denies; empty unless it is blocked.
        public var blockedBy: [String: [String]]

        public init(id: String, name: String, kind: String, manifest: ExportManifest?, blockedBy: [String: [String]]) {
            self.id = id
            self.name = name
            self.kind = kind
            self.manifest = manifest
            self.blockedBy = blockedBy
        }
    }

    /// Rejected records that share a reason (values masked), and where the first of them are.
    public struct RejectionGroup: Equatable, Sendable {
        public var reason: String
        public var count: Int
        /// `rejected/crm/000001-luma-crm.json.ndjson` and the line in the original file, first few.
        public var places: [(file: String, line: Int)]

        public init(reason: String, count: Int, places: [(file: String, line: Int)]) {
            self.reason = reason
            self.count = count
            self.places = places
        }

        public static func == (lhs: RejectionGroup, rhs: RejectionGroup) -> Bool {
            lhs.reason == rhs.reason && lhs.count == rhs.count
                && lhs.places.map(\.file) == rhs.places.map(\.file) && lhs.places.map(\.line) == rhs.places.map(\.line)
        }
    }

    public var workspaceName: String
    public var history: [BuildRecord] = []
    /// Lines of the history that could not be read, as warnings.
    public var historyProblems: [String] = []
    public var segments: [SegmentSummary] = []
    /// Profiles in both of two segments, keyed by the pair's ids in order (`a < b`).
    public var overlaps: [Pair: Int] = [:]
    public var destinations: [DestinationSummary] = []
    public var profiles = 0
    public var graph = GraphStats()
    /// The identities linked to the most values of one person-identifying namespace, most first.
    public var sharedIdentities: [IdentityGraph.SharedIdentity] = []
    public var files: [LedgerEntry] = []
    public var rejections: [RejectionGroup] = []
    /// When a rejected file held more records than were read to group reasons: how many were read per file.
    public var rejectionsReadPerFile: Int?

    public init(workspaceName: String) {
        self.workspaceName = workspaceName
    }

    /// Two segment ids, the smaller first.
    public struct Pair: Hashable, Sendable {
        public var first: String
        public var second: String

        public init(_ a: String, _ b: String) {
            (first, second) = a < b ? (a, b) : (b, a)
        }
    }

    /// Profiles in both `a` and `b` (a segment's own size when they are the same).
    public func overlap(_ a: String, _ b: String) -> Int {
        if a == b { return segments.first { $0.id == a }?.members ?? 0 }
        return overlaps[Pair(a, b)] ?? 0
    }

    /// Identity values dropped at ingest over every recorded build, by namespace and reason.
    public var droppedValues: [IdentityRules.DroppedValues: Int] {
        history.reduce(into: [:]) { total, record in total.merge(record.identity.droppedValues, uniquingKeysWith: +) }
    }
}
