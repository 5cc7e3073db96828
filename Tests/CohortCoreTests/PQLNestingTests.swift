import Testing
@testable import CohortCore

/// PQL nesting is bounded when parsing (`NestingLimit.expression`): however an expression nests, a
/// tree at the limit is parsed, checked, compiled, evaluated and explained, and anything deeper is an
/// error at its place — never a stack overflow in the parser or in a later walk of the tree.
@Suite struct PQLNestingTests {
    /// One way of nesting, written `depth` levels deep.
    struct Shape: CustomTestStringConvertible, Sendable {
        let name: String
        /// Whether evaluating it at the limit is cheap (nested event filters cost events^depth).
        let evaluates: Bool
        let text: @Sendable (Int) -> String
        var testDescription: String { name }

        init(_ name: String, evaluates: Bool = true, _ text: @escaping @Sendable (Int) -> String) {
            self.name = name
            self.evaluates = evaluates
            self.text = text
        }
    }

    static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

    static let shapes: [Shape] = [
        Shape("not") { repeated("not ", $0) + "true" },
        Shape("!") { repeated("!", $0) + "true" },
        Shape("parentheses") { repeated("(", $0) + "true" + repeated(")", $0) },
        Shape("and") { "true" + repeated(" and true", $0) },
        Shape("or") { "true" + repeated(" || true", $0) },
        Shape("plus") { "1" + repeated(" + 1", $0) + " > 0" },
        Shape("times") { "1" + repeated(" * 1", $0) + " > 0" },
        Shape("minus sign") { repeated("-", $0) + "1 < 2" },
        Shape("nested filters", evaluates: false) { repeated("xEvent[", $0) + "true" + repeated("]", $0) },
        Shape("chained filters") { "xEvent" + repeated("[true]", $0) + ".count() > 0" },
        Shape("nested calls") { repeated("if(true, ", $0) + "true" + repeated(", false)", $0) },
        Shape("chained calls") { "interests" + repeated(".distinct()", $0) + ".count() > 0" },
        Shape("nested lists") { "interests.intersects(" + repeated("[", $0) + repeated("]", $0) + ")" },
        Shape("quantifiers") { repeated("exists E from ", $0) + "xEvent where true" },
        Shape("chains") { repeated("chain(", $0) + "xEvent" + repeated(", timestamp, [A: WHAT(true)])", $0) },
    ]

    static let tooDeep = "the expression nests more than \(NestingLimit.expression) levels deep here"

    @Test(arguments: shapes)
    func farPastTheLimitIsAnErrorAtItsPlace(_ shape: Shape) {
        // Just past the limit first: should the limit ever be lost, this fails here, without going
        // deep enough to overflow the stack of the whole test run.
        guard case .failure(let justPast) = PQLParser.parse(shape.text(NestingLimit.expression + 8)) else {
            Issue.record("\(shape.name): nesting past the limit was accepted")
            return
        }
        #expect(justPast.message.hasPrefix(Self.tooDeep))
        let hostile = shape.text(100_000)
        guard case .failure(let error) = PQLParser.parse(hostile) else {
            Issue.record("\(shape.name): 100,000 levels were accepted")
            return
        }
        #expect(error.message.hasPrefix(Self.tooDeep), "\(shape.name): \(error.message)")
        #expect(error.offset == justPast.offset, "\(shape.name): the error is where the limit is passed")
        #expect(error.offset > 0 && error.offset < hostile.utf8.count)
    }

    @Test(arguments: shapes)
    func theDeepestAcceptedTreeIsSafeForEveryWalk(_ shape: Shape) throws {
        // Parsing succeeds up to some depth and fails beyond it; that depth is the limit, give or
        // take the levels the shape adds around its repeated part.
        var accepted = 0
        var rejected = 2 * NestingLimit.expression
        while rejected - accepted > 1 {
            let middle = (accepted + rejected) / 2
            if case .success = PQLParser.parse(shape.text(middle)) { accepted = middle } else { rejected = middle }
        }
        #expect((NestingLimit.expression - 3...NestingLimit.expression).contains(accepted), "\(shape.name): \(accepted)")
        let text = shape.text(accepted)
        let node = try PQLParser.parse(text).get()
        #expect(node.height <= NestingLimit.expression)
        let check = PQLChecker.check(node, in: PQLCheckerTests.environment)
        _ = StreamingEligibility.of(node, dependencies: check, modes: [:])
        let program = try PQLProgram(node)
        guard shape.evaluates else { return }
        _ = program.matches(PQLEvaluationTests.ann)
        let lines = try PQLExplainer.explain(node, source: text, context: PQLEvaluationTests.ann)
        #expect(!lines.isEmpty)
    }

    /// The limit counts levels the same way everywhere: 256 is accepted, 257 is not.
    @Test func theLimitIsExact() {
        let limit = NestingLimit.expression
        func parses(_ text: String) -> Bool {
            if case .success = PQLParser.parse(text) { return true }
            return false
        }
        // The top expression is one level; each `not` or parenthesis adds one.
        #expect(parses(Self.repeated("not ", limit - 1) + "true"))
        #expect(!parses(Self.repeated("not ", limit) + "true"))
        #expect(parses(Self.repeated("(", limit - 1) + "true" + Self.repeated(")", limit - 1)))
        #expect(!parses(Self.repeated("(", limit) + "true" + Self.repeated(")", limit)))
        // A chain of n operators is a tree n + 1 nodes deep.
        #expect(parses("true" + Self.repeated(" and true", limit - 1)))
        #expect(!parses("true" + Self.repeated(" and true", limit)))
    }

    @Test func theErrorPointsAtTheOperatorThatGoesTooDeep() {
        let text = "true" + Self.repeated(" or true", 300)
        guard case .failure(let error) = PQLParser.parse(text) else {
            Issue.record("expected an error")
            return
        }
        // The 256th `or` makes the tree 257 deep.
        #expect(error.offset == 4 + 8 * (NestingLimit.expression - 1) + 1)
        let located = error.diagnostic(in: LocatedText(text, at: .start(of: "segments/s.pql")))
        #expect(located.description.hasPrefix("segments/s.pql:1:\(error.offset + 1): error: \(Self.tooDeep)"))
    }

    /// Each `let` name doubling the one before would make a tree of 2^25 nodes to check and evaluate;
    /// the parser stops at its expansion limit instead, quickly and at the name that passes it.
    @Test func nestedLetsCannotBlowTheTreeUp() {
        var text = "let A0 = (1) in "
        for level in 1..<25 { text += "let A\(level) = (A\(level - 1) + A\(level - 1)) in " }
        text += "A24 > 0"
        guard case .failure(let error) = PQLParser.parse(text) else {
            Issue.record("a let bomb parsed")
            return
        }
        #expect(error.message.hasPrefix("the `let` names here stand for more than 10000 parts"))
        // A modest use of the same names parses.
        #expect((try? PQLParser.parse("let A0 = (1) in let A1 = (A0 + A0) in A1 > 0").get()) != nil)
    }
}
