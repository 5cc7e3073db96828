/// The export normalizations (`ExportIdentity`, `PresetNormalization`, `PhoneNumber.e164`) as Spark SQL
/// over a STRING expression, rule by rule as the native code applies them, so that Spark's rows hold the
/// native bytes. NULL in gives NULL out; NULL out is the native nil (the value is left out or the cell empty).
/// Regular expressions end with `\z` (Java's `$` also matches before a final line break).
final class SparkNormalizationSQL {
    /// The workspace's `defaultCountry`: national phone numbers are written with its calling code.
    let defaultCountry: String?
    private var variables = 0

    init(defaultCountry: String?) {
        self.defaultCountry = defaultCountry
    }

    /// A fresh lambda variable name.
    func variable() -> String {
        variables += 1
        return "nv\(variables)"
    }

    /// `body(v)` with `v` bound to `expression`, evaluated once.
    func bind(_ expression: String, _ body: (String) -> String) -> String {
        let name = variable()
        return "transform(array(\(expression)), \(name) -> \(body(name)))[0]"
    }

    /// `CharacterSet.whitespacesAndNewlines`: general category Z, U+0009–U+000D and U+0085.
    private static let trimmed = #"[\p{Z}\t\n\x{0B}\f\r\x{85}]"#

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    static func trim(_ text: String) -> String {
        "regexp_replace(\(text), \(SparkSQLText.string("^\(trimmed)+|\(trimmed)+\\z")), '')"
    }

    /// `lowercased()`: Unicode lowercase mapping, without Java's final-sigma rule (Swift maps every Σ to σ).
    static func lower(_ text: String) -> String { "lower(replace(\(text), 'Σ', 'σ'))" }

    /// Every scalar with the Unicode White_Space property removed.
    static func withoutWhitespace(_ text: String) -> String {
        "regexp_replace(\(text), \(SparkSQLText.string(#"\p{IsWhite_Space}"#)), '')"
    }

    /// Lowercased, every scalar that is not Alphabetic removed.
    static func letters(_ text: String) -> String {
        "regexp_replace(\(lower(text)), \(SparkSQLText.string(#"\P{IsAlphabetic}"#)), '')"
    }

    /// `ExportIdentity.normalizedForHashing`: phone numbers in E.164, anything else trimmed and lowercased.
    func forHashing(_ text: String, phone: Bool) -> String {
        phone ? e164(Self.trim(text)) : Self.lower(Self.trim(text))
    }

    /// `DestinationPreset.Column.exported`: normalized, nil when empty, hashed when the column is.
    func exported(_ text: String, column: DestinationPreset.Column) -> String {
        let normalized = apply(column.normalization, to: text)
        return bind(normalized) { value in
            "CASE WHEN \(value) IS NULL OR \(value) = '' THEN CAST(NULL AS STRING) ELSE "
                + (column.hashed ? "sha2(\(value), 256)" : value) + " END"
        }
    }

    /// `PresetNormalization.apply`.
    func apply(_ normalization: PresetNormalization, to text: String) -> String {
        let trimmed = Self.trim(text)
        switch normalization {
        case .trimmed:
            return trimmed
        case .email(let gmailRules):
            guard gmailRules else { return Self.lower(trimmed) }
            return bind(Self.lower(Self.withoutWhitespace(trimmed))) { email in
                let domain = "substring_index(\(email), '@', -1)"
                let local = "regexp_extract(\(email), \(SparkSQLText.string("(?s)^(.*)@[^@]*\\z")), 1)"
                return "CASE WHEN instr(\(email), '@') > 0 AND \(domain) IN ('gmail.com', 'googlemail.com') THEN "
                    + "concat(replace(substring_index(\(local), '+', 1), '.', ''), '@', \(domain)) ELSE \(email) END"
            }
        case .emailWithoutPlusSuffix:
            return "regexp_replace(\(Self.lower(trimmed)), \(SparkSQLText.string("(?s)^([^+]*)\\+.*(@[^@]*)\\z")), '$1$2')"
        case .idWithout(let refused):
            return bind(trimmed) { id in
                let tests = refused.map(String.init).sorted().map { "instr(\(id), \(SparkSQLText.string($0))) > 0" }
                return tests.isEmpty ? id : "CASE WHEN \(tests.joined(separator: " OR ")) THEN CAST(NULL AS STRING) ELSE \(id) END"
            }
        case .phone(let plus):
            return plus ? e164(trimmed) : "substr(\(e164(trimmed)), 2)"
        case .lettersOnly:
            return Self.letters(trimmed)
        case .stateCode:
            let names = USStateCodes.all.sorted { $0.key < $1.key }
                .map { "\(SparkSQLText.string($0.key)), \(SparkSQLText.string($0.value))" }.joined(separator: ", ")
            return bind(Self.letters(trimmed)) { "coalesce(try_element_at(map(\(names)), \($0)), \($0))" }
        case .lowercased:
            return Self.lower(trimmed)
        case .lowercasedWithoutWhitespace:
            return Self.withoutWhitespace(Self.lower(trimmed))
        case .countryCode(let uppercase):
            let codes = CountryCodes.codes.sorted().map(SparkSQLText.string).joined(separator: ", ")
            let names = CountryCodes.byName.sorted { $0.key < $1.key }
                .map { "\(SparkSQLText.string($0.key)), \(SparkSQLText.string($0.value))" }.joined(separator: ", ")
            let code = bind(trimmed) { text in
                "CASE WHEN upper(\(text)) IN (\(codes)) THEN upper(\(text)) "
                    + "ELSE try_element_at(map(\(names)), \(Self.lower(text))) END"
            }
            return uppercase ? code : "lower(\(code))"
        case .postalCode:
            return bind(Self.withoutWhitespace(Self.lower(trimmed))) { code in
                "CASE WHEN \(code) RLIKE \(SparkSQLText.string("^[0-9]{5}-[0-9]{4}\\z")) THEN substr(\(code), 1, 5) ELSE \(code) END"
            }
        case .dateYYYYMMDD:
            return date(trimmed) { "concat(\($0).y, \($0).m, \($0).d)" }
        case .dateISO:
            return date(trimmed) { "concat(\($0).y, '-', \($0).m, '-', \($0).d)" }
        case .year:
            return bind(trimmed) { text in
                let year = date(text) { "\($0).y" }
                return "coalesce(\(year), CASE WHEN \(text) RLIKE \(SparkSQLText.string("^[0-9]{4}\\z")) THEN \(text) END)"
            }
        case .genderLetter(let uppercase):
            let (male, female) = uppercase ? ("'M'", "'F'") : ("'m'", "'f'")
            return bind(Self.lower(trimmed)) { text in
                "CASE WHEN \(text) IN ('m', 'male', 'man') THEN \(male) WHEN \(text) IN ('f', 'female', 'woman') "
                    + "THEN \(female) END"
            }
        }
    }

