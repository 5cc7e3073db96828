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
            group("String methods", [.equals, .notEqualTo, .startsWith, .doesNotStartWith, .endsWith, .doesNotEndWith,
                                     .contains, .doesNotContain, .like, .matches, .regexGroup]),
            group("Any value", [.isNull, .isNotNull]),
            group("Dates", [.getYear, .getMonth, .getDayOfMonth]),
            group("Lists", [.intersects, .includes, .subsetOf, .supersetOf, .distinct, .count, .intersection, .head]),
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
        var lines = ["PQL reference: the functions, methods and operators cohort's segments may use.",
                     "Examples read Luma-like profiles (person.name.firstName, loyalty.tier, orders, xEvent, …).", ""]
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
        var lines = ["# PQL reference", "",
                     "<!-- Generated from cohort's PQL registry by `swift run cohort help pql --markdown > docs/pql.md`;",
                     "     do not edit by hand. -->", "",
                     "The functions, methods and operators cohort's segments may use, with their argument and result",
                     "types. Every example is parsed, checked and evaluated by the test suite against a profile with",
                     "Luma-like fields (`person.name.firstName`, `loyalty.tier`, `orders`, `preferences`, `xEvent`, …).",
                     "`cohort help pql` prints the same reference.", ""]
        for section in sections {
            lines += ["## \(section.title)", "", "| name | signature | meaning | example |", "|---|---|---|---|"]
            for entry in section.entries {
                let signatures = entry.signatures.map { code($0) }.joined(separator: "<br>")
                lines.append("| \(code(entry.name)) | \(signatures) | \(cell(entry.meaning)) | \(code(entry.example)) |")
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

    // MARK: Entries

    static func entry(_ function: PQLFunction) -> Entry {
        let name = function.rawValue
        let make = { (signature: String, meaning: String, example: String) in
            Entry(name: name, signatures: [signature], meaning: meaning, example: example)
        }
        switch function {
        case .date:
            return Entry(name: name, signatures: ["date(year: number, month: number, day: number) → date-time",
                                                  "date(year, month, day, hour: number, minute: number, second: number) → date-time"],
                         meaning: "A day (its start), or a moment, in the workspace's time zone.",
                         example: "person.birthDate < date(1991, 1, 1)")
        case .if:
            return make("if(condition: boolean, then: T, else: T) → T",
                        "The second argument where the condition holds, else the third.",
                        #"if(loyalty.points > 100, "high", "low") = "high""#)
        case .inSegment:
            return make(#"inSegment(id: "segment-id") → boolean"#,
                        "Whether the profile is a member of another segment of the workspace (the id in quotes).",
                        #"inSegment("gold-members") and loyalty.points > 100"#)
        case .mapEntry:
            return make("mapEntry(key: K, value: V) → map<K, V>",
                        "One key and its value, made in `map((K, G) => …)` of a groupBy result.",
                        #"xEvent.groupBy(eventType).map((K, G) => mapEntry(K, G.count())).get("commerce.purchases") > 0"#)
        case .currentYear:
            return make("currentYear() → number", "The year of the evaluation time (`--as-of`), in the workspace's time zone.",
                        "person.birthDate.getYear() <= currentYear() - 18")
        case .currentMonth:
            return make("currentMonth() → number", "The month (1–12) of the evaluation time.",
                        "person.birthDate.getMonth() = currentMonth()")
        case .currentDayOfMonth:
            return make("currentDayOfMonth() → number", "The day of the month of the evaluation time.",
                        "person.birthDate.getDayOfMonth() = currentDayOfMonth()")
        case .yesterday:
            return make("yesterday → date-time", "The start of the day before the evaluation time's day.",
                        "loyalty.joinDate >= yesterday")
        case .tomorrow:
            return make("tomorrow → date-time", "The start of the day after the evaluation time's day.",
                        "loyalty.joinDate < tomorrow")
        }
    }

    static func entry(_ method: PQLMethod) -> Entry {
        let name = method.rawValue
        let make = { (signature: String, meaning: String, example: String) in
            Entry(name: name, signatures: [signature], meaning: meaning, example: example)
        }
        let textTest = { (meaning: String, example: String) in
            make("string.\(name)(text: string [, caseSensitive: boolean]) → boolean", meaning + "; false as the second argument ignores case.", example)
        }
        let aggregate = { (meaning: String, example: String) in
            Entry(name: name, signatures: ["events.\(name)(field: number) → number", "list<object>.\(name)(field: number) → number",
                                           "list<number>.\(name)() → number"],
                  meaning: meaning, example: example)
        }
        switch method {
        case .equals:
            return make("string.equals(value: string, … [, caseSensitive: boolean]) → boolean",
                        "Whether the string is any of the values; false as the last argument ignores case.",
                        #"person.gender.equals("male", "female", false)"#)
        case .notEqualTo:
            return make("string.notEqualTo(value: string, … [, caseSensitive: boolean]) → boolean",
                        "Whether the string is none of the values; false as the last argument ignores case.",
                        #"loyalty.tier.notEqualTo("bronze", "silver")"#)
        case .startsWith: return textTest("Whether the string starts with the text", #"person.name.firstName.startsWith("an", false)"#)
        case .doesNotStartWith: return textTest("Whether the string does not start with the text", #"person.name.firstName.doesNotStartWith("B")"#)
        case .endsWith: return textTest("Whether the string ends with the text", #"personalEmail.address.endsWith("@luma.com")"#)
        case .doesNotEndWith: return textTest("Whether the string does not end with the text", #"personalEmail.address.doesNotEndWith(".org")"#)
        case .contains: return textTest("Whether the text occurs in the string", #"person.name.lastName.contains("son")"#)
        case .doesNotContain: return textTest("Whether the text does not occur in the string", #"person.name.lastName.doesNotContain("x")"#)
        case .like:
            return make("string.like(pattern: string) → boolean",
                        "SQL LIKE over the whole string: `%` is any run of characters, `_` one character.",
                        #"personalEmail.address.like("%@luma.com")"#)
        case .matches:
            return make("string.matches(regex: string) → boolean", "Whether the regular expression matches somewhere in the string.",
                        #"person.name.firstName.matches("^A")"#)
        case .regexGroup:
            return make("string.regexGroup(regex: string, group: number) → string",
                        "The text group N of the first match holds (0: the whole match); missing when nothing matches.",
                        #"personalEmail.address.regexGroup("@(\\w+)", 1) = "luma""#)
        case .isNull:
            return make("value.isNull() → boolean", "Whether the value is missing.", "person.name.middleName.isNull()")
        case .isNotNull:
            return make("value.isNotNull() → boolean", "Whether the value is there.", "person.name.firstName.isNotNull()")
        case .getYear:
            return make("date-time.getYear() → number", "The year, in the workspace's time zone.", "person.birthDate.getYear() = 1990")
        case .getMonth:
            return make("date-time.getMonth() → number", "The month, 1–12.", "person.birthDate.getMonth() = 11")
        case .getDayOfMonth:
            return make("date-time.getDayOfMonth() → number", "The day of the month, 1–31.", "person.birthDate.getDayOfMonth() = 21")
        case .intersects:
            return make("list.intersects(other: list) → boolean", "Whether the lists have an item in common.",
                        #"favoriteColors.intersects(["red", "green"])"#)
        case .includes:
            return Entry(name: name, signatures: ["list.includes(item: value) → boolean", "list.includes(items: list) → boolean"],
                         meaning: "Whether the list holds the value (or every item of the other list).",
                         example: #"favoriteColors.includes("red")"#)
        case .subsetOf:
            return make("list.subsetOf(other: list) → boolean", "Whether every item of the list is in the other.",
                        #"favoriteColors.subsetOf(["red", "blue", "green"])"#)
        case .supersetOf:
            return make("list.supersetOf(other: list) → boolean", "Whether every item of the other list is in this one.",
                        #"favoriteColors.supersetOf(["red"])"#)
        case .distinct:
            return make("list<T>.distinct() → list<T>", "The list without repeated items, in the order they first come.",
                        "orders.storeId.distinct().count() > 1")
        case .count:
            return Entry(name: name, signatures: ["events.count() → number", "list.count() → number"],
                         meaning: "How many events or items there are.",
                         example: #"xEvent[eventType = "commerce.purchases"].count() > 0"#)
        case .intersection:
            return make("list<T>.intersection(other: list) → list<T>", "The items in both lists, without repeats.",
                        #"favoriteColors.intersection(["red", "green"]) = ["red"]"#)
        case .head:
            return Entry(name: name, signatures: ["list<T>.head() → T", "events.head() → object"],
                         meaning: "The first item or event; missing when there is none.",
                         example: #"orders.topN(price, 1).head().storeId = "B""#)
        case .sum:
            return aggregate("The total of the field over the events or items (or of the numbers); 0 when there are none.",
                             #"xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal) > 100"#)
        case .average:
            return aggregate("The mean; missing when there is nothing to average.", "orders.average(price) > 50")
        case .min:
            return aggregate("The smallest value; missing when there is none.", "orders.price.min() < 50")
        case .max:
            return aggregate("The largest value; missing when there is none.", "orders.max(price) >= 100")
        case .exists:
            return Entry(name: name, signatures: ["events.exists(condition) → boolean", "list<object>.exists(condition) → boolean"],
                         meaning: "Whether some event or item meets the condition (or the lambda `(X) => …`).",
                         example: #"orders.exists(storeId = "A" and price > 50)"#)
        case .filter:
            return Entry(name: name, signatures: ["events.filter(condition) → events", "list<object>.filter(condition) → list<object>"],
                         meaning: "The events or items that meet the condition.",
                         example: "orders.filter((O) => O.price > 50).count() = 2")
        case .map:
            return Entry(name: name, signatures: ["list<object>.map(value: T) → list<T>", "events.map(value: T) → list<T>",
                                                  "map<K, V>.map((K, V) => mapEntry(…)) → map"],
                         meaning: "The value for each event or item (missing ones left out), or a new map from a map's entries.",
                         example: #"orders.map(storeId).includes("A")"#)
        case .topN:
            return make("list<object>.topN(value, n: number) → list<object>",
                        "The N events or items with the largest values, largest first (equal values keep their order).",
                        "orders.topN(price, 2).sum(price) = 195")
        case .bottomN:
            return make("list<object>.bottomN(value, n: number) → list<object>", "The N events or items with the smallest values, smallest first.",
                        "orders.bottomN(price, 1).head().price = 30")
        case .groupBy:
            return make("events.groupBy(value: K) → map<K, events>",
                        "Each value's events or items (those without the value left out), as a map.",
                        #"xEvent.groupBy(eventType).keys().includes("commerce.purchases")"#)
        case .get:
            return make("map<K, V>.get(key: K) → V", "The value of the key; missing when the map has no such key.",
                        #"preferences.get("channel") = "email""#)
        case .keys:
            return make("map<K, V>.keys() → list<K>", "The map's keys, in key order.", #"preferences.keys().includes("language")"#)
        case .values:
            return make("map<K, V>.values() → list<V>", "The map's values, in the order of their keys.",
                        #"preferences.values().includes("email")"#)
        }
    }

    /// The operators and expression forms, binary operators by `PQLBinaryOperator` (every case).
    static var operators: [Entry] {
        let binary = PQLBinaryOperator.allCases.map(entry)
        let forms = [
            Entry(name: "not", signatures: ["not boolean → boolean"], meaning: "The opposite of the condition.",
                  example: #"not (loyalty.tier = "bronze")"#),
            Entry(name: "-", signatures: ["-number → number"], meaning: "The negated number.", example: "-loyalty.points < 0"),
            Entry(name: "[…]", signatures: ["events[condition] → events", "list<object>[condition] → list<object>"],
                  meaning: "The events or items that meet the condition; as a condition, whether there are any.",
                  example: #"xEvent[eventType = "commerce.purchases" and timestamp occurs <= 30 days before now]"#),
            Entry(name: "occurs", signatures: ["date-time occurs <= N units before|after date-time → boolean",
                                               "date-time occurs last|this|next unit → boolean",
                                               "date-time occurs between date-time and date-time → boolean",
                                               "date-time occurs on|before|after date-time → boolean"],
                  meaning: "Whether the time falls in the window (units: second … year; now, today, date(…) or a field).",
                  example: "loyalty.joinDate occurs <= 7 days before now"),
            Entry(name: "exists … from … where …", signatures: ["exists X from events|list where condition → boolean",
                                                                "forall X from events|list where condition → boolean",
                                                                "select X from events|list where condition → events"],
                  meaning: "Whether some (or every) event or item meets the condition, or those that do.",
                  example: "exists E from xEvent where E.commerce.order.priceTotal > 100"),
            Entry(name: "sum … over …", signatures: ["sum|average|min|max value over X from events where condition → number"],
                  meaning: "An aggregate of a value over the events that meet the condition.",
                  example: #"(sum X.commerce.order.priceTotal over X from xEvent where X.eventType = "commerce.purchases") > 100"#),
            Entry(name: "let … in …", signatures: ["let Name = value in expression → T"],
                  meaning: "Names a value once for the expression after `in`.",
                  example: "let S = (orders.sum(price)) in (S > 100 and S < 1000)"),
            Entry(name: "chain", signatures: ["chain(events, timestampField, [A: WHAT(condition) WHEN(window), …]) → boolean"],
                  meaning: "Whether the events hold the steps in order, each strictly after the one before.",
                  example: #"chain(xEvent, timestamp, [A: WHAT(eventType = "commerce.productListAdds"), B: WHAT(eventType = "commerce.purchases")])"#),
        ]
        return binary + forms
    }

    static func entry(_ op: PQLBinaryOperator) -> Entry {
        let symbol = op.rawValue
        let compare = { (meaning: String, example: String) in
            Entry(name: symbol, signatures: ["value \(symbol) value → boolean"],
                  meaning: meaning + "; false where either side is missing.", example: example)
        }
        let arithmetic = { (meaning: String, example: String) in
            Entry(name: symbol, signatures: ["number \(symbol) number → number"], meaning: meaning, example: example)
        }
        switch op {
        case .or: return Entry(name: symbol, signatures: ["boolean or boolean → boolean"], meaning: "Whether either condition holds.",
                               example: #"loyalty.tier = "gold" or loyalty.points > 1000"#)
        case .and: return Entry(name: symbol, signatures: ["boolean and boolean → boolean"], meaning: "Whether both conditions hold.",
                                example: #"loyalty.tier = "gold" and loyalty.points > 100"#)
        case .equal: return compare("Equal (strings, numbers, dates, booleans; lists item by item)", #"loyalty.tier = "gold""#)
        case .notEqual: return compare("Not equal", #"loyalty.tier != "bronze""#)
        case .less: return compare("Less than (dates: earlier)", "loyalty.points < 5000")
        case .lessOrEqual: return compare("Less than or equal", "loyalty.points <= 5000")
        case .greater: return compare("Greater than (dates: later)", "loyalty.points > 100")
        case .greaterOrEqual: return compare("Greater than or equal", "loyalty.points >= 100")
        case .in: return Entry(name: symbol, signatures: ["value in list → boolean"], meaning: "Whether the value is one of the list's.",
                               example: #"loyalty.tier in ["gold", "platinum"]"#)
        case .notIn: return Entry(name: symbol, signatures: ["value notIn list → boolean"],
                                  meaning: "Whether the value is none of the list's; false where the value is missing.",
                                  example: #"loyalty.tier notIn ["bronze"]"#)
        case .plus: return arithmetic("The sum.", "loyalty.points + 100 > 1000")
        case .minus: return arithmetic("The difference.", "loyalty.points - 100 > 0")
        case .times: return arithmetic("The product.", "loyalty.points * 2 > 1000")
        case .divide: return arithmetic("The quotient; missing when dividing by 0.", "loyalty.points / 2 > 100")
        case .remainder: return arithmetic("The remainder; missing when dividing by 0.", "loyalty.points % 2 = 0")
        }
    }
}
