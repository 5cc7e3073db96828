import Testing
@testable import CohortCore

/// Parsing PQL: SPEC §2.6's constructs, the tree they give, and errors at the right place.
@Suite struct PQLParserTests {
    /// A compact rendering of the tree, to compare structure.
    static func render(_ node: PQLNode) -> String {
        switch node.kind {
        case .string(let text): return "\"\(text)\""
        case .number(let text): return text
        case .boolean(let flag): return "\(flag)"
        case .null: return "null"
        case .list(let items): return "[" + items.map(render).joined(separator: " ") + "]"
        case .now: return "now"
        case .today: return "today"
        case .path(let components): return components.joined(separator: ".")
        case .call(let receiver, let name, let arguments):
            return "(" + ([receiver.map { render($0) + "." } ?? ""].joined() + name) + (arguments.isEmpty ? "" : " ") + arguments.map(render).joined(separator: " ") + ")"
        case .filter(let base, let condition): return "\(render(base))[\(render(condition))]"
        case .member(let base, let name): return "\(render(base)).\(name)"
        case .not(let operand): return "(not \(render(operand)))"
        case .negate(let operand): return "(- \(render(operand)))"
        case .binary(let op, let left, let right): return "(\(op.rawValue) \(render(left)) \(render(right)))"
        case .occurs(let subject, let condition): return "(occurs \(render(subject)) \(render(condition)))"
        case .quantified(let quantifier, let variable, let source, let condition):
            return "(\(quantifier.rawValue) \(variable) \(render(source)) \(render(condition)))"
        case .chain(let source, let timestamp, let steps):
            return "(chain \(render(source)) \(timestamp.joined(separator: ".")) " + steps.map { step in
                "{" + [step.label, step.what.map { "WHAT " + render($0) }, step.when.map { "WHEN " + render($0) },
                       step.whereCondition.map { "WHERE " + render($0) }, step.count.map { "COUNT " + render($0) }]
                    .compactMap { $0 }.joined(separator: " ") + "}"
            }.joined(separator: " ") + ")"
        case .lambda(let parameters, let body): return "(lambda (\(parameters.joined(separator: " "))) \(render(body)))"
        }
    }

    static func render(_ condition: PQLTimeCondition) -> String {
        switch condition {
        case .relative(let comparison, let amount, let unit, let after, let anchor):
            return "\(comparison.rawValue) \(render(amount)) \(unit.rawValue) \(after ? "after" : "before") \(render(anchor))"
        case .beforeOrAfter(let after, let anchor): return "\(after ? "after" : "before") \(render(anchor))"
        case .between(let from, let to): return "between \(render(from)) \(render(to))"
        case .on(let day): return "on \(render(day))"
        case .calendar(let offset, let unit): return "\(["last", "this", "next"][offset + 1]) \(unit.rawValue)"
        case .periods(let from, let to):
            return "between \(render(.calendar(offset: from.offset, unit: from.unit))) \(render(.calendar(offset: to.offset, unit: to.unit)))"
        }
    }

    private func tree(_ text: String) -> String {
        switch PQLParser.parse(text) {
        case .success(let node): return Self.render(node)
        case .failure(let error): return "error at \(error.offset): \(error.message)"
        }
    }

