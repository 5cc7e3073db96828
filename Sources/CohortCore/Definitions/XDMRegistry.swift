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

    /// The building blocks among `files` (those under `schemas/` that parse as JSON objects): what
    /// `meta:resourceType` or the `$id`'s path says is one, and whatever another file's `$ref` names
    /// (adobe/xdm's field groups and data types say neither).
    init(files: [SourceFile]) {
        var documents: [(id: String, node: JSONNode, path: String)] = []
        var named = Set<String>()
        for file in files where file.path.hasPrefix("schemas/") && file.fileExtension == "json" {
            guard case .success(let node) = JSONParser.parse(file.bytes, file: file.path) else { continue }
            Self.collectReferences(in: node, into: &named, depth: 0)
            if let id = node["$id"]?.stringValue?.text { documents.append((Self.withoutFragment(id), node, file.path)) }
        }
        for document in documents where Self.isComponent(document.node, id: document.id) || named.contains(document.id) {
            let extends = document.node["meta:extends"]?.elements?.compactMap { $0.stringValue?.text } ?? []
            components[document.id] = components[document.id] ?? Component(node: document.node, path: document.path, extends: extends)
            componentFiles.insert(document.path)
        }
    }

    /// Whether a document says it is a field group, data type or class rather than a schema.
    static func isComponent(_ node: JSONNode, id: String) -> Bool {
        if let type = node["meta:resourceType"]?.stringValue?.text { return resourceTypes.contains(type) }
        return id.split(separator: "/").contains { resourceTypes.contains(String($0)) }
    }

    /// A `$ref` or `$id` without its `#…` part: the document it names.
    static func withoutFragment(_ reference: String) -> String {
        reference.firstIndex(of: "#").map { String(reference[..<$0]) } ?? reference
    }

    /// Every document another one's `$ref`s name (not the local `#/definitions/…` ones), to the
    /// nesting depth a schema may have.
    private static func collectReferences(in node: JSONNode, into named: inout Set<String>, depth: Int) {
        guard depth <= NestingLimit.schema * 4 else { return }
        if let members = node.members {
            for member in members {
                if member.key == "$ref", let reference = member.value.stringValue?.text, !reference.hasPrefix("#") {
                    named.insert(withoutFragment(reference))
                }
                collectReferences(in: member.value, into: &named, depth: depth + 1)
            }
        } else if let elements = node.elements {
            for element in elements { collectReferences(in: element, into: &named, depth: depth + 1) }
        }
    }

    /// The standard class a class `$id` is or extends (through tenant classes), if any.
    func standardClass(of id: String, seen: Set<String> = []) -> Schema.SchemaClass? {
        if let standard = Schema.SchemaClass.allCases.first(where: { $0.uri == id }) { return standard }
        guard let component = components[id], !seen.contains(id) else { return nil }
        return component.extends.lazy.compactMap { standardClass(of: $0, seen: seen.union([id])) }.first
    }
}
