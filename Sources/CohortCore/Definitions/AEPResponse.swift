/// What Adobe Experience Platform's APIs wrap definitions in, so that a response saved to a file
/// loads as it is: list responses holding several definitions, and the bookkeeping keys every
/// response adds to a definition.
enum AEPResponse {
    /// Keys AEP adds to what it returns (links, organisation, sandbox, who and when, versions):
    /// nothing cohort reads, and no reason to warn.
    static let bookkeepingKeys = [
        "_links", "_page", "imsOrg", "imsOrgId", "sandbox", "sandboxId", "sandboxName",
        "created", "createdBy", "createdClient", "createdUser", "creationTime", "createTime", "createEpoch",
        "updated", "updatedBy", "updatedClient", "updatedUser", "updateTime", "updateEpoch", "version",
    ]

    /// What a list response holds beside its definitions: where the page is, and the next one (and
    /// `$schema`, which any JSON definition file may name).
    private static let listKeys = ["page", "link", "$schema"]

    /// The definitions of a list response, or nil for a file holding one definition: a JSON array
    /// (the Identity Service's namespace list), or an object whose definitions sit under `segments`
    /// (segment definitions) or `children` (merge policies, policies).
    static func definitions(in node: JSONNode, kind: DefinitionKind) -> [JSONNode]? {
        if let elements = node.elements { return elements }
        guard let members = node.members else { return nil }
        let wrappers = kind == .segment ? ["segments", "children"] : ["children"]
        for wrapper in wrappers {
            if let list = members.first(where: { $0.key == wrapper })?.value.elements,
               members.allSatisfy({ $0.key == wrapper || listKeys.contains($0.key) || bookkeepingKeys.contains($0.key) }) {
                return list
            }
        }
        return nil
    }
}
