/// The reference entries of PQL's operators and expression forms.
extension PQLReference {
    /// Every binary operator (by `PQLBinaryOperator`), then the other forms.
    static var operators: [Entry] {
        let forms = [
            Entry("not", ["not boolean → boolean"], meaning: "The opposite of the condition.",
                  example: #"not (loyalty.tier = "bronze")"#),
            Entry("-", ["-number → number"], meaning: "The negated number.", example: "-loyalty.points < 0"),
            Entry("[…]", ["events[condition] → events", "list<object>[condition] → list<object>"],
                  meaning: "The events or items that meet the condition; as a condition, whether there are any.",
                  example: #"xEvent[eventType = "commerce.purchases" and timestamp occurs <= 30 days before now]"#),
            Entry("occurs", ["date-time occurs <= N units before|after date-time → boolean",
                             "date-time occurs last|this|next unit → boolean",
                             "date-time occurs between date-time and date-time → boolean",
                             "date-time occurs on|before|after date-time → boolean"],
                  meaning: "Whether the time falls in the window (units second … year; anchors now, date(…), …).",
                  example: "loyalty.joinDate occurs <= 7 days before now"),
            Entry("exists … from … where …", ["exists X from events|list where condition → boolean",
                                              "forall X from events|list where condition → boolean",
                                              "select X from events|list where condition → events"],
                  meaning: "Whether some (or every) event or item meets the condition, or those that do.",
                  example: "exists E from xEvent where E.commerce.order.priceTotal > 100"),
            Entry("sum … over …", ["sum|average|min|max value over X from events where condition → number"],
                  meaning: "An aggregate of a value over the events that meet the condition.",
                  example: #"(sum X.commerce.order.priceTotal over X from xEvent "#
                      + #"where X.eventType = "commerce.purchases") > 100"#),
            Entry("let … in …", ["let Name = value in expression → T"],
                  meaning: "Names a value once for the expression after `in`.",
                  example: "let S = (orders.sum(price)) in (S > 100 and S < 1000)"),
            Entry("chain", ["chain(events, timestampField, [A: WHAT(condition) WHEN(window), …]) → boolean"],
                  meaning: "Whether the events hold the steps in order, each strictly after the one before.",
                  example: #"chain(xEvent, timestamp, [A: WHAT(eventType = "commerce.productListAdds"), "#
                      + #"B: WHAT(eventType = "commerce.purchases")])"#),
        ]
        return PQLBinaryOperator.allCases.map(entry) + forms
    }

    static func entry(_ op: PQLBinaryOperator) -> Entry {
        let symbol = op.rawValue
        let compare = { (meaning: String, example: String) in
            Entry(symbol, ["value \(symbol) value → boolean"],
                  meaning: meaning + "; false where either side is missing.", example: example)
        }
        let arithmetic = { (meaning: String, example: String) in
            Entry(symbol, ["number \(symbol) number → number"], meaning: meaning, example: example)
        }
        switch op {
        case .or:
            return Entry(symbol, ["boolean or boolean → boolean"], meaning: "Whether either condition holds.",
                         example: #"loyalty.tier = "gold" or loyalty.points > 1000"#)
        case .and:
            return Entry(symbol, ["boolean and boolean → boolean"], meaning: "Whether both conditions hold.",
                         example: #"loyalty.tier = "gold" and loyalty.points > 100"#)
        case .equal:
            return compare("Equal (strings, numbers, dates, booleans; lists item by item)", #"loyalty.tier = "gold""#)
        case .notEqual: return compare("Not equal", #"loyalty.tier != "bronze""#)
        case .less: return compare("Less than (dates: earlier)", "loyalty.points < 5000")
        case .lessOrEqual: return compare("Less than or equal", "loyalty.points <= 5000")
        case .greater: return compare("Greater than (dates: later)", "loyalty.points > 100")
        case .greaterOrEqual: return compare("Greater than or equal", "loyalty.points >= 100")
        case .in:
            return Entry(symbol, ["value in list → boolean"], meaning: "Whether the value is one of the list's.",
                         example: #"loyalty.tier in ["gold", "platinum"]"#)
        case .notIn:
            return Entry(symbol, ["value notIn list → boolean"],
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
