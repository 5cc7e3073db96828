import Foundation

/// What both schema forms share: enum and pattern checks, and the finishing touches of a schema.
enum SchemaBuilder {
    /// Event schemas always have `_id` and `timestamp`; they are added when a schema leaves them out.
    static func finish(id: Located<String>, title: String, schemaClass: Schema.SchemaClass, root: SchemaField,
                       identities: [Schema.IdentityField], labels: [Schema.FieldLabels], at location: SourceLocation,
                       sink: DiagnosticSink) -> Schema {
        var root = root
        if schemaClass == .experienceEvent {
            require("_id", SchemaField(type: .string, isRequired: true), in: &root, at: location, sink: sink)
            require("timestamp", SchemaField(type: .string, format: .dateTime, isRequired: true), in: &root, at: location, sink: sink)
        }
        return Schema(id: id, title: title, schemaClass: schemaClass, root: root, identities: identities, labels: labels)
    }

    private static func require(_ name: String, _ standard: SchemaField, in root: inout SchemaField, at location: SourceLocation, sink: DiagnosticSink) {
        guard let existing = root.properties[name] else {
            root.properties[name] = standard
            return
        }
        if existing.type != standard.type || (standard.format != nil && existing.format != standard.format) {
            sink.error(location, "an experience event's `\(name)` must be a \(standard.format.map { "\($0.rawValue) " } ?? "")string")
        }
        root.properties[name]?.isRequired = true
    }

    /// `enum` values as text, the form records are compared in.
    static func enumTexts(_ node: JSONNode, sink: DiagnosticSink) -> [String]? {
        guard let elements = node.elements else {
            sink.error(node.location, "`enum` must be an array of allowed values, found \(node.kindDescription)")
            return nil
        }
        return elements.compactMap { element in
            switch element.value {
            case .string(let text): return text.text
            case .number(let literal): return literal
            case .bool(let value): return value ? "true" : "false"
            default:
                sink.error(element.location, "`enum` values must be strings, numbers or booleans, found \(element.kindDescription)")
                return nil
            }
        }
    }

    static func checkedPattern(_ pattern: Located<String>, sink: DiagnosticSink) -> Located<String>? {
        do {
            _ = try NSRegularExpression(pattern: pattern.value)
            return pattern
        } catch {
            sink.error(pattern.location, "`pattern` \"\(pattern.value)\" is not a valid regular expression")
            return nil
        }
    }
}
