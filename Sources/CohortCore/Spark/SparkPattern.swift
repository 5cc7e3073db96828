/// Which schema `pattern`s the Spark engine checks as the native engine does. The native engine reads a
/// pattern with ICU (`NSRegularExpression`); the Spark job (`icu_pattern` of `cohort_spark_job.py`) rewrites
/// it for Python's `re` where the two agree: literals, `.`, `^`, `$`, `\d`, `\D`, escaped punctuation,
/// classes of literals and ranges, groups, `|` and greedy or lazy quantifiers. This is that subset, checked
/// before anything runs (`validate --engine spark`, and a Spark build refuses to start); the job keeps its
/// own check as the last guard. A test runs both on the same patterns.
public enum SparkPattern {
    /// The characters that may follow `\` (the job's `PATTERN_ESCAPES`).
    static let escapes = Set("dD.\\/-+*?()[]{}^$|".unicodeScalars)

    /// The construct of `pattern` (one ICU accepts) the Spark engine cannot check as the native engine does,
    /// e.g. `escape \w`, in the words of the job's own refusal; nil when it can.
    public static func unsupported(_ pattern: String) -> String? {
        var scanner = Scanner(Array(pattern.unicodeScalars))
        return scanner.run()
    }

    static let advice = "write it with what both engines read alike: literals, `.`, `^`, `$`, `\\d`, escaped "
        + "punctuation, classes of literals and ranges (`[A-Za-z0-9_]` for `\\w`), groups, `|` and greedy or lazy "
        + "quantifiers; or build with --engine native"

    /// Every schema pattern of the workspace Spark cannot check, as an error at the pattern, with what would work.
    public static func diagnostics(in workspace: Workspace) -> [Diagnostic] {
        var found: [Diagnostic] = []
        func visit(_ field: SchemaField) {
            if let pattern = field.pattern, let construct = unsupported(pattern.value) {
                found.append(.error(
                    at: pattern.location,
                    "the Spark engine cannot check the pattern \"\(pattern.value)\" as the native engine does "
                        + "(its \(construct)); " + advice, code: .sparkUnsupported, hint: advice, end: pattern.end))
            }
            field.properties.keys.sorted().forEach { field.properties[$0].map(visit) }
            field.element.map(visit)
        }
        workspace.schemas.forEach { visit($0.root) }
        return found
    }

    /// One pass over the pattern as the job makes it: the first construct the job refuses while rewriting it,
    /// else `syntax` where Python's `re` (3.11) would refuse the rewritten pattern (a quantifier with nothing to
    /// repeat or after another, an unbalanced parenthesis, a bad range or count), else nil.
    private struct Scanner {
        /// What the last item allows after it: a quantifier; only `?` (lazy) or `+` (possessive), after a
        /// quantifier; or nothing (the start, `(`, `|`, `^`, or a quantifier that took its suffix).
        enum After { case nothing, item, quantifier }

        let text: [Unicode.Scalar]
        var at = 0
        var depth = 0
        var after = After.nothing
        var syntax = false

        init(_ text: [Unicode.Scalar]) { self.text = text }

        mutating func run() -> String? {
            while at < text.count {
                let character = text[at]
                let next = at + 1 < text.count ? text[at + 1] : nil
                switch character {
                case "\\":
                    guard let next, SparkPattern.escapes.contains(next) else { return "escape " + slice(at, 2) }
                    at += 2
                    after = .item
                case "[":
                    if let refused = characterClass() { return refused }
                    after = .item
                case "(":
                    let open = slice(at, 3)
                    if open.hasPrefix("(?") && open != "(?:" { return "group " + open }
                    at += open == "(?:" ? 3 : 1
                    depth += 1
                    after = .nothing
                case "{":
                    guard let length = braceQuantifier() else { return "brace" }
                    at += length
                    quantify(character)
                case "*", "+", "?":
                    if next == "+" { return "possessive quantifier" }
                    at += 1
                    quantify(character)
                case ")":
                    at += 1
                    depth -= 1
                    if depth < 0 { syntax = true }
                    after = .item
                case "^", "|":
                    at += 1
                    after = .nothing
                default:
                    // A literal, `.` or `$` (a lookahead in the rewrite): something to repeat.
                    at += 1
                    after = .item
                }
            }
            return syntax || depth != 0 ? "syntax" : nil
        }

        /// A quantifier: it needs something to repeat, and right after another only `?` or `+` is its suffix.
        mutating func quantify(_ character: Unicode.Scalar) {
            switch after {
            case .item: after = .quantifier
            case .quantifier where character == "?" || character == "+": after = .nothing
            case .quantifier, .nothing: syntax = true
            }
        }

        /// The length of `{m}`, `{m,}` or `{m,n}` at `at` (ASCII digits), or nil; `m > n` or a count Python
        /// cannot hold is a syntax error.
        mutating func braceQuantifier() -> Int? {
            var end = at + 1
            func number() -> UInt64? {
                let start = end
                var value: UInt64 = 0
                while end < text.count, ("0"..."9").contains(text[end]) {
                    value = min(value * 10 + UInt64(text[end].value - 48), UInt64(UInt32.max))
                    end += 1
                }
                return end > start ? value : nil
            }
            guard let low = number() else { return nil }
            var high: UInt64? = low
            if end < text.count, text[end] == "," {
                end += 1
                high = number()
            }
            guard end < text.count, text[end] == "}" else { return nil }
            let limit = UInt64(UInt32.max)
            if low >= limit || high.map({ $0 >= limit || $0 < low }) == true { syntax = true }
            return end + 1 - at
        }

        /// A class `[…]` at `at`, to the `]` the job finds (a `]` first is a member), refusing set operations and
        /// other escapes as the job does; then its members as Python reads them, where a range with `\d` at an end
        /// or from a higher to a lower character is a syntax error.
        mutating func characterClass() -> String? {
            var start = at + 1
            if start < text.count, text[start] == "^" { start += 1 }
            var end = start
            if end < text.count, text[end] == "]" { end += 1 }
            while end < text.count, text[end] != "]" {
                if text[end] == "[" || text[end] == "&" { return "set operation" }
                if text[end] == "\\" {
                    guard end + 1 < text.count, SparkPattern.escapes.contains(text[end + 1]) else {
                        return "escape " + slice(end, 2)
                    }
                    end += 1
                }
                end += 1
            }
            guard end < text.count else { return "unclosed class" }
            var index = start
            while index < end {
                let low = member(&index)
                guard index < end, text[index] == "-", index + 1 < end else { continue }
                index += 1
                let high = member(&index)
                if let low, let high, low.value <= high.value { continue }
                syntax = true
            }
            at = end + 1
            return nil
        }

        /// The class member at `index` (moved past it): its character, or nil for `\d` and `\D`.
        func member(_ index: inout Int) -> Unicode.Scalar? {
            guard text[index] == "\\" else {
                index += 1
                return text[index - 1]
            }
            index += 2
            return text[index - 1] == "d" || text[index - 1] == "D" ? nil : text[index - 1]
        }

        func slice(_ start: Int, _ count: Int) -> String {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: text[start..<min(start + count, text.count)])
            return String(out)
        }
    }
}
