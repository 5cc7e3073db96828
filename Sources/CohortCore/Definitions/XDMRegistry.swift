/// The XDM building blocks a workspace's `schemas/` folder holds besides schemas, by `$id`: field
/// groups (mixins), data types and classes, as the Schema Registry's source form (`xed`) writes
/// them. A schema's `allOf` and a field's `$ref` name them by `$id`, and `XEDSchemaReader` reads them
/// in where they are named.
struct XDMRegistry {
    /// One building block: its JSON and the file it came from.
    struct Component {
        var node: JSONNode
        var path: String
        /// A class's `meta:extends`: the classes it builds on.
        var extends: [String]
    }

    /// The kinds of building blocks, as `meta:resourceType` names them and as their `$id`s have them.
    static let resourceTypes: Set<String> = ["mixins", "fieldgroups", "datatypes", "classes"]

    private(set) var components: [String: Component] = [:]
    /// The files holding building blocks rather than schemas.
    private(set) var componentFiles: Set<String> = []

    init() {}

    /// The building blocks among `files` (those under `schemas/` that parse as JSON objects).
    init(files: [SourceFile]) {
        for file in files where file.path.hasPrefix("schemas/") && file.fileExtension == "json" {
            guard case .success(let node) = JSONParser.parse(file.bytes, file: file.path),
                  let id = node["$id"]?.stringValue?.text, Self.isComponent(node, id: id) else { continue }
            let extends = node["meta:extends"]?.elements?.compactMap { $0.stringValue?.text } ?? []
            components[id] = components[id] ?? Component(node: node, path: file.path, extends: extends)
            componentFiles.insert(file.path)
        }
    }

    /// Whether a document is a field group, data type or class rather than a schema.
    static func isComponent(_ node: JSONNode, id: String) -> Bool {
        if let type = node["meta:resourceType"]?.stringValue?.text { return resourceTypes.contains(type) }
        return id.split(separator: "/").contains { resourceTypes.contains(String($0)) }
    }

    /// The standard class a class `$id` is or extends (through tenant classes), if any.
    func standardClass(of id: String, seen: Set<String> = []) -> Schema.SchemaClass? {
        if let standard = Schema.SchemaClass.allCases.first(where: { $0.uri == id }) { return standard }
        guard let component = components[id], !seen.contains(id) else { return nil }
        return component.extends.lazy.compactMap { standardClass(of: $0, seen: seen.union([id])) }.first
    }
}
