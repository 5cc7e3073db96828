import ArgumentParser
import CohortCore
import Foundation

/// `cohort convert EXPRESSION`: PQL text to AEP's pql/json tree, or a tree back to text.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a PQL expression between pql/text and pql/json, as AEP's PQL conversion API does.",
        discussion: """
            An argument that starts with `{` is a pql/json tree and prints as text; anything else is \\
            text and prints as the tree. The tree form holds comparisons, and / or / not, in, notIn and \\
            like over fields and literals; other expressions stay pql/text (exit 1 says where).
            """
    )

    @Argument(help: ArgumentHelp("The expression: PQL text, or a pql/json tree.", valueName: "expression"))
    var expression: String

    func run() throws {
        let location = SourceLocation(file: "(expression)", line: 1, column: 1)
        if expression.drop(while: \.isWhitespace).first == "{" {
            switch JSONParser.parse(Array(expression.utf8), file: location.file).mapError({ $0 }).flatMap(PQLJSON.text(from:)) {
            case .success(let text): print(text.text)
            case .failure(let diagnostic):
                printError(diagnostic.description)
                throw ExitCode(1)
            }
            return
        }
        let source = LocatedText(expression, at: location)
        switch PQLParser.parse(expression).flatMap(PQLJSON.tree(from:)) {
        case .success(let tree): print(JSONWriter.pretty(tree), terminator: "")
        case .failure(let error):
            printError(error.diagnostic(in: source).description)
            throw ExitCode(1)
        }
    }
}
