/// Applies a destination's `"preset"`: the format, CSV options, mode, file names and default consent
/// the platform needs replace the destination's defaults, and a key set to something the preset
/// cannot write is an error at that key. What needs the workspace (the identity's type, the mappings)
/// is checked by `PresetChecker`.
enum DestinationPresetReader {
    /// The keys the definition itself set, where the preset fixes their value.
    struct Given {
        var format: Located<Destination.Format>?
        var mode: Located<Destination.Mode>?
        var hash: Located<Destination.Hash>?
        /// Where the `csv` object is, when there is one.
        var csv: SourceLocation?
        var fileName: Bool
        var consent: Bool
    }

    static func apply(_ name: Located<String>, to destination: inout Destination, given: Given, sink: DiagnosticSink) {
        destination.preset = name
        guard destination.type == .file else {
            sink.error(name.location, "`preset` is for file destinations; a \(destination.type.rawValue) destination writes "
                + "its own shape, so remove `preset` or set `type` to \"file\"", code: .badValue, end: name.end)
            return
        }
        guard let preset = DestinationPreset.named(name.value) else {
            let names = DestinationPreset.all.map(\.name)
            let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
            sink.error(name.location, "unknown preset \"\(name.value)\"; the presets are \(list)\(Suggestion.hint(for: name.value, in: names))",
                       code: .badValue, hint: Suggestion.advice(for: name.value, in: names) ?? "use one of \(list)", end: name.end)
            return
        }
        let what = "preset \"\(preset.name)\""
        if let format = given.format, format.value != preset.format {
            sink.error(format.location, "\(what) writes \(preset.format.rawValue), as \(preset.platform) takes it; remove `format` "
                + "or set it to \"\(preset.format.rawValue)\"", code: .badValue)
        }
        if let mode = given.mode, mode.value != preset.mode {
            sink.error(mode.location, "\(what) sends \(preset.platform) \(preset.changes == .fullFile ? "a full file" : "add and remove files") per export, which is mode "
                + "\"\(preset.mode.rawValue)\"; remove `mode` or set it to \"\(preset.mode.rawValue)\"", code: .badValue)
        }
        if let hash = given.hash {
            sink.error(hash.location, "\(what) normalizes and hashes each column as \(preset.platform) requires; remove `hash`",
                       code: .badValue)
        }
        var written = destination.csv
        written.escape = preset.csv.escape  // not a key of `csv`: only a preset sets it
        if let csv = given.csv, written != preset.csv {
            let shape = preset.csv.header ? "a header row" : "no header row"
            sink.error(csv, "\(what) writes the CSV \(preset.platform) reads (comma, double quote, \(shape)); remove `csv`",
                       code: .badValue)
        }
        destination.format = preset.format
        destination.csv = preset.csv
        destination.mode = preset.mode
        if !given.fileName { destination.fileName = Located(preset.fileName, at: name.location) }
        if destination.removeFileName == nil, let remove = preset.removeFileName {
            destination.removeFileName = Located(remove, at: name.location)
        }
        if !given.consent, let consent = preset.consent {
            destination.consent = Destination.Consent(path: Located(consent.path, at: name.location), allow: consent.allow)
        }
    }
}
