import Foundation
import Testing

/// `cohort help pql` prints the PQL reference; `cohort help <command>` stays ArgumentParser's.
@Suite struct HelpPQLCommandTests {
    @Test func helpPQLPrintsTheReferenceAndMarkdownIsDocsPQL() throws {
        let text = try CohortProcess.run(["help", "pql"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("PQL reference"))
        #expect(text.stdout.contains("string.startsWith(text: string [, caseSensitive: boolean]) → boolean"))
        let markdown = try CohortProcess.run(["help", "pql", "--markdown"])
        let docsURL = CohortProcess.repositoryRoot.appendingPathComponent("docs/pql.md")
        let docs = try String(contentsOf: docsURL, encoding: .utf8)
        #expect(markdown.stdout == docs, "regenerate: swift run cohort help pql --markdown > docs/pql.md")
    }

    @Test func helpOfACommandIsStillItsHelp() throws {
        let output = try CohortProcess.run(["help", "validate"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("USAGE: cohort validate"))
        #expect(!output.stdout.contains("PQL reference"))
    }
}
