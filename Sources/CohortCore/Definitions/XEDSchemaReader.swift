import Foundation

/// Reads a schema written as JSON: the fully resolved XDM form the Adobe Schema Registry exports
/// (`application/vnd.adobe.xed-full+json`, with `meta:*` keys, local `$ref`/`definitions`/`allOf`
/// and `identityMap`), or its source form (`xed`), whose `allOf` and `$ref`s name classes, field
/// groups and data types by `$id` (files of their own in `schemas/`, `XDMRegistry`); plus identity
/// `descriptors`, the `identities` shorthand and `labels`.
struct XEDSchemaReader {
    /// JSON Schema and XDM keys that only annotate; they are accepted silently.
    static let ignoredFieldKeys = ["title", "description", "default", "examples", "readOnly", "$id", "version",
                                   "$schema", "id", "definitions"]
    /// JSON Schema validation keywords that cohort does not check records against: each one is a warning.
    static let unenforcedFieldKeys = [
        "const", "multipleOf", "minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains",
        "minProperties", "maxProperties", "patternProperties", "propertyNames", "dependencies", "dependentRequired",
        "dependentSchemas", "oneOf", "anyOf", "not", "if", "then", "else", "additionalItems", "unevaluatedItems",
        "unevaluatedProperties",
    ]
    static let ignoredPrefixes = ["meta:", "xdm:", "repo:", "palm:", "_"]

    private let sink: DiagnosticSink
    private let registry: XDMRegistry
    private var definitions: [String: JSONNode] = [:]
    private var resolving: Set<String> = []
    /// The `$id` of the building block being read ("" for the schema itself): local names are its own.
    private var document = ""
    /// How many fields deep `readField` is, bounded by `NestingLimit.schema` (a chain of `$ref`s can
    /// nest deeper than the JSON that writes it).
    private var depth = 0

    static func load(_ object: DefinitionObject, file: SourceFile, registry: XDMRegistry) -> Schema? {
        var reader = XEDSchemaReader(sink: object.sink, registry: registry)
        return reader.load(object, file: file)
    }

    private init(sink: DiagnosticSink, registry: XDMRegistry) {
        self.sink = sink
        self.registry = registry
    }

    private mutating func load(_ object: DefinitionObject, file: SourceFile) -> Schema? {
        let id = DefinitionIDReader.read(object, file: file, keys: ["id", "$id"])
        object.ignore("imsOrg", "version", "$schema", "description", "$id")
        let title = object.string("title")?.value ?? id.value
        if let type = object.string("type"), type.value != "object" {
            sink.error(type.location, "a schema's `type` must be \"object\", found \"\(type.value)\"")
        }
        let schemaClass = readClass(object)
        for (name, node) in object.entries("definitions", what: "named field shapes") ?? [] {
            definitions[name.value] = node
        }
        var root = readObjectBody(object, path: "")
        root.properties["identityMap"] = nil
        let identities = readDescriptors(object, schemaID: object.string("$id")?.value) + readIdentityShorthand(object)
        let labels = readLabels(object)
        object.finish(ignoringPrefixes: Self.ignoredPrefixes)
        guard let schemaClass else { return nil }
        return SchemaBuilder.finish(id: id, title: title, schemaClass: schemaClass, root: root, identities: identities,
                                    labels: labels, at: object.location, sink: sink)
    }

    private func readClass(_ object: DefinitionObject) -> Schema.SchemaClass? {
        guard let raw = object.string("meta:class") ?? object.string("class") else {
            // The source form may name its class only in `allOf`.
            let parts = object.jsonNode?["allOf"]?.elements ?? []
            if let named = parts.lazy.compactMap({ $0["$ref"]?.stringValue?.text }).compactMap({ registry.standardClass(of: $0) }).first {
                return named
            }
            sink.error(object.location, "missing `meta:class`: \"\(Schema.SchemaClass.profile.uri)\" or \"\(Schema.SchemaClass.experienceEvent.uri)\" (or \"profile\" / \"experienceevent\")", code: .missingKey)
            return nil
        }
        guard let schemaClass = Schema.SchemaClass(name: raw.value) ?? registry.standardClass(of: raw.value) else {
            sink.error(raw.location, "unsupported class \"\(raw.value)\"; expected \"\(Schema.SchemaClass.profile.uri)\" or \"\(Schema.SchemaClass.experienceEvent.uri)\" (or \"profile\" / \"experienceevent\")")
            return nil
        }
        return schemaClass
    }

