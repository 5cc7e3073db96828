/// How a destination writes its export identity: which namespace, under which column name, and
/// whether values are normalized and hashed (SPEC §2.7).
public struct ExportIdentity: Sendable {
    public let namespace: String
    public let hash: Destination.Hash
    private let type: Namespace.IdentityType?

    public init(_ identity: Destination.Identity, namespace: Namespace?) {
        self.namespace = identity.namespace.value
        hash = identity.hash
        type = namespace?.type
    }

    /// The column (or `identityMap` key) the values are written under: the namespace code, with
    /// `_SHA256` added when values are hashed.
    public var columnName: String { hash == .sha256 ? namespace + "_SHA256" : namespace }

    /// The value as exported: unchanged, or normalized and hashed to lowercase hex.
    public func exported(_ value: String) -> String {
        switch hash {
        case .none: return value
        case .sha256: return SHA256.hex(Array(Self.normalizedForHashing(value, type: type).utf8))
        }
    }

    /// What ad platforms hash: phone numbers in E.164 (`+` and digits), everything else trimmed and
    /// lowercased.
    public static func normalizedForHashing(_ value: String, type: Namespace.IdentityType?) -> String {
        if type == .phone {
            let e164 = IdentityRules.normalize(value, as: .phone)
            return e164.isEmpty || e164.hasPrefix("+") ? e164 : "+" + e164
        }
        return IdentityRules.normalize(value, as: .email)
    }
}
