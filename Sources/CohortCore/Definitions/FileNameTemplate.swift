/// A destination's `fileName` template, e.g. `{destination}_{segment}.csv`. It can only produce a
/// plain file name inside `exports/<destination-id>/`.
public enum FileNameTemplate {
    public static let placeholders = ["destination", "segment", "build"]

    static func check(_ template: Located<String>, type: Destination.DeliveryType, sink: DiagnosticSink) {
        let value = template.value
        if value.contains("/") || value.contains("\\") || value.contains("..") || value.hasPrefix(".") || value.hasPrefix("~") {
            sink.error(template.location, "`fileName` \"\(value)\" must be a plain file name (no '/', '\\', '..' or leading '.'); files are always written inside exports/<destination-id>/")
            return
        }
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                sink.error(template.location, "`fileName` \"\(value)\" has a '{' without a closing '}'")
                return
            }
            let name = String(rest[rest.index(after: open)..<close])
            if !placeholders.contains(name) {
                sink.error(template.location, "`fileName` uses the unknown placeholder {\(name)}; available: \(placeholders.map { "{\($0)}" }.joined(separator: ", "))\(Suggestion.hint(for: name, in: placeholders))")
            } else if name == "build" && type == .file {
                sink.error(template.location, "{build} is only for stream destinations, which write one file per build")
            }
            rest = rest[rest.index(after: close)...]
        }
        let literal = placeholders.reduce(value) { $0.replacingOccurrences(of: "{\($1)}", with: "x") }
        if !DefinitionID.isValid(literal) {
            sink.error(template.location, "`fileName` \"\(value)\" may contain only letters, digits, '.', '_', '-' and placeholders")
        }
    }
}