    // MARK: Fields

    private mutating func readField(_ node: JSONNode, path: String) -> SchemaField? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= NestingLimit.schema else {
            sink.error(node.location, "the field `\(path)` is nested more than \(NestingLimit.schema) levels deep "
                + "(counting the levels its `$ref`s add); a field can be at most \(NestingLimit.schema) levels deep")
            return nil
        }
        guard let object = DefinitionObject(json: node, sink: sink, what: "the field `\(path)`") else { return nil }
        defer { object.finish(ignoringPrefixes: Self.ignoredPrefixes) }
        for key in Self.ignoredFieldKeys { object.ignore(key) }
        for key in Self.unenforcedFieldKeys {
            guard let node = object.rawJSON(key) else { continue }
            sink.warning(node.location, "`\(key)` of `\(path)` is not enforced: cohort keeps records whether or not "
                + "they meet it; remove it, or check it before the data reaches inbox/")
        }
        if let reference = object.string("$ref") {
            // What the source form's `allOf` entries say beside a `$ref`.
            object.ignore("type", "meta:xdmType")
            return resolve(reference, path: path)
        }
        object.ignore(AEPResponse.bookkeepingKeys)
        let isMap = object.string("meta:xdmType")?.value == "map"
        let type = readType(object, path: path)
        var field: SchemaField
        if isMap || type == .map {
            field = SchemaField(type: .map)
            if let values = object.rawJSON("additionalProperties"), values.members != nil {
                field.element = readField(values, path: path + ".*")
            }
        } else if type == .object || (type == nil && (object.has("properties") || object.has("allOf"))) {
            field = readObjectBody(object, path: path)
        } else if type == .array {
            field = SchemaField(type: .array)
            if let items = object.rawJSON("items") {
                field.element = readField(items, path: path + "[]")
            } else {
                sink.error(object.location, "the array `\(path)` needs `items`: the shape of its elements")
            }
        } else if let type {
            field = SchemaField(type: type)
        } else {
            if !object.has("type") {
                sink.error(object.location, "the field `\(path)` needs a `type`: one of \(SchemaField.FieldType.allCases.filter { $0 != .map }.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
            return nil
        }
        readConstraints(object, into: &field)
        return field
    }

    /// `type` as a string, or an array of one type and "null" (nullable).
    private func readType(_ object: DefinitionObject, path: String) -> SchemaField.FieldType? {
        guard let node = object.rawJSON("type") else { return nil }
        var names: [Located<String>] = []
        if let text = node.stringValue {
            names = [Located(text.text, at: node.location)]
        } else if let elements = node.elements {
            names = elements.compactMap { element in element.stringValue.map { Located($0.text, at: element.location) } }.filter { $0.value != "null" }
        }
        guard names.count == 1, let name = names.first else {
            sink.error(node.location, "`type` of `\(path)` must be one type name such as \"string\", or [\"string\", \"null\"]")
            return nil
        }
        guard let type = SchemaField.FieldType(rawValue: name.value) else {
            let allowed = SchemaField.FieldType.allCases.filter { $0 != .map }.map(\.rawValue)
            sink.error(name.location, "unknown type \"\(name.value)\" for `\(path)`; expected one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))\(Suggestion.hint(for: name.value, in: allowed))")
            return nil
        }
        return type
    }

    /// Where a field named in the source form (adobe/xdm's files) sits in records, as the Schema
    /// Registry's resolved form puts it: `xdm:person` is `person`, `@id` is `_id`, and another
    /// namespace's `repo:createDate` is `createDate` in the object `_repo`.
    static func recordName(of name: String) -> (container: String?, name: String) {
        if name == "@id" { return (nil, "_id") }
        guard let colon = name.firstIndex(of: ":"), colon != name.startIndex, name.index(after: colon) != name.endIndex else { return (nil, name) }
        let prefix = String(name[..<colon])
        let rest = String(name[name.index(after: colon)...])
        return prefix == "xdm" ? (nil, rest) : ("_" + prefix, rest)
    }

    /// `properties`, `required` and `allOf` of an object (the schema root or a nested object).
    private mutating func readObjectBody(_ object: DefinitionObject, path: String) -> SchemaField {
        var field = SchemaField.object()
        for (name, node) in object.entries("properties", what: "fields") ?? [] {
            let (container, fieldName) = Self.recordName(of: name.value)
            let parentPath = container.map { path.isEmpty ? $0 : "\(path).\($0)" } ?? path
            let childPath = parentPath.isEmpty ? fieldName : "\(parentPath).\(fieldName)"
            guard let child = readField(node, path: childPath) else { continue }
            if let container {
                field.properties[container, default: .object()].properties[fieldName] = child
            } else {
                field.properties[fieldName] = child
            }
        }
        if let parts = object.rawJSON("allOf") {
            for part in parts.elements ?? [] {
                guard let partField = readField(part, path: path), partField.type == .object else { continue }
                field.properties.merge(partField.properties) { existing, _ in existing }
            }
        }
        for name in object.strings("required", xmlElement: "required") ?? [] {
            let recorded = Self.recordName(of: name.value)
            if recorded.container == nil, field.properties[recorded.name] != nil {
                field.properties[recorded.name]?.isRequired = true
            } else if field.properties[name.value] != nil {
                field.properties[name.value]?.isRequired = true
            } else {
                sink.error(name.location, "`required` names \"\(name.value)\", which is not a field of \(path.isEmpty ? "the schema" : "`\(path)`")\(Suggestion.hint(for: name.value, in: field.properties.keys))")
            }
        }
        return field
    }

    private mutating func resolve(_ reference: Located<String>, path: String) -> SchemaField? {
        let prefix = "#/definitions/"
        guard reference.value.hasPrefix(prefix) else { return resolveComponent(reference, path: path) }
        let name = String(reference.value.dropFirst(prefix.count))
        guard let node = definitions[name] else {
            sink.error(reference.location, "`$ref` names the missing definition \"\(name)\"\(Suggestion.hint(for: name, in: definitions.keys))")
            return nil
        }
        let key = document + "#" + name
        guard !resolving.contains(key) else {
            sink.error(reference.location, "the definition \"\(name)\" refers to itself")
            return nil
        }
        resolving.insert(key)
        defer { resolving.remove(key) }
        return readField(node, path: path)
    }

    /// A `$ref` to a class, field group or data type by its `$id`: its fields, read with its own
    /// `definitions`. A standard class adds no fields here (an event's `_id` and `timestamp` are
    /// added when the schema is finished).
    private mutating func resolveComponent(_ reference: Located<String>, path: String) -> SchemaField? {
        let document = XDMRegistry.withoutFragment(reference.value)
        if Self.fieldlessBlocks.contains(document) { return .object() }
        guard let component = registry.components[document] else {
            sink.error(reference.location, "`$ref` names \"\(document)\", which is not in the workspace; export that class, field group "
                + "or data type from the Schema Registry (or take it from adobe/xdm) and put it in schemas/")
            return nil
        }
        guard !resolving.contains(reference.value) else {
            sink.error(reference.location, "\"\(reference.value)\" (\(component.path)) refers back to itself")
            return nil
        }
        resolving.insert(reference.value)
        let (outer, outerDocument) = (definitions, self.document)
        definitions = Dictionary((component.node["definitions"]?.members ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        self.document = document
        defer {
            definitions = outer
            self.document = outerDocument
            resolving.remove(reference.value)
        }
        // `…/person#/definitions/person`: one definition of the document; otherwise all of it.
        let fragment = reference.value.dropFirst(document.count)
        guard !fragment.isEmpty else { return readField(component.node, path: path) }
        return resolve(Located("#" + fragment.dropFirst(), at: reference.location), path: path)
    }

    /// Standard blocks that add no field a record carries here: the two classes (an event's `_id` and
    /// `timestamp` are added when the schema is finished) and JSON-LD's `@context`.
    static let fieldlessBlocks: Set<String> = Set(Schema.SchemaClass.allCases.map(\.uri) + ["https://ns.adobe.com/xdm/common/extensible"])

    private func readConstraints(_ object: DefinitionObject, into field: inout SchemaField) {
        if let format = object.string("format") {
            if let known = SchemaField.Format(rawValue: format.value) {
                field.format = known
            } else {
                sink.warning(format.location, "format \"\(format.value)\" is not checked; known formats are \(SchemaField.Format.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
        }
        if let values = object.rawJSON("enum") {
            field.enumValues = SchemaBuilder.enumTexts(values, sink: sink)
        }
        field.minimum = object.number("minimum")?.value
        field.maximum = object.number("maximum")?.value
        field.exclusiveMinimum = exclusiveBound(object, "exclusiveMinimum", inclusive: &field.minimum,
                                                inclusiveKey: "minimum")
        field.exclusiveMaximum = exclusiveBound(object, "exclusiveMaximum", inclusive: &field.maximum,
                                                inclusiveKey: "maximum")
        field.minLength = object.integer("minLength")?.value
        field.maxLength = object.integer("maxLength")?.value
        if let pattern = object.string("pattern") {
            field.pattern = SchemaBuilder.checkedPattern(pattern, sink: sink)
        }
        object.ignore("additionalProperties", "items", "properties", "required", "allOf")
    }

    /// An exclusive bound: a number (JSON Schema draft 6 on), or `true` (draft 4), which makes the
    /// inclusive bound beside it exclusive.
    private func exclusiveBound(_ object: DefinitionObject, _ key: String, inclusive: inout Double?,
                                inclusiveKey: String) -> Double? {
        guard let node = object.rawJSON(key), case .bool(let isExclusive) = node.value else {
            return object.number(key)?.value
        }
        guard isExclusive else { return nil }
        guard let bound = inclusive else {
            sink.warning(node.location, "`\(key)`: true has no effect without `\(inclusiveKey)`; "
                + "give the bound itself, e.g. \"\(key)\": 0")
            return nil
        }
        inclusive = nil
        return bound
    }

    // MARK: Identities and labels

    private func readDescriptors(_ object: DefinitionObject, schemaID: String?) -> [Schema.IdentityField] {
        (object.objects("descriptors", xmlElement: "descriptor", what: "descriptors") ?? []).compactMap { descriptor in
            defer { descriptor.finish(ignoringPrefixes: ["meta:", "xdm:", "@"] ) }
            descriptor.ignore("version", "imsOrg")
            guard descriptor.string("@type")?.value == "xdm:descriptorIdentity" else { return nil }
            if let source = descriptor.string("xdm:sourceSchema"), let schemaID, source.value != schemaID {
                sink.error(source.location, "this identity descriptor is for the schema \"\(source.value)\", not this one (\"\(schemaID)\")")
                return nil
            }
            let pointer = descriptor.requiredString("xdm:sourceProperty", what: "the JSON pointer of the identity field, e.g. \"/personalEmail/address\"")
            let namespace = descriptor.requiredString("xdm:namespace", what: "the identity namespace code, e.g. \"Email\"")
            guard let pointer, let namespace else { return nil }
            let path = Located(FieldPath.fromPointer(pointer.value), at: pointer.location)
            return Schema.IdentityField(path: path, namespace: namespace, isPrimary: descriptor.bool("xdm:isPrimary") ?? false)
        }
    }

    private func readIdentityShorthand(_ object: DefinitionObject) -> [Schema.IdentityField] {
        (object.objects("identities", xmlElement: "identity", what: "identity fields") ?? []).compactMap { entry in
            defer { entry.finish() }
            let path = entry.requiredString("path", what: "the dotted path of the identity field")
            let namespace = entry.requiredString("namespace", what: "the identity namespace code")
            let isPrimary = entry.bool("primary") ?? false
            guard let path, let namespace else { return nil }
            return Schema.IdentityField(path: path, namespace: namespace, isPrimary: isPrimary)
        }
    }

    private func readLabels(_ object: DefinitionObject) -> [Schema.FieldLabels] {
        (object.entries("labels", what: "field paths to label lists") ?? []).compactMap { path, node in
            guard let elements = node.elements else {
                sink.error(node.location, "the labels of \"\(path.value)\" must be an array such as [\"I1\"], found \(node.kindDescription)")
                return nil
            }
            let labels = elements.compactMap { element -> Located<String>? in
                guard let text = element.stringValue else {
                    sink.error(element.location, "a label must be a string such as \"C2\", found \(element.kindDescription)")
                    return nil
                }
                return Located(text.text, at: element.location)
            }
            return Schema.FieldLabels(path: path, labels: labels)
        }
    }
}
