/// A regular expression of the plainest kind — ASCII characters, each taken literally and
/// optionally followed by `?`, `*` or `+`, between an optional `^` and an optional `$` — matched on
/// a value's bytes without `NSRegularExpression`, which copies the value to UTF-16 for every
/// match. Whether such a pattern matches somewhere is a question of its language only, so the
/// answer is ICU's. Namespaces' `blocked` patterns are mostly of this kind (`^noreply@`,
/// `@example\.invalid$`, `^\+?0+$`); any other pattern is nil here and left to ICU.
///
/// The pattern is a chain of atoms read by a set of states, one bit each: bit i is set when the
/// atoms before atom i have matched, and the bit past the last atom is a match.
struct LiteralPattern: Sendable {
    /// One character and how many times it may stand.
    private struct Atom: Sendable {
        var scalar: Unicode.Scalar
        var isOptional: Bool
        var repeats: Bool
    }

    private let anchoredAtStart: Bool
    private let anchoredAtEnd: Bool
    /// For each ASCII byte, the atoms it matches.
    private let atomsMatching: [UInt64]
    /// Atoms that may stand any number of times, and atoms that may be left out.
    private let repeating: UInt64
    private let optional: UInt64
    private let accept: UInt64
    /// The states before any byte is read.
    private let start: UInt64

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
        var atomsMatching = [UInt64](repeating: 0, count: 128)
        var repeating: UInt64 = 0
        var optional: UInt64 = 0
        for (index, atom) in atoms.enumerated() {
            let bit = UInt64(1) << UInt64(index)
            atomsMatching[Int(atom.scalar.value)] |= bit
            if atom.repeats { repeating |= bit }
            if atom.isOptional { optional |= bit }
        }
        self.atomsMatching = atomsMatching
        self.repeating = repeating
        self.optional = optional
        accept = UInt64(1) << UInt64(atoms.count)
        start = Self.closure(1, optional: optional)
    }

    /// Whether the pattern matches somewhere in `value`; nil when the value holds a line
    /// terminator, where ICU's `$` also matches before a final one. A byte of a character outside
    /// ASCII matches no atom, as the character does not: one step or several give the same states.
    func matches(_ value: String) -> Bool? {
        var states = start
        if states & accept != 0 && !anchoredAtEnd { return true }
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in value.utf8 {
            // LF, CR, U+0085 (C2 85), U+2028 and U+2029 (E2 80 A8, E2 80 A9).
            if byte == 0x0A || byte == 0x0D || (previous.1 == 0xC2 && byte == 0x85)
                || (previous == (0xE2, 0x80) && (byte == 0xA8 || byte == 0xA9)) { return nil }
            previous = (previous.1, byte)
            let matched = byte < 0x80 ? states & atomsMatching[Int(byte)] : 0
            states = Self.closure((matched & repeating) | ((matched & ~repeating) << 1), optional: optional)
            if anchoredAtStart {
                // No state is left after an ASCII byte, which is no part of a line terminator: no
                // match can end after it, and none before it, since it is not a final terminator.
                if states == 0 && byte < 0x80 { return false }
            } else {
                states |= start
            }
            if states & accept != 0 && !anchoredAtEnd { return true }
        }
        return states & accept != 0
    }

    /// `states` with every state reached by leaving out optional atoms.
    private static func closure(_ states: UInt64, optional: UInt64) -> UInt64 {
        guard states & optional != 0 else { return states }
        var states = states
        while case let next = states | ((states & optional) << 1), next != states { states = next }
        return states
    }

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
