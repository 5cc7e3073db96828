/// How a destination writes its export identity: which namespace, under which column name, and
/// whether values are normalized and hashed (SPEC §2.7).
public struct ExportIdentity: Sendable {
    public let namespace: String
    public let hash: Destination.Hash
    private let type: Namespace.IdentityType?
    private let defaultCountry: String?

    /// `defaultCountry`: the workspace's, for phone numbers written without a country code.
    public init(_ identity: Destination.Identity, namespace: Namespace?, defaultCountry: String? = nil) {
        self.namespace = identity.namespace.value
        hash = identity.hash
        type = namespace?.type
        self.defaultCountry = defaultCountry
    }

    /// The column (or `identityMap` key) the values are written under: the namespace code, with
    /// `_SHA256` added when values are hashed.
    public var columnName: String { hash == .sha256 ? namespace + "_SHA256" : namespace }

    /// The value as exported: unchanged, or normalized and hashed to lowercase hex; nil for a phone
    /// number that cannot be written in E.164 (it is left out, as ingest leaves such values out).
    public func exported(_ value: String) -> String? {
        switch hash {
        case .none: return value
        case .sha256:
            let normalized = Self.normalizedForHashing(value, type: type, defaultCountry: defaultCountry)
            return normalized.map { SHA256.hex(Array($0.utf8)) }
        }
    }

    /// What ad platforms hash: phone numbers in E.164 (`+` and digits), everything else trimmed and
    /// lowercased.
    public static func normalizedForHashing(_ value: String, type: Namespace.IdentityType?,
                                            defaultCountry: String?) -> String? {
        IdentityRules.normalize(value, as: type == .phone ? .phone : .email, defaultCountry: defaultCountry)
    }
}
