/// How a destination writes its export identity: which namespace, under which column name, and
/// whether values are normalized and hashed (SPEC §2.7).
public struct ExportIdentity: Sendable {
    public let namespace: String
    public let hash: Destination.Hash
    let type: Namespace.IdentityType?
    let defaultCountry: String?
    /// The preset column the values are written in, normalized as it says.
    let presetColumn: DestinationPreset.Column?

    /// `defaultCountry`: the workspace's, for phone numbers written without a country code; `preset`:
    /// the destination's, whose column for the namespace's type takes the values.
    public init(_ identity: Destination.Identity, namespace: Namespace?, defaultCountry: String? = nil,
                preset: DestinationPreset? = nil) {
        self.namespace = identity.namespace.value
        hash = identity.hash
        type = namespace?.type
        self.defaultCountry = defaultCountry
        presetColumn = namespace.flatMap { preset?.identityColumn(for: $0.type) }
    }

    /// The column (or `identityMap` key) the values are written under: the preset's column, or the
    /// namespace code, with `_SHA256` added when values are hashed.
    public var columnName: String { presetColumn?.header ?? (hash == .sha256 ? namespace + "_SHA256" : namespace) }

    /// The value as exported: unchanged, or normalized and hashed to lowercase hex (as the preset's
    /// column says, when there is one); nil for a phone number that cannot be written in E.164 (it is
    /// left out, as ingest leaves such values out).
    public func exported(_ value: String) -> String? {
        if let presetColumn { return presetColumn.exported(value, defaultCountry: defaultCountry) }
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
