/// The PQL reference `cohort help pql` prints and `docs/pql.md` holds: every function and method of
/// `PQLRegistry` and every operator, with signatures, a one-line meaning and an example. The switches
/// have no default, so a case added to the registry does not compile until it is documented here;
/// a test parses, checks and evaluates every example.
public enum PQLReference {
    /// One documented function, method or operator.
    public struct Entry: Equatable, Sendable {
        /// How it is written: a function's or method's name, or an operator's symbol.
        public var name: String
        /// Argument and result types, one line per form (`string.startsWith(prefix: string) → boolean`).
        public var signatures: [String]
        public var meaning: String
        /// A whole condition that parses, checks and evaluates against the template's kind of schema.
        public var example: String

        init(_ name: String, _ signatures: [String], meaning: String, example: String) {
            self.name = name
            self.signatures = signatures
            self.meaning = meaning
            self.example = example
        }
    }

    /// A titled group of entries.
    public struct Section: Sendable {
        public var title: String
        public var entries: [Entry]
    }

    /// The reference, section by section, in a fixed order.
    public static var sections: [Section] {
        let group = { (title: String, names: [PQLMethod]) in
            Section(title: title, entries: names.map(entry))
        }
        return [
            Section(title: "Functions", entries: PQLFunction.allCases.map(entry)),
            group("String methods", [.equals, .notEqualTo, .startsWith, .doesNotStartWith, .endsWith,
                                     .doesNotEndWith, .contains, .doesNotContain, .like, .matches, .regexGroup]),
            group("Any value", [.isNull, .isNotNull]),
            group("Dates", [.getYear, .getMonth, .getDayOfMonth]),
            group("Lists", [.intersects, .includes, .subsetOf, .supersetOf, .distinct, .count, .intersection,
                            .head]),
            group("Aggregates", [.sum, .average, .min, .max]),
            group("Array functions (each event or item in scope, as inside […])",
                  [.exists, .filter, .map, .topN, .bottomN, .groupBy]),
            group("Maps", [.get, .keys, .values]),
            Section(title: "Operators and expressions", entries: operators),
        ]
    }

    /// The entries of every function, method and operator.
    public static var entries: [Entry] { sections.flatMap(\.entries) }

    /// The reference as plain text, for `cohort help pql` (no final newline).
    public static func text() -> String {
        var lines = [
            "PQL reference: the functions, methods and operators cohort's segments may use.",
            "Examples read Luma-like profiles (person.name.firstName, loyalty.tier, orders, xEvent, …).", "",
        ]
        for section in sections {
            lines.append(section.title.uppercased())
            for entry in section.entries {
                lines.append("  " + entry.signatures.joined(separator: "\n  "))
                lines.append("      \(entry.meaning)")
                lines.append("      e.g. \(entry.example)")
            }
            lines.append("")
        }
        return lines.dropLast().joined(separator: "\n")
    }

    /// The reference as Markdown: the text of `docs/pql.md` (no final newline).
    public static func markdown() -> String {
        var lines = [
            "# PQL reference", "",
            "<!-- Generated from cohort's PQL registry by `swift run cohort help pql --markdown > docs/pql.md`;",
            "     do not edit by hand. -->", "",
            "The functions, methods and operators cohort's segments may use, with their argument and result",
            "types. Every example is parsed, checked and evaluated by the test suite against a profile with",
            "Luma-like fields (`person.name.firstName`, `loyalty.tier`, `orders`, `preferences`, `xEvent`, …).",
            "`cohort help pql` prints the same reference.", "",
        ]
        for section in sections {
            lines += ["## \(section.title)", "", "| name | signature | meaning | example |", "|---|---|---|---|"]
            for entry in section.entries {
                let signatures = entry.signatures.map { code($0) }.joined(separator: "<br>")
                let cells = [code(entry.name), signatures, cell(entry.meaning), code(entry.example)]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        return lines.dropLast().joined(separator: "\n")
    }

    /// Inline code in a table cell: backticks long enough for the text, `|` escaped.
    private static func code(_ text: String) -> String {
        let fence = text.contains("`") ? "``" : "`"
        let padded = text.hasPrefix("`") || text.hasSuffix("`") ? " \(text) " : text
        return fence + cell(padded) + fence
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
