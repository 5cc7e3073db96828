/// Every segment of a workspace as a Spark SQL condition over the profile frame of its merge policy,
/// in `inSegment` dependency order (a segment's column exists before a segment reading it is
/// evaluated), and every PQL construct Spark cannot run, as a located error.
public struct SparkSegments: Sendable {
    /// One segment's condition.
    public struct Segment: Equatable, Sendable {
        public var id: String
        /// The merge policy whose profile frame the condition is evaluated on.
        public var policy: String
        /// A BOOLEAN never NULL: the PQL condition, and with `excludeOptOut` not opted out.
        public var sql: String
        /// The segment columns the row must hold (`inSegment`), sorted; for a segment of another merge
        /// policy, its membership joined by profile key.
        public var reads: [String]
    }

    /// The segments that compile, in dependency order.
    public let segments: [Segment]
    /// What cannot run on Spark, at its place in the segment files, sorted.
    public let unsupported: [Diagnostic]

    /// The column of the profile frame holding segment `id`'s condition: `__segment_` and the id's UTF-8 bytes in
    /// hex, which no column of the frame (`profile_key`, `profile`, `events`, `identities`, the job's own) nor another
    /// segment's can be, whatever the id (Spark matches column names ignoring case; ids start with a letter or digit).
    public static func column(of id: String) -> String {
        "__segment_" + id.utf8.map { String($0 >> 4, radix: 16) + String($0 & 15, radix: 16) }.joined()
    }

    /// Compiles the segments of a workspace (that validates) for evaluation at `now` (ms).
    public init(workspace: Workspace, now: Int64) {
        let environment = PQLEnvironment(workspace: workspace)
        let timeZone = workspace.settings.timezone.value
        let optOut = Self.optedOut(environment.profile)
        var segments: [Segment] = []
        var unsupported: [Diagnostic] = []
        for compiled in SegmentSet(workspace: workspace).segments {
            let output = SparkPQLCompiler.compile(compiled.node, environment: environment, now: now, timeZone: timeZone)
            if let expression = workspace.segment(compiled.id)?.expression {
                unsupported += output.unsupported.map { $0.error.diagnostic(in: expression) }
            }
            guard var sql = output.sql else { continue }
            if compiled.excludeOptOut, let optOut { sql = "((NOT \(optOut)) AND \(sql))" }
            segments.append(Segment(id: compiled.id, policy: compiled.policy, sql: sql, reads: output.segments))
        }
        self.segments = segments
        self.unsupported = unsupported.sorted()
    }

    /// Whether a profile has opted out (`OptOut`): some channel of `consents.marketing` answered `n` or
    /// `dn`; nil when the profile schemas hold no such channel.
    static func optedOut(_ profile: SchemaField) -> String? {
        guard let marketing = profile.descendant(at: ["consents", "marketing"]) else { return nil }
        let answers = "('n', 'dn')"
        switch marketing.type {
        case .object:
            let channels = marketing.properties.keys.sorted().filter { name in
                marketing.properties[name]?.properties["val"]?.type == .string
            }
            guard !channels.isEmpty else { return nil }
            let tests = channels.map { "profile.`consents`.`marketing`.\(SparkType.quoted($0)).`val` IN \(answers)" }
            return SparkSQLText.definite("(" + tests.joined(separator: " OR ") + ")")
        case .map:
            guard marketing.element?.properties["val"]?.type == .string else { return nil }
            let channels = "map_values(profile.`consents`.`marketing`)"
            return SparkSQLText.definite("exists(\(channels), pql_channel -> pql_channel.`val` IN \(answers))")
        default:
            return nil
        }
    }
}
