import Foundation
import Testing

/// Definitions and data nested far too deep are errors at their place: `validate` and `build` report
/// them and exit 1 instead of overflowing the stack (run as a child process, a crash fails only this).
@Suite struct DeepNestingTests {
    static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

    @Test func deepDefinitionsAreLocatedErrors() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("deep")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let chainedReferences = (0..<20_000).map { index in
            ##""d\##(index)": {"type": "object", "properties": {"x": {"$ref": "#/definitions/d\##(index + 1)"}}}"##
        }
        let files = [
            "segments/ands.pql": "true" + Self.repeated(" and true", 6_000),
            "segments/nots.pql": Self.repeated("not ", 8_000) + "true",
            "segments/parentheses.pql": Self.repeated("(", 10_000) + "true" + Self.repeated(")", 10_000),
            "segments/filters.pql": Self.repeated("xEvent[", 20_000) + "true" + Self.repeated("]", 20_000),
            "segments/nested.json": #"{"id": "nested", "expression": "# + Self.repeated("[", 100_000),
            "schemas/path.xml": #"<schema id="path" class="profile"><field path="a"# + Self.repeated(".a", 100_000)
                + #"" type="string"/></schema>"#,
            "schemas/references.json": ##"{"id": "references", "meta:class": "profile", "##
                + ##""properties": {"root": {"$ref": "#/definitions/d0"}}, "##
                + #""definitions": {\#(chainedReferences.joined(separator: ", ")), "d20000": {"type": "string"}}}"#,
            "destinations/elements.xml": Self.repeated("<destination>", 50_000),
        ]
        for (path, text) in files {
            try text.write(to: workspace.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        let validate = try CohortProcess.run(["validate", "-C", workspace.path])
        #expect(validate.status == 1)
        let tooDeep = "error: the expression nests more than 256 levels deep here"
        for expected in [
            "segments/ands.pql:1:2301: \(tooDeep)",          // the 256th `and` makes the tree 257 deep
            "segments/nots.pql:1:1025: \(tooDeep)",          // the 257th `not`
            "segments/parentheses.pql:1:257: \(tooDeep)",    // the 257th level
            "segments/filters.pql:1:1793: \(tooDeep)",      // the 257th `xEvent[`
            "segments/nested.json:1:287: error: values are nested more than 256 levels deep",
            "schemas/path.xml:1:47: error: the path has 100001 levels; a field is at most 256 levels deep",
            "destinations/elements.xml:1:3329: error: elements are nested more than 256 levels deep",
        ] {
            #expect(validate.stderr.contains(expected), "\(expected)")
        }
        #expect(validate.stderr.contains("schemas/references.json:1:")
            && validate.stderr.contains("is nested more than 256 levels deep (counting the levels its `$ref`s add)"))
        let build = try CohortProcess.run(["build", "-C", workspace.path])
        #expect(build.status == 1)
        #expect(build.stderr.contains("segments/nots.pql:1:1025: \(tooDeep)"))
    }
}
