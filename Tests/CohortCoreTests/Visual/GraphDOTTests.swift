import Testing
@testable import CohortCore

/// `cohort graph --format dot` is DOT that Graphviz reads: checked here by a small reader of its structure.
@Suite struct GraphDOTTests {
    /// DOT's tokens: quoted strings (with their escapes), punctuation, and bare words.
    static func tokens(_ dot: String) throws -> [String] {
        var tokens: [String] = []
        var characters = Array(dot)[...]
        while let first = characters.first {
            if first.isWhitespace {
                characters = characters.dropFirst()
            } else if first == "\"" {
                var token = "\""
                characters = characters.dropFirst()
                var closed = false
                while let next = characters.popFirst() {
                    if next == "\\" {
                        token.append(next)
                        let escaped = characters.popFirst()
                        token.append(try #require(escaped, "a quoted string ends in a backslash"))
                    } else {
                        token.append(next)
                        if next == "\"" {
                            closed = true
                            break
                        }
                        #expect(next != "\n", "a quoted string spans lines")
                    }
                }
                #expect(closed, "an unterminated string")
                tokens.append(token)
            } else if "{}[];,=".contains(first) {
                tokens.append(String(first))
                characters = characters.dropFirst()
            } else if first == "-", characters.dropFirst().first == "-" {
                tokens.append("--")
                characters = characters.dropFirst(2)
            } else {
                let word = characters.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
                try #require(!word.isEmpty, "unexpected \(first)")
                tokens.append(String(word))
                characters = characters.dropFirst(word.count)
            }
        }
        return tokens
    }

    @Test(arguments: [false, true])
    func everyEdgeJoinsDeclaredNodesInBalancedBraces(evicting: Bool) throws {
        let odd = Identity(namespace: "GAID", id: #"we"ird\n{}"#)
        var records = IdentityGraphDrawingTests.sharedTablet
        records.append(IdentityGraphDrawingTests.record([IdentityGraphDrawingTests.bob, odd], at: 1_794_301_300_000,
                                                        line: 3))
        records.append(IdentityGraphDrawingTests.record([odd, Identity(namespace: "Email", id: "w@x.com")],
                                                        at: 1_794_301_400_000, line: 4))
        let drawing = try #require(IdentityGraphDrawingTests.drawing(records, of: IdentityGraphDrawingTests.bob,
                                                                      limit: evicting ? 3 : 50))
        let tokens = try Self.tokens(GraphDOT.render(drawing))
        #expect(tokens.prefix(3) == ["graph", #""identities of crm:bob""#, "{"])
        #expect(tokens.last == "}")
        var depth = 0
        var bracket = 0
        for token in tokens {
            switch token {
            case "{": depth += 1
            case "}": depth -= 1
            case "[": bracket += 1
            case "]": bracket -= 1
            default: break
            }
            #expect(depth >= 0 && bracket >= 0 && bracket <= 1)
        }
        #expect(depth == 0 && bracket == 0)
        // Statements: a node is a quoted id followed by `[`; an edge is `id -- id [`.
        let statements = tokens.dropFirst(3).dropLast().split(separator: ";").map(Array.init)
        var declared = Set<String>()
        var edges: [(String, String)] = []
        for statement in statements {
            if statement.count > 3, statement[1] == "--" {
                edges.append((statement[0], statement[2]))
                #expect(statement[3] == "[" && statement.last == "]")
            } else if statement.first?.hasPrefix("\"") == true {
                declared.insert(statement[0])
            } else {
                #expect(["graph", "node", "edge"].contains(statement.first ?? ""), "\(statement)")
            }
        }
        #expect(declared.count == drawing.nodes.count)
        #expect(edges.count == drawing.edges.count)
        for (from, to) in edges { #expect(declared.contains(from) && declared.contains(to), "\(from) -- \(to)") }
        let dashed = statements.filter { $0.count > 3 && $0[1] == "--" && $0.contains("dashed") }
        #expect(dashed.count == drawing.edges.filter(\.isDropped).count)
        #expect(dashed.count == (evicting ? 2 : 1))
    }
}
