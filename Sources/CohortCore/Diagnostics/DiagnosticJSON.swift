extension Diagnostic {
    /// The diagnostic for editors and scripts, as `validate --json` and `watch --json` give it: where it
    /// starts and ends (the end is just after its last character; when its extent is not known, the one
    /// character at its start), what kind it is, what is wrong and, when known, what would be right.
    public var jsonFields: [String: Value] {
        let end = self.end ?? location.advanced(by: 1)
        var fields: [String: Value] = [
            "file": .string(location.file), "line": .integer(Int64(location.line)),
            "column": .integer(Int64(location.column)), "endLine": .integer(Int64(end.line)),
            "endColumn": .integer(Int64(end.column)), "severity": .string(severity.rawValue),
            "code": .string(code.rawValue), "message": .string(message),
        ]
        if let hint { fields["hint"] = .string(hint) }
        return fields
    }
}
