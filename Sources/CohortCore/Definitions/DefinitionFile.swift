/// A definition or settings file handed to the loader: its workspace-relative path and its bytes.
public struct SourceFile: Sendable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The file name without folders and extension: the id of a definition that names none.
    public var stem: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[..<dot])
    }

    /// The lowercased extension, without the dot.
    public var fileExtension: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }
}

/// Reads a definition's id: the `id` key (or `code`, `$id` where the kind has them), else the file
/// name, placed where the definition starts (a list response holds several in one file).
enum DefinitionIDReader {
    static func read(_ object: DefinitionObject, file: SourceFile, keys: [String] = ["id"]) -> Located<String> {
        for key in keys {
            guard let value = object.string(key) else { continue }
            if key == "$id" && !DefinitionID.isValid(value.value) { continue }
            return checked(value, sink: object.sink)
        }
        return checked(Located(file.stem, at: object.location), sink: object.sink)
    }

    static func checked(_ id: Located<String>, sink: DiagnosticSink) -> Located<String> {
        if !DefinitionID.isValid(id.value) {
            sink.error(id.location, "invalid id \"\(id.value)\": \(DefinitionID.rule)")
        }
        return id
    }
}
