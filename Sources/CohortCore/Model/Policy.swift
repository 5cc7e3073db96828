/// A data-usage policy (SPEC §2.8): a marketing action that is denied when certain labels are present.
public struct Policy: Definition, Equatable {
    public static let kind = DefinitionKind.policy

    /// AEP's `deny` expression: labels combined with AND / OR.
    public indirect enum Condition: Equatable, Sendable {
        case label(Located<String>)
        case all([Condition])
        case any([Condition])

        /// Whether the condition holds for a set of labels present.
        public func isSatisfied(by labels: Set<String>) -> Bool {
            switch self {
            case .label(let label): return labels.contains(label.value)
            case .all(let operands): return operands.allSatisfy { $0.isSatisfied(by: labels) }
            case .any(let operands): return operands.contains { $0.isSatisfied(by: labels) }
            }
        }

        /// Every label the condition mentions.
        public var labels: [Located<String>] {
            switch self {
            case .label(let label): return [label]
            case .all(let operands), .any(let operands): return operands.flatMap(\.labels)
            }
        }
    }

    /// How a `deny` condition combines its `operands` (AEP writes the words in capitals).
    public enum Operator: String, CaseIterable, Sendable {
        case and = "AND"
        case or = "OR"
    }

    /// AEP's policy `status`: only an enabled policy is enforced.
    public enum Status: String, CaseIterable, Sendable {
        case draft = "DRAFT"
        case enabled = "ENABLED"
        case disabled = "DISABLED"
    }

    public var id: Located<String>
    public var name: String
    /// The marketing actions the policy restricts (AEP's `marketingActionRefs` may name several).
    public var marketingActions: [Located<String>]
    public var deny: Condition
    public var status: Status

    public init(id: Located<String>, name: String, marketingActions: [Located<String>], deny: Condition,
                status: Status = .enabled) {
        self.id = id
        self.name = name
        self.marketingActions = marketingActions
        self.deny = deny
        self.status = status
    }
}

/// AEP's data-usage labels. Other label names are custom labels and are allowed.
public enum DataUsageLabel {
    public static let standard: Set<String> = Set((1...12).map { "C\($0)" } + ["I1", "I2", "S1", "S2"])

    /// Label names are letters, digits, `_` and `-`, starting with a letter.
    public static func isWellFormed(_ label: String) -> Bool {
        guard let first = label.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return label.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}
