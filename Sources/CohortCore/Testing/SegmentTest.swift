/// One test file of a workspace's `tests/` folder (`cohort test`): records written inline as they
/// would arrive in their datasets' files, the time segments are evaluated at, and what should come
/// out. The records go through the same validation as ingest; the profiles are stitched, merged and
/// evaluated in memory against the workspace's definitions, never its store.
///
/// In JSON:
///
///     {
///       "name": "Gold members",
///       "asOf": "2026-11-21T00:00:00Z",
///       "records": {
///         "loyalty": [ { "loyaltyId": "L1", "loyalty": { "tier": "gold" }, … } ],
///         "dma-crm": [ { "CRM ID": "C1", "Email": "ann@example.com", … } ]
///       },
///       "expect": [
///         { "segment": "gold-members", "members": ["lumaLoyaltyId:L1"] },
///         { "segment": "recent-buyers", "in": ["Email:ann@example.com"], "out": ["lumaCrmId:C2"] },
///         { "destination": "email-sftp", "rows": [ { "first_name": "Ann", "tier": "gold" } ] }
///       ]
///     }
///
/// A dataset's records are objects (a CSV dataset's rows: objects of column name to text), or one
/// string that is the content of a file of that dataset. In XML, `<test name="…" asOf="…">` holds
/// `<records dataset="…">` elements whose text is such a file's content (a CDATA section keeps it
/// verbatim) and `<expect segment="…">` elements with `<member>`, `<in>` and `<out>` children, or
/// `<expect destination="…">` with a `<row column="value" …/>` per row.
public struct SegmentTest: Sendable {
    /// The records of one dataset.
    public struct Records: Sendable {
        public enum Content: Sendable {
            /// Records (or CSV rows) written as JSON objects.
            case objects([JSONNode])
            /// The content of a file of the dataset.
            case text(LocatedText)
        }

        public var dataset: Located<String>
        public var content: Content
    }

    /// An exported row: column name to its text (nil: null), in the order written.
    public struct Row: Sendable {
        public var location: SourceLocation
        public var cells: [(column: Located<String>, text: String?)]
    }

    /// What should come out.
    public enum Check: Sendable {
        /// The segment's members are exactly the profiles holding these identities.
        case members([Located<String>])
        /// The profiles holding the `in` identities are members, those holding the `out` ones are not.
        case inOut(in: [Located<String>], out: [Located<String>])
        /// The destination exports exactly these rows (each row names some or all of its columns).
        case rows([Row])

        /// The profiles' identities the check names.
        public var identityNames: [Located<String>] {
            switch self {
            case .members(let names): return names
            case .inOut(let inNames, let outNames): return inNames + outNames
            case .rows: return []
            }
        }
    }

    /// One expectation: of a segment (`members`, `inOut`) or of a destination (`rows`).
    public struct Expectation: Sendable {
        public var location: SourceLocation
        /// The segment or destination id.
        public var subject: Located<String>
        public var check: Check

        /// How the expectation is named in reports: `gold-members: members`.
        public var name: String {
            switch check {
            case .members: return "\(subject.value): members"
            case .inOut: return "\(subject.value): in/out"
            case .rows: return "\(subject.value): rows"
            }
        }
    }

    /// The workspace-relative path of the test file.
    public var file: String
    /// The test's name (its file name unless it gives one).
    public var name: String
    /// When segments are evaluated (ms); records without a time of their own are ingested then.
    public var asOf: Located<Int64>
    public var records: [Records]
    public var expectations: [Expectation]
}
