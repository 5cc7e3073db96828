/// `cohort.json`: the workspace's name, time zone, defaults and limits.
public struct WorkspaceSettings: Equatable, Sendable {
    public var name: String
    /// An IANA time zone; `today` and calendar units in PQL are computed there.
    public var timezone: Located<String>
    /// The merge policy segments use when they name none (else the policy marked `default`).
    public var defaultMergePolicy: Located<String>?
    public var limits: Limits
    /// ISO 3166 alpha-2 code of the country national phone numbers belong to (`NumberingPlan`).
    public var defaultCountry: Located<String>?
    /// Strict mode: unknown keys, attributes and elements in definitions are errors, not warnings.
    public var strict = false

    /// Identity limits (SPEC §3).
    public struct Limits: Equatable, Sendable {
        public var identitiesPerGraph: Int
        public var identitiesPerRecord: Int

        public static let standard = Limits(identitiesPerGraph: 50, identitiesPerRecord: 20)

        public init(identitiesPerGraph: Int, identitiesPerRecord: Int) {
            self.identitiesPerGraph = identitiesPerGraph
            self.identitiesPerRecord = identitiesPerRecord
        }
    }

    public init(name: String, timezone: Located<String>, defaultMergePolicy: Located<String>? = nil, limits: Limits = .standard) {
        self.name = name
        self.timezone = timezone
        self.defaultMergePolicy = defaultMergePolicy
        self.limits = limits
    }

    /// The settings of a workspace without `cohort.json`.
    public static let standard = WorkspaceSettings(name: "workspace", timezone: Located("UTC", at: .start(of: "cohort.json")))
}
