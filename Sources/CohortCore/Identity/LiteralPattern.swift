/// A regular expression of the plainest kind — ASCII characters, each taken literally and
/// optionally followed by `?`, `*` or `+`, between an optional `^` and an optional `$` — matched on
/// a value's Unicode scalars without `NSRegularExpression`, which copies the value to UTF-16 for
/// every match. Whether such a pattern matches somewhere is a question of its language only, so
/// the answer is ICU's. Namespaces' `blocked` patterns are mostly of this kind (`^noreply@`,
/// `@example\.invalid$`, `^\+?0+$`); any other pattern is nil here and left to ICU.
struct LiteralPattern: Sendable {
    /// One character and how many times it may stand.
    private struct Atom: Sendable {
        var scalar: Unicode.Scalar
        var isOptional: Bool
        var repeats: Bool
    }

    private let atoms: [Atom]
    private let anchoredAtStart: Bool
    private let anchoredAtEnd: Bool

    /// Nil for a pattern with anything else: a class, a group, `.`, `|`, braces, a lazy or
    /// possessive quantifier, a letter or digit escape, a character outside ASCII.
    init?(_ pattern: String) {
        var scalars = Array(pattern.unicodeScalars)[...]
        anchoredAtStart = scalars.first == "^"
        if anchoredAtStart { scalars = scalars.dropFirst() }
        // `$` ends the pattern unless it is escaped (an odd number of backslashes before it).
        let backslashes = scalars.dropLast().reversed().prefix { $0 == "\\" }.count
        anchoredAtEnd = scalars.last == "$" && backslashes % 2 == 0
        if anchoredAtEnd { scalars = scalars.dropLast() }
        var atoms: [Atom] = []
        var quantified = false
        while let scalar = scalars.popFirst() {
            guard scalar.isASCII else { return nil }
            switch scalar {
            case "?", "*", "+":
                guard let last = atoms.last, !quantified else { return nil }
                // `a+` is `aa*`.
                atoms[atoms.count - 1].isOptional = true
                atoms[atoms.count - 1].repeats = scalar != "?"
                if scalar == "+" {
                    atoms.insert(Atom(scalar: last.scalar, isOptional: false, repeats: false), at: atoms.count - 1)
                }
                quantified = true
                continue
            case "\\":
                guard let escaped = scalars.popFirst(), Self.escapable.contains(escaped) else { return nil }
                atoms.append(Atom(scalar: escaped, isOptional: false, repeats: false))
            default:
                guard Self.isLetterOrDigit(scalar) || Self.plainPunctuation.contains(scalar) else { return nil }
                atoms.append(Atom(scalar: scalar, isOptional: false, repeats: false))
            }
            quantified = false
        }
        guard atoms.count < 64 else { return nil }
        self.atoms = atoms
    }

    /// Whether the pattern matches somewhere in `value`; nil when the value holds a line
    /// terminator, where ICU's `$` also matches before a final one.
    func matches(_ value: String) -> Bool? {
        // States: bit i set when the atoms before atom i have matched; bit `atoms.count` is a match.
        let accept = UInt64(1) << UInt64(atoms.count)
        let start = closure(1)
        var states = start
        if states & accept != 0 && !anchoredAtEnd { return true }
        for scalar in value.unicodeScalars {
            if Self.lineTerminators.contains(scalar) { return nil }
            var next: UInt64 = 0
            for (index, atom) in atoms.enumerated()
            where states & (1 << UInt64(index)) != 0 && atom.scalar == scalar {
                next |= atom.repeats ? 1 << UInt64(index) : 1 << UInt64(index + 1)
                if atom.repeats { next |= 1 << UInt64(index + 1) }
            }
            states = closure(next)
            if !anchoredAtStart { states |= start }
            if states & accept != 0 && !anchoredAtEnd { return true }
        }
        return states & accept != 0
    }

    /// `states` with every state reached by skipping optional atoms.
    private func closure(_ states: UInt64) -> UInt64 {
        var states = states
        for (index, atom) in atoms.enumerated() where atom.isOptional && states & (1 << UInt64(index)) != 0 {
            states |= 1 << UInt64(index + 1)
        }
        return states
    }

    private static let lineTerminators: Set<Unicode.Scalar> = ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"]
    /// ASCII punctuation that stands for itself unescaped in ICU's syntax (no `#` or space: the
    /// `x` flag, which is not set here, would read them otherwise).
    private static let plainPunctuation: Set<Unicode.Scalar> = [
        "@", "-", "_", ",", ";", ":", "'", "\"", "/", "~", "!", "%", "&", "=", "<", ">",
    ]

    /// Characters that stand for themselves after a backslash: ICU's metacharacters and a few more.
    private static let escapable: Set<Unicode.Scalar> = [
        ".", "+", "*", "?", "(", ")", "[", "]", "{", "}", "^", "$", "|", "\\", "/", "-", "@",
    ]

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
