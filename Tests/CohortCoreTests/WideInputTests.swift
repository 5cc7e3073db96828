import Testing
@testable import CohortCore

/// Wide input costs time in proportion to its size: names written twice are found by hashing, not by
/// comparing each name with every earlier one (80,000 keys took 17 s in a release build that way),
/// and long PQL paths are built and reported in one pass.
/// The time limit is far above what the linear readers need even on a busy machine (seconds in a debug
/// build), and far below what the quadratic ones took (several minutes each).
@Suite(.timeLimit(.minutes(3))) struct WideInputTests {
    static let width = 100_000

    @Test func aWideJSONObjectIsReadAndItsRepeatedKeyFound() throws {
        let members = (0..<Self.width).map { #""k\#($0)": \#($0)"# }.joined(separator: ", ")
        let node = try JSONParser.parse("{\(members)}", file: "wide.json").get()
        #expect(node.members?.count == Self.width)
        #expect(node.members?.last?.key == "k\(Self.width - 1)")
        let repeated = "{\(members), \"k7\": 0}"
        guard case .failure(let error) = JSONParser.parse(repeated, file: "wide.json") else {
            Issue.record("a key written twice was accepted")
            return
        }
        #expect(error.message == "duplicate key \"k7\" in this object")
        #expect(error.location.column == repeated.count - 7)
    }

    /// `a.a.a…`: one path, gathered without copying it once per name; the unknown field is reported
    /// without measuring its distance from every known path letter by letter.
    @Test func aLongPQLPathIsOnePathAndItsErrorComesQuickly() throws {
        let length = 3 * Self.width
        let text = "a" + String(repeating: ".a", count: length) + " = 1"
        let node = try PQLParser.parse(text).get()
        guard case .binary(.equal, let left, _) = node.kind, case .path(let components) = left.kind else {
            Issue.record("expected a comparison of a path")
            return
        }
        #expect(components.count == length + 1)
        let errors = PQLChecker.check(node, in: PQLCheckerTests.environment).errors
        #expect(errors.map(\.offset) == [0])
        #expect(errors.first?.message.hasPrefix("unknown field `a.a.a.a") == true)
        #expect(errors.first?.message.hasSuffix("` in profiles") == true)
    }

    @Test func aWideXMLElementIsReadAndItsRepeatedAttributeFound() throws {
        let attributes = (0..<Self.width).map { #"a\#($0)="\#($0)""# }.joined(separator: " ")
        let root = try XMLReader.parse("<r \(attributes)/>", file: "wide.xml").get()
        #expect(root.attributes.count == Self.width)
        let repeated = "<r \(attributes) a7=\"0\"/>"
        guard case .failure(let error) = XMLReader.parse(repeated, file: "wide.xml") else {
            Issue.record("an attribute written twice was accepted")
            return
        }
        #expect(error.message == "the attribute a7 appears twice in <r>")
        #expect(error.location.column == repeated.count - 7)
    }
}
