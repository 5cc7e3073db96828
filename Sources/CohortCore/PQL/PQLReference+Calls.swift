/// The reference entries of PQL's functions and methods, one per registry case.
extension PQLReference {
    static func entry(_ function: PQLFunction) -> Entry {
        let name = function.rawValue
        let make = { (signature: String, meaning: String, example: String) in
            Entry(name, [signature], meaning: meaning, example: example)
        }
        switch function {
        case .date:
            return Entry(name, ["date(year: number, month: number, day: number) → date-time",
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
                        #"xEvent.groupBy(eventType).map((K, G) => mapEntry(K, G.count()))"#
                            + #".get("commerce.purchases") > 0"#)
        case .currentYear:
            return make("currentYear() → number",
                        "The year of the evaluation time (`--as-of`), in the workspace's time zone.",
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
            Entry(name, [signature], meaning: meaning, example: example)
        }
        let textTest = { (meaning: String, example: String) in
            make("string.\(name)(text: string [, caseSensitive: boolean]) → boolean",
                 meaning + "; false as the second argument ignores case.", example)
        }
        let aggregate = { (meaning: String, example: String) in
            Entry(name, ["events.\(name)(field: number) → number", "list<object>.\(name)(field: number) → number",
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
        case .startsWith:
            return textTest("Whether the string starts with the text",
                            #"person.name.firstName.startsWith("an", false)"#)
        case .doesNotStartWith:
            return textTest("Whether the string does not start with the text",
                            #"person.name.firstName.doesNotStartWith("B")"#)
        case .endsWith:
            return textTest("Whether the string ends with the text", #"personalEmail.address.endsWith("@luma.com")"#)
        case .doesNotEndWith:
            return textTest("Whether the string does not end with the text",
                            #"personalEmail.address.doesNotEndWith(".org")"#)
        case .contains:
            return textTest("Whether the text occurs in the string", #"person.name.lastName.contains("son")"#)
        case .doesNotContain:
            return textTest("Whether the text does not occur in the string",
                            #"person.name.lastName.doesNotContain("x")"#)
        case .like:
            return make("string.like(pattern: string) → boolean",
                        "SQL LIKE over the whole string: `%` is any run of characters, `_` one character.",
                        #"personalEmail.address.like("%@luma.com")"#)
        case .matches:
            return make("string.matches(regex: string) → boolean",
                        "Whether the regular expression matches somewhere in the string.",
                        #"person.name.firstName.matches("^A")"#)
        case .regexGroup:
            return make("string.regexGroup(regex: string, group: number) → string",
                        "The text group N of the first match holds (0: the whole match); missing when nothing matches.",
                        #"personalEmail.address.regexGroup("@(\\w+)", 1) = "luma""#)
        case .isNull:
            return make("value.isNull() → boolean", "Whether the value is missing.",
                        "person.name.middleName.isNull()")
        case .isNotNull:
            return make("value.isNotNull() → boolean", "Whether the value is there.",
                        "person.name.firstName.isNotNull()")
        case .getYear:
            return make("date-time.getYear() → number", "The year, in the workspace's time zone.",
                        "person.birthDate.getYear() = 1990")
        case .getMonth:
            return make("date-time.getMonth() → number", "The month, 1–12.", "person.birthDate.getMonth() = 11")
        case .getDayOfMonth:
            return make("date-time.getDayOfMonth() → number", "The day of the month, 1–31.",
                        "person.birthDate.getDayOfMonth() = 21")
        case .intersects:
            return make("list.intersects(other: list) → boolean", "Whether the lists have an item in common.",
                        #"favoriteColors.intersects(["red", "green"])"#)
        case .includes:
            return Entry(name, ["list.includes(item: value) → boolean", "list.includes(items: list) → boolean"],
                         meaning: "Whether the list holds the value (or every item of the other list).",
                         example: #"favoriteColors.includes("red")"#)
        case .subsetOf:
            return make("list.subsetOf(other: list) → boolean", "Whether every item of the list is in the other.",
                        #"favoriteColors.subsetOf(["red", "blue", "green"])"#)
        case .supersetOf:
            return make("list.supersetOf(other: list) → boolean",
                        "Whether every item of the other list is in this one.",
                        #"favoriteColors.supersetOf(["red"])"#)
        case .distinct:
            return make("list<T>.distinct() → list<T>",
                        "The list without repeated items, in the order they first come.",
                        "orders.storeId.distinct().count() > 1")
        case .count:
            return Entry(name, ["events.count() → number", "list.count() → number"],
                         meaning: "How many events or items there are.",
                         example: #"xEvent[eventType = "commerce.purchases"].count() > 0"#)
        case .intersection:
            return make("list<T>.intersection(other: list) → list<T>", "The items in both lists, without repeats.",
                        #"favoriteColors.intersection(["red", "green"]) = ["red"]"#)
        case .head:
            return Entry(name, ["list<T>.head() → T", "events.head() → object"],
                         meaning: "The first item or event; missing when there is none.",
                         example: #"orders.topN(price, 1).head().storeId = "B""#)
        case .sum:
            return aggregate("The total of the field over the events or items (or of the numbers); 0 when none.",
                             #"xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal) > 100"#)
        case .average:
            return aggregate("The mean; missing when there is nothing to average.", "orders.average(price) > 50")
        case .min:
            return aggregate("The smallest value; missing when there is none.", "orders.price.min() < 50")
        case .max:
            return aggregate("The largest value; missing when there is none.", "orders.max(price) >= 100")
        case .exists:
            return Entry(name, ["events.exists(condition) → boolean", "list<object>.exists(condition) → boolean"],
                         meaning: "Whether some event or item meets the condition (or the lambda `(X) => …`).",
                         example: #"orders.exists(storeId = "A" and price > 50)"#)
        case .filter:
            return Entry(name, ["events.filter(condition) → events",
                                "list<object>.filter(condition) → list<object>"],
                         meaning: "The events or items that meet the condition.",
                         example: "orders.filter((O) => O.price > 50).count() = 2")
        case .map:
            return Entry(name, ["list<object>.map(value: T) → list<T>", "events.map(value: T) → list<T>",
                                "map<K, V>.map((K, V) => mapEntry(…)) → map"],
                         meaning: "The value of each event or item (missing ones left out), or a map made from a map.",
                         example: #"orders.map(storeId).includes("A")"#)
        case .topN:
            return make("list<object>.topN(value, n: number) → list<object>",
                        "The N events or items with the largest values, largest first (ties keep their order).",
                        "orders.topN(price, 2).sum(price) = 195")
        case .bottomN:
            return make("list<object>.bottomN(value, n: number) → list<object>",
                        "The N events or items with the smallest values, smallest first.",
                        "orders.bottomN(price, 1).head().price = 30")
        case .groupBy:
            return make("events.groupBy(value: K) → map<K, events>",
                        "Each value's events or items (those without the value left out), as a map.",
                        #"xEvent.groupBy(eventType).keys().includes("commerce.purchases")"#)
        case .get:
            return make("map<K, V>.get(key: K) → V", "The value of the key; missing when the map has no such key.",
                        #"preferences.get("channel") = "email""#)
        case .keys:
            return make("map<K, V>.keys() → list<K>", "The map's keys, in key order.",
                        #"preferences.keys().includes("language")"#)
        case .values:
            return make("map<K, V>.values() → list<V>", "The map's values, in the order of their keys.",
                        #"preferences.values().includes("email")"#)
        }
    }
}
