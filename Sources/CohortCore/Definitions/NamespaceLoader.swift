import Foundation

/// Reads an identity namespace: cohort's `code`, `name`, `type` plus linking rules, or the Identity
/// Service's shape (`idType` such as "COOKIE" or "Cross_device", and what its responses add).
enum NamespaceLoader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> Namespace? {
        let id = DefinitionIDReader.read(object, file: file, keys: ["code", "id"])
        object.ignore("description", "id", "idType", "status", "custom", "namespaceType")
        let type = object.has("type") || !object.has("idType") ? object.choice("type", of: Namespace.IdentityType.self) : identityType(object)
        if type == nil && !object.has("type") && !object.has("idType") {
            object.sink.error(object.location, "missing `type` (or the Identity Service's `idType`): one of \(Namespace.IdentityType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))", code: .missingKey)
        }
        let identityType = type?.value ?? .crossDevice
        var namespace = Namespace(
            id: id,
            name: object.string("name")?.value ?? id.value,
            type: identityType,
            priority: object.integer("priority")?.value ?? Namespace.defaultPriority(for: identityType),
            normalize: object.choice("normalize", of: Namespace.Normalization.self)?.value ?? Namespace.defaultNormalization(for: identityType)
        )
        let unique = object.bool("unique") ?? false
        if let limit = object.integer("limit") {
            if limit.value < 1 {
                object.sink.error(limit.location, "`limit` must be at least 1, found \(limit.value)")
            } else if unique && limit.value != 1 {
                object.sink.error(limit.location, "`unique: true` already means a limit of 1; remove `limit` or `unique`")
            }
            namespace.limit = max(1, limit.value)
        }
        if unique { namespace.limit = 1 }
        namespace.blocked = (object.strings("blocked", xmlElement: "blocked") ?? []).filter { pattern in
            do {
                _ = try NSRegularExpression(pattern: pattern.value)
                return true
            } catch {
                object.sink.error(pattern.location, "`blocked` pattern \"\(pattern.value)\" is not a valid regular expression")
                return false
            }
        }
        object.finish()
        return namespace
    }

    /// The Identity Service's `idType`, in any case: "COOKIE", "CROSS_DEVICE", "Cross_device", "NON_PEOPLE"….
    private static func identityType(_ object: DefinitionObject) -> Located<Namespace.IdentityType>? {
        guard let raw = object.string("idType") else { return nil }
        let word = raw.value.lowercased().replacingOccurrences(of: "-", with: "_")
        if let type = Namespace.IdentityType(rawValue: word) { return Located(type, at: raw.location) }
        let allowed = Namespace.IdentityType.allCases.map { $0.rawValue.uppercased() }
        object.sink.error(raw.location, "`idType` cannot be \"\(raw.value)\"; expected one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))\(Suggestion.hint(for: raw.value.uppercased(), in: allowed))")
        return nil
    }
}
