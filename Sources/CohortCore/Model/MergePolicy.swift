/// A merge policy (SPEC §2.4): how identities stitch and which fragment's attribute wins.
public struct MergePolicy: Definition, Equatable {
    public static let kind = DefinitionKind.mergePolicy

    public enum IdentityGraph: String, CaseIterable, Sendable {
        /// No stitching: one profile per primary identity.
        case none
        /// Stitch records through the identity graph.
        case pdg
    }

    public enum AttributeMerge: Equatable, Sendable {
        /// Per attribute, the newest fragment wins.
        case timestampOrdered
        /// Per attribute, the first dataset in `order` that has it wins; other datasets are not merged.
        case dataSetPrecedence(order: [Located<String>])

        /// The `attributeMerge.type` that names each rule.
        public enum Kind: String, CaseIterable, Sendable {
            case timestampOrdered, dataSetPrecedence
        }
    }

    public var id: Located<String>
    public var name: String
    public var identityGraph: IdentityGraph
    public var attributeMerge: AttributeMerge
    public var isDefault: Bool

    public init(id: Located<String>, name: String, identityGraph: IdentityGraph = .pdg,
                attributeMerge: AttributeMerge = .timestampOrdered, isDefault: Bool = false) {
        self.id = id
        self.name = name
        self.identityGraph = identityGraph
        self.attributeMerge = attributeMerge
        self.isDefault = isDefault
    }
}
