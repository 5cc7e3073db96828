import CohortSampleData
import Testing
@testable import CohortCore

/// For random expressions over random profiles, explain's verdict equals the evaluator's.
@Suite struct PQLExplainPropertyTests {
    struct Generator {
        var random: SplitMix64

        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

        mutating func condition(depth: Int) -> String {
            if depth == 0 || Int.random(in: 0..<3, using: &random) == 0 { return leaf() }
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return "(\(condition(depth: depth - 1)) and \(condition(depth: depth - 1)))"
            case 1: return "(\(condition(depth: depth - 1)) or \(condition(depth: depth - 1)))"
            case 2: return "not (\(condition(depth: depth - 1)))"
            default: return "xEvent[\(eventLeaf())].count() \(pick([">", ">=", "="])) \(Int.random(in: 0...2, using: &random))"
            }
        }

        mutating func leaf() -> String {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return "loyalty.points \(pick(["<", "<=", ">", ">=", "=", "!="])) \(Int.random(in: 0...2000, using: &random))"
            case 1: return "loyalty.tier \(pick(["in", "notIn"])) [\(pick(["\"gold\"", "\"bronze\", \"silver\""]))]"
            case 2: return "person.name.firstName.\(pick(["startsWith", "contains", "endsWith"]))(\"\(pick(["A", "n", "x"]))\", \(pick(["true", "false"])))"
            case 3: return "person.name.firstName.\(pick(["isNull", "isNotNull"]))()"
            case 4: return "interests.intersects([\"\(pick(["golf", "chess"]))\"])"
            default: return "person.birthDate occurs \(pick(["<=", ">"])) \(Int.random(in: 1...60, using: &random)) years before now"
            }
        }

        mutating func eventLeaf() -> String {
            pick([#"eventType = "commerce.purchases""#, "commerce.order.priceTotal > \(Int.random(in: 0...400, using: &random))",
                  "timestamp occurs <= \(Int.random(in: 1...10, using: &random)) days before now"])
        }

        mutating func profile() -> PQLContext {
            var attributes: [String: Value] = ["loyalty": .object(["points": .integer(Int64.random(in: 0...2000, using: &random)),
                                                                   "tier": .string(pick(["gold", "silver", "bronze"]))])]
            if Bool.random(using: &random) { attributes["person"] = .object(["name": .object(["firstName": .string(pick(["Ann", "Nina", "Xavi"]))]),
                                                                             "birthDate": .string(pick(["1960-01-01", "1999-12-31"]))]) }
            if Bool.random(using: &random) { attributes["interests"] = .array([.string(pick(["golf", "chess", "yoga"]))]) }
            let events = (0..<Int.random(in: 0...3, using: &random)).map { index in
                PQLFixture.event(index, #"{"_id": "\#(index)", "timestamp": "2026-11-\#(10 + index * 3)T00:00:00Z", "eventType": "\#(pick(["commerce.purchases", "addToCart"]))", "commerce": {"order": {"priceTotal": \#(Int.random(in: 1...500, using: &random))}}}"#)
            }
            return PQLContext(attributes: attributes, events: events, now: PQLFixture.now)
        }
    }

    @Test func explainAgreesWithTheEvaluator() throws {
        var generator = Generator(random: SplitMix64(seed: 2026))
        for _ in 0..<300 {
            let text = generator.condition(depth: 3)
            let node = try PQLParser.parse(text).get()
            #expect(PQLChecker.check(node, in: PQLCheckerTests.environment).errors == [], "\(text)")
            let program = try PQLProgram(node)
            for _ in 0..<5 {
                let context = generator.profile()
                let verdict = try PQLExplainer.explain(node, source: text, context: context).first?.value
                #expect(verdict == (program.matches(context) ? "true" : "false"), "\(text)")
            }
        }
    }
}
