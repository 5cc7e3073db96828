/// A segment definition (SPEC §2.5): a PQL expression over profiles and their events.
public struct Segment: Definition, Equatable {
    public static let kind = DefinitionKind.segment

    /// How a JSON definition's `expression` is written: PQL text, or AEP's tree of it.
    public enum ExpressionFormat: String, CaseIterable, Sendable {
        case text = "pql/text"
        case json = "pql/json"
    }

    public var id: Located<String>
    public var name: String
    public var description: String
    /// The PQL text, able to map any offset back to the file (through JSON escapes or XML entities).
    public var expression: LocatedText
    public var mergePolicy: Located<String>?
    /// Leave out profiles whose opt-out says out (AEP's `dataGovernancePolicy.excludeOptOut`).
    public var excludeOptOut: Bool

    public init(id: Located<String>, name: String, description: String = "", expression: LocatedText,
                mergePolicy: Located<String>? = nil, excludeOptOut: Bool = false) {
        self.id = id
        self.name = name
        self.description = description
        self.expression = expression
        self.mergePolicy = mergePolicy
        self.excludeOptOut = excludeOptOut
    }
}
