/// One token of a PQL expression, with its UTF-8 offsets in the expression text.
public struct PQLToken: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case identifier(String)
        case string(String)
        case number(String)
        case symbol(String)
        case end
    }

    public var kind: Kind
    /// UTF-8 offset of the first character in the expression text.
    public var start: Int
    /// UTF-8 offset just past the last character.
    public var end: Int

    /// How the token is named in "expected …, found …" messages.
    public var description: String {
        switch kind {
        case .identifier(let name): return "`\(name)`"
        case .string(let text): return "the string \"\(text)\""
        case .number(let text): return "the number \(text)"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "the end of the expression"
        }
    }
}

/// A problem in a PQL expression, at a UTF-8 offset of the expression text (mapped to the file's line
/// and column through the segment's `LocatedText`).
public struct PQLError: Error, Equatable, Sendable {
    public var offset: Int
    public var message: String
    /// Where the bracket or parenthesis left open was opened, for "not closed" errors.
    public var opened: Int?
    /// What kind of problem this is, when a checker knows better than "pql-type" (an unknown field).
    public var code: DiagnosticCode?
    /// What would be right, when it is known ("did you mean `loyalty.tier`?").
    public var hint: String?

    public init(offset: Int, message: String, opened: Int? = nil, code: DiagnosticCode? = nil, hint: String? = nil) {
        self.offset = offset
        self.message = message
        self.opened = opened
        self.code = code
        self.hint = hint
    }

    /// The diagnostic at the file position of the offset.
    public func diagnostic(in text: LocatedText) -> Diagnostic {
        var message = self.message
        if let opened {
            let location = text.location(atUTF8Offset: opened)
            message += " (it was opened at line \(location.line), column \(location.column))"
        }
        return .error(at: text.location(atUTF8Offset: offset), message, code: code ?? .pqlType, hint: hint)
    }
}