    /// `PresetNormalization.date`: year, month and day (zero-padded) of `YYYY-MM-DD` (the first ten
    /// characters) or `M/D/YYYY` as a struct `y`, `m`, `d`, given to `body`; NULL when it is no date.
    private func date(_ text: String, _ body: (String) -> String) -> String {
        let slashed = { (group: Int) in
            "regexp_extract(\(text), \(SparkSQLText.string("^([0-9]+)/([0-9]+)/([0-9]{4})\\z")), \(group))"
        }
        let dashed = { (group: Int) in
            "regexp_extract(substr(\(text), 1, 10), \(SparkSQLText.string("^([0-9]{4})-([0-9]+)-([0-9]+)\\z")), \(group))"
        }
        func fields(_ pattern: (Int) -> String, year: Int, month: Int, day: Int) -> String {
            "named_struct('y', \(pattern(year)), 'm', try_cast(\(pattern(month)) AS BIGINT), "
                + "'d', try_cast(\(pattern(day)) AS BIGINT))"
        }
        // A tenth character extended by a combining mark is not an ASCII digit to Swift.
        let extended = "substr(\(text), 11, 1) RLIKE \(SparkSQLText.string(#"^[\p{M}\x{200D}]"#))"
        let parts = "CASE WHEN instr(\(text), '/') > 0 THEN \(fields(slashed, year: 3, month: 1, day: 2)) "
            + "WHEN NOT \(extended) THEN \(fields(dashed, year: 1, month: 2, day: 3)) END"
        return bind(parts) { date in
            let padded = { (part: String) in "lpad(CAST(\(date).\(part) AS STRING), 2, '0')" }
            let checked = "named_struct('y', \(date).y, 'm', \(padded("m")), 'd', \(padded("d")))"
            return "CASE WHEN \(date).y <> '' AND \(date).m BETWEEN 1 AND 12 AND \(date).d BETWEEN 1 AND 31 THEN "
                + body(checked) + " END"
        }
    }

    /// `PhoneNumber.e164` of a trimmed text, with the default country's numbering plan.
    func e164(_ text: String) -> String {
        let plan = defaultCountry.flatMap { NumberingPlan.byCountry[$0] }
        let separators = #"[-./() \p{Zs}]"#
        let shape = SparkSQLText.string("^\(separators)*\\+?(\(separators)|[0-9])*\\z")
        let opened = "CASE WHEN instr(\(text), '(') > 0 THEN replace(\(text), '(0)', '') ELSE \(text) END"
        return bind(opened) { raw in
            let digits = "regexp_replace(\(raw), '[^0-9]', '')"
            let international = bind(digits) { digits in
                var cases = "CASE WHEN instr(\(raw), '+') > 0 THEN \(digits) "
                    + "WHEN startswith(\(digits), '00') THEN substr(\(digits), 3) "
                if let exit = plan?.exitCode {
                    cases += "WHEN startswith(\(digits), \(SparkSQLText.string(exit))) THEN substr(\(digits), \(exit.utf8.count + 1)) "
                }
                guard let plan else { return cases + "END" }
                var national = digits
                if let trunk = plan.trunkPrefix {
                    national = "CASE WHEN startswith(\(digits), \(SparkSQLText.string(trunk))) "
                        + "THEN substr(\(digits), \(trunk.utf8.count + 1)) ELSE \(digits) END"
                }
                return cases + "ELSE concat(\(SparkSQLText.string(plan.callingCode)), \(national)) END"
            }
            let checked = bind(international) { number in
                "CASE WHEN length(\(number)) BETWEEN \(PhoneNumber.digitCount.lowerBound) AND \(PhoneNumber.digitCount.upperBound) "
                    + "AND substr(\(number), 1, 1) <> '0' AND (substr(\(number), 1, 1) <> '1' OR length(\(number)) = 11) "
                    + "THEN concat('+', \(number)) END"
            }
            return "CASE WHEN \(raw) RLIKE \(shape) THEN \(checked) END"
        }
    }
}
