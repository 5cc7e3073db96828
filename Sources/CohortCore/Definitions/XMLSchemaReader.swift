/// Reads a schema written in cohort's XML form, fields flattened by path:
///
/// ```xml
/// <schema id="crm-person" class="profile" title="CRM person">
///   <field path="crmId" type="string" required="true" identity="lumaCrmId" primary="true"/>
///   <field path="loyalty.tier" type="string"><enum>bronze</enum><enum>gold</enum></field>
///   <field path="productListItems" type="array" items="object"/>
///   <field path="productListItems.SKU" type="string"/>
/// </schema>
/// ```
///
/// Objects along a path are implied; a path that continues below an array continues in its items.
enum XMLSchemaReader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> Schema? {
        let id = DefinitionIDReader.read(object, file: file)
        object.ignore("description")
        let title = object.string("title")?.value ?? id.value
        let schemaClass: Schema.SchemaClass?
        if let raw = object.requiredString("class", what: "\"profile\" or \"experienceevent\"") {
            schemaClass = Schema.SchemaClass(name: raw.value)
            if schemaClass == nil {
                object.sink.error(raw.location, "unsupported class \"\(raw.value)\"; expected \"profile\" or \"experienceevent\"\(Suggestion.hint(for: raw.value, in: Schema.SchemaClass.allCases.map(\.rawValue)))")
            }
        } else {
            schemaClass = nil
        }
        var root = SchemaField.object()
        var identities: [Schema.IdentityField] = []
        var labels: [Schema.FieldLabels] = []
        var declared: [String: SourceLocation] = [:]
        for fieldObject in object.objects("fields", xmlElement: "field", what: "fields") ?? [] {
            defer { fieldObject.finish() }
            fieldObject.ignore("title", "description")
            guard let path = fieldObject.requiredString("path", what: "the dotted path of the field, e.g. \"person.name.firstName\"") else { continue }
            if let first = declared[FieldPath.components(of: path.value).joined(separator: ".")] {
                object.sink.error(path.location, "the field \"\(path.value)\" is declared twice; first at line \(first.line), column \(first.column)")
                continue
            }
            declared[FieldPath.components(of: path.value).joined(separator: ".")] = path.location
            guard let field = readField(fieldObject, path: path) else { continue }
            let depth = FieldPath.components(of: path.value).count
            guard depth <= NestingLimit.schema else {
                let problem = "the path has \(depth) levels; a field is at most \(NestingLimit.schema) levels deep"
                object.sink.error(path.location, problem)
                continue
            }
            insert(field, at: FieldPath.components(of: path.value)[...], into: &root, path: path, sink: object.sink)
            if let namespace = fieldObject.string("identity") {
                identities.append(Schema.IdentityField(path: path, namespace: namespace, isPrimary: fieldObject.bool("primary") ?? false))
            } else if let primary = fieldObject.string("primary") {
                object.sink.error(primary.location, "`primary` needs `identity`: the namespace of this identity field")
            }
            if let fieldLabels = fieldObject.strings("labels", xmlElement: "label"), !fieldLabels.isEmpty {
                labels.append(Schema.FieldLabels(path: path, labels: fieldLabels))
            }
        }
        object.finish()
        guard let schemaClass else { return nil }
        return SchemaBuilder.finish(id: id, title: title, schemaClass: schemaClass, root: root, identities: identities,
                                    labels: labels, at: object.location, sink: object.sink)
    }

    private static func readField(_ object: DefinitionObject, path: Located<String>) -> SchemaField? {
        guard let type = object.choice("type", of: SchemaField.FieldType.self)?.value else {
            if !object.has("type") {
                object.sink.error(object.location, "the field \"\(path.value)\" needs a `type`: one of \(SchemaField.FieldType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
            return nil
        }
        var field = SchemaField(type: type, isRequired: object.bool("required") ?? false)
        if let format = object.choice("format", of: SchemaField.Format.self) { field.format = format.value }
        if let values = object.strings("enum", xmlElement: "enum") { field.enumValues = values.map(\.value) }
        field.minimum = object.number("minimum")?.value
        field.maximum = object.number("maximum")?.value
        field.exclusiveMinimum = object.number("exclusiveMinimum")?.value
        field.exclusiveMaximum = object.number("exclusiveMaximum")?.value
        field.minLength = object.integer("minLength")?.value
        field.maxLength = object.integer("maxLength")?.value
        if let pattern = object.string("pattern") { field.pattern = SchemaBuilder.checkedPattern(pattern, sink: object.sink) }
        switch type {
        case .array:
            field.element = SchemaField(type: object.choice("items", of: SchemaField.FieldType.self)?.value ?? .object)
        case .map:
            field.element = SchemaField(type: object.choice("values", of: SchemaField.FieldType.self)?.value ?? .string)
        default:
            break
        }
        object.ignore("identity", "primary", "labels", "label")
        return field
    }

    /// Puts `field` at `components` under `node`, creating implied objects and descending into arrays.
    private static func insert(_ field: SchemaField, at components: ArraySlice<String>, into node: inout SchemaField,
                               path: Located<String>, sink: DiagnosticSink) {
        guard let name = components.first else { return }
        switch node.type {
        case .array:
            var items = node.element ?? .object()
            insert(field, at: components, into: &items, path: path, sink: sink)
            node.element = items
        case .object:
            if components.count == 1 {
                var placed = field
                if let existing = node.properties[name] {
                    if existing.type == field.type {
                        placed.properties = existing.properties
                        if field.type == .array, existing.element?.type == field.element?.type { placed.element = existing.element }
                    } else if existing.type == .object, field.type == .array, field.element?.type == .object {
                        placed.element?.properties = existing.properties
                    }
                }
                node.properties[name] = placed
            } else {
                var child = node.properties[name] ?? .object()
                insert(field, at: components.dropFirst(), into: &child, path: path, sink: sink)
                node.properties[name] = child
            }
        default:
            sink.error(path.location, "\"\(path.value)\" continues below a field of type \(node.type.rawValue); only objects and arrays of objects have fields")
        }
    }
}
