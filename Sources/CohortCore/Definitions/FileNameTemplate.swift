/// A destination's `fileName` template, e.g. `{destination}_{segment}.csv`. It can only produce a
/// plain file name inside `exports/<destination-id>/`.
public enum FileNameTemplate {
    public static let placeholders = ["destination", "segment", "build"]

    /// The file name for one segment (nil in a combined file) and export number.
    public static func name(_ template: String, destination: String, segment: String?, export: Int?) -> String {
        template.replacingOccurrences(of: "{destination}", with: destination)
            .replacingOccurrences(of: "{segment}", with: segment ?? "all")
            .replacingOccurrences(of: "{build}", with: export.map { String(format: "%06d", $0) } ?? "")
    }

    /// The name of the `part`-th file of a split export (1-based): `name.csv`, `name_2.csv`, …
    public static func part(_ name: String, _ part: Int) -> String {
        guard part > 1 else { return name }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "\(name)_\(part)" }
        return "\(name[..<dot])_\(part)\(name[dot...])"
    }

    /// Whether one file holds every segment (the template has no `{segment}`).
    public static func isCombined(_ template: String) -> Bool { !template.contains("{segment}") }

    /// `key`: the definition key the template is written under, for messages.
    static func check(_ template: Located<String>, key: String = "fileName", destination: Destination, sink: DiagnosticSink) {
        let type = destination.type
        let value = template.value
        if value.contains("/") || value.contains("\\") || value.contains("..") || value.hasPrefix(".") || value.hasPrefix("~") {
            sink.error(template.location, "`\(key)` \"\(value)\" must be a plain file name (no '/', '\\', '..' or leading '.'); files are always written inside exports/<destination-id>/")
            return
        }
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                sink.error(template.location, "`\(key)` \"\(value)\" has a '{' without a closing '}'")
                return
            }
            let name = String(rest[rest.index(after: open)..<close])
            if !placeholders.contains(name) {
                sink.error(template.location, "`\(key)` uses the unknown placeholder {\(name)}; available: \(placeholders.map { "{\($0)}" }.joined(separator: ", "))\(Suggestion.hint(for: name, in: placeholders))")
            } else if name == "build" && type == .file && destination.mode == .full {
                sink.error(template.location, "{build} is for incremental and stream destinations, which write a new file per export; a full export rewrites the same files")
            }
            rest = rest[rest.index(after: close)...]
        }
        if (type == .stream || destination.mode == .incremental) && !value.contains("{build}") {
            let what = type == .stream ? "a stream destination" : "an incremental destination"
            sink.error(template.location, "`\(key)` \"\(value)\" needs {build}: \(what) writes a new file for each export, numbered by {build}, so that no export overwrites another")
        }
        let literal = placeholders.reduce(value) { $0.replacingOccurrences(of: "{\($1)}", with: "x") }
        if !DefinitionID.isValid(literal) {
            sink.error(template.location, "`\(key)` \"\(value)\" may contain only letters, digits, '.', '_', '-' and placeholders")
        }
        checkManifestClash(template, key: key, destination: destination, sink: sink)
    }

    /// No export file may take the manifest's name (compared without case, as macOS and Windows do):
    /// the manifest, written last, would overwrite it.
    private static func checkManifestClash(
        _ template: Located<String>, key: String, destination: Destination, sink: DiagnosticSink
    ) {
        let export = destination.type == .stream || destination.mode == .incremental ? 1 : nil
        let segments: [String?] = isCombined(template.value) ? [nil] : destination.segments.map(\.value)
        for segment in segments {
            let produced = name(template.value, destination: destination.id.value, segment: segment, export: export)
            guard produced.lowercased() == ExportManifest.fileName.lowercased() else { continue }
            let cause = segment.map { " for segment \"\($0)\"" } ?? ""
            sink.error(template.location, "`\(key)` \"\(template.value)\" gives \"\(produced)\"\(cause), the name "
                + "of the destination's own \(ExportManifest.fileName), which would overwrite it; use another name, "
                + "e.g. \"{destination}_{segment}.json\"")
            return
        }
    }
}