    @Test(arguments: [
        (#"person.name.firstName = "Ann""#, #"(= person.name.firstName "Ann")"#),
        (#"loyalty.tier in ["gold", "platinum"]"#, #"(in loyalty.tier ["gold" "platinum"])"#),
        (#"homeAddress.city notIn ["Berlin"] and not (age > 30 or age < 18)"#, #"(and (notIn homeAddress.city ["Berlin"]) (not (or (> age 30) (< age 18))))"#),
        (#"!person.isVip = true"#, #"(not (= person.isVip true))"#),
        (#"if(loyalty.points > 100, "high", "low") = "high""#, #"(= (if (> loyalty.points 100) "high" "low") "high")"#),
        (#"person.birthDate = date(2025, 1, 31)"#, "(= person.birthDate (date 2025 1 31))"),
        (#"interests.intersects(["golf", "yoga"])"#, #"(interests.intersects ["golf" "yoga"])"#),
        (#"orders.storeId.distinct().count() > 1"#, "(> ((orders.storeId.distinct).count) 1)"),
        (#"person.name.startsWith("Jo", false)"#, #"(person.name.startsWith "Jo" false)"#),
        (#"personalEmail.address.like("%@example.com")"#, #"(personalEmail.address.like "%@example.com")"#),
        (#"person.middleName.isNull()"#, "(person.middleName.isNull)"),
        (#"person.birthDate.getYear() = currentYear() - 30"#, "(= (person.birthDate.getYear) (- (currentYear) 30))"),
        (#"xEvent.timestamp occurs <= 7 days before now"#, "(occurs xEvent.timestamp <= 7 day before now)"),
        (#"lastVisit occurs = 3 hours before now"#, "(occurs lastVisit = 3 hour before now)"),
        (#"lastVisit occurs 1 week after signupDate"#, "(occurs lastVisit = 1 week after signupDate)"),
        (#"loyalty.joinDate occurs before today"#, "(occurs loyalty.joinDate before today)"),
        (#"loyalty.joinDate occurs last week"#, "(occurs loyalty.joinDate last week)"),
        (#"X.timestamp occurs between last month and last week"#, "(occurs X.timestamp between last month last week)"),
        (#"loyalty.joinDate occurs between last month and date(2025, 1, 1)"#, "error at 47: expected a calendar period such as `last week` after `and`, found `date`"),
        (#"loyalty.joinDate occurs between date(2025,1,1) and date(2025,6,30)"#, "(occurs loyalty.joinDate between (date 2025 1 1) (date 2025 6 30))"),
        (#"loyalty.joinDate occurs on date(2025,2,14)"#, "(occurs loyalty.joinDate on (date 2025 2 14))"),
        (#"xEvent[eventType = "commerce.purchases"].count() > 3"#, #"(> (xEvent[(= eventType "commerce.purchases")].count) 3)"#),
        (#"xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal) >= 500.50"#,
         #"(>= (xEvent[(= eventType "commerce.purchases")].sum commerce.order.priceTotal) 500.50)"#),
        (#"xEvent[productListItems[SKU = "PS"]].count() > 0"#, #"(> (xEvent[productListItems[(= SKU "PS")]].count) 0)"#),
        (#"exists E from xEvent where (E.commerce.order.priceTotal > 100)"#, "(exists E xEvent (> E.commerce.order.priceTotal 100))"),
        (#"forall E from xEvent where E.eventType != "refund""#, #"(forall E xEvent (!= E.eventType "refund"))"#),
        (#"select X from xEvent where X.timestamp occurs <= 3 days before now"#, "(select X xEvent (occurs X.timestamp <= 3 day before now))"),
        (#"chain(xEvent, timestamp, [A: WHAT(eventType = "addToCart") WHEN(<= 24 hours before now) COUNT(2), B: WHAT(eventType = "purchase")])"#,
         #"(chain xEvent timestamp {A WHAT (= eventType "addToCart") WHEN <= 24 hour before now COUNT 2} {B WHAT (= eventType "purchase")})"#),
        (#"inSegment("gold-members") and inSegment('recent-buyers')"#, #"(and (inSegment "gold-members") (inSegment "recent-buyers"))"#),
        (#"orders.groupBy(storeId).map((K, G) => mapEntry(K, G.count()))"#,
         "((orders.groupBy storeId).map (lambda (K G) (mapEntry K (G.count))))"),
        ("let S = (a + 1) in S > 2", "(> (+ a 1) 2)"),
        ("sum X.price over X from orders where X.storeId = 1", "(orders[(= storeId 1)].sum price)"),
        ("$1.a = P.b", "(= a P.b)"),
        ("(P) => P.a = ^^.b", "(= a ^^.b)"),
    ])
    func parses(_ text: String, _ expected: String) {
        #expect(tree(text) == expected)
    }

    @Test(arguments: [
        (#"loyalty.tier in ["gold", "platinum""#, 35, "expected ']' to close the list, found the end of the expression"),
        (#"x occurs <= 7 dayz before now"#, 14, "expected a time unit (millisecond, second, minute, hour, day, week, month, year, singular or plural), found `dayz`; did you mean `day`?"),
        (#"xEvent[eventType = ].count() > 0"#, 19, "unexpected ']'; expected a value, a field or a function"),
        (#"person.name = "Ann"#, 14, "this string is never closed; add the closing \""),
        (#"a = 1 b = 2"#, 6, "expected `and`, `or` or the end of the expression, found `b`"),
        (#"a = 1 and"#, 9, "the expression ends too early; expected a value, a field or a function"),
        (#"exists E in xEvent where E.x = 1"#, 9, "expected `from` after `exists E`, found `in`"),
        (#"x occurs 3 days now"#, 16, "expected `before` or `after`, found `now`"),
        (#"chain(xEvent, timestamp, [])"#, 26, "expected a chain step such as `A: WHAT(eventType = \"…\") WHEN(<= 7 days before now)`, found ']'"),
        (#"a = 1 # 2"#, 6, "unexpected character '#'"),
    ])
    func errorsPointAtTheProblem(_ text: String, _ offset: Int, _ message: String) {
        #expect(tree(text) == "error at \(offset): \(message)")
    }

    @Test func unclosedBracketsSayWhereTheyWereOpened() throws {
        let text = LocatedText("xEvent[eventType = \"x\"\n  .count() > 1", at: SourceLocation(file: "segments/s.pql", line: 1, column: 1))
        guard case .failure(let error) = PQLParser.parse(text.text) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.diagnostic(in: text).description
                == "segments/s.pql:2:12: error: expected ']' to close the filter, found '>' (it was opened at line 1, column 7)")
    }
}

/// `validate` reports PQL syntax errors at their line and column inside the segment file.
@Suite struct PQLSyntaxInSegmentFilesTests {
    @Test func syntaxErrorsAreMappedIntoTheFile() {
        let result = WorkspaceLoader.load([
            SourceFile(path: "segments/a.json", text: """
                {"id": "a",
                 "expression": {"type": "PQL", "format": "pql/text", "value": "name = \\"Ann\\" and age >"}}
                """),
            SourceFile(path: "segments/b.xml", text: """
                <segment id="b">
                  <pql>points &gt; 10 and
                    tier in ["gold" "silver"]</pql>
                </segment>
                """),
            SourceFile(path: "segments/c.pql", text: "\n  x occurs 2 weeks ago\n"),
        ])
        #expect(result.diagnostics.map(\.description) == [
            "segments/a.json:2:88: error: the expression ends too early; expected a value, a field or a function",
            "segments/b.xml:3:21: error: expected ']' to close the list, found the string \"silver\" (it was opened at line 3, column 13)",
            "segments/c.pql:2:20: error: expected `before` or `after`, found `ago`",
        ])
    }
}
