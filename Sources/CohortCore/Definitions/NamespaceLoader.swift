import Foundation

/// Reads an identity namespace (AEP's `code`, `name`, `type` plus cohort's linking rules).
enum NamespaceLoader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> Namespace? {
        let id = DefinitionIDReader.read(object, file: file, keys: ["code", "id"])
        object.ignore("description", "id", "idType", "status", "custom")
        let type = object.choice("type", of: Namespace.IdentityType.self)
        if type == nil && !object.has("type") {
            object.sink.error(object.location, "missing `type`: one of \(Namespace.IdentityType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        let identityType = type?.value ?? .crossDevice
        var namespace = Namespace(
            id: id,
            name: object.string("name")?.value ?? id.value,
            type: identityType,
            priority: object.integer("priority")?.value ?? Namespace.defaultPriority(for: identityType),
            normalize: object.choice("normalize", of: Namespace.Normalization.self)?.value ?? defaultNormalization(for: identityType)
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

    private static func defaultNormalization(for type: Namespace.IdentityType) -> Namespace.Normalization {
        switch type {
        case .email: return .email
        case .phone: return .phone
        default: return .none
        }
    }
}
