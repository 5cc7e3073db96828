import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort report`: one static HTML page of the workspace's audiences, destinations, identity graph,
/// ingest and build history.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page: audiences and their trend, overlaps, destinations, identity graph, "
            + "ingest and builds.",
        discussion: "Reads the last build (the store in .cohort/, exports/*/manifest.json, history/builds.ndjson, "
            + "archive/ledger.ndjson, rejected/); it builds nothing. The page loads nothing from the network and reads "
            + "without JavaScript; open it in a browser, attach it to a CI run, or print it."
    )

    @OptionGroup var workspace: WorkspaceOption

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the page ('-': standard output; default: report.html "
                                                    + "in the workspace).", valueName: "file"))
    var out: String?

    func run() throws {
        let builder = try loadBuilder(workspace)
        let data = try reportingBuildErrors { try ReportGathering(builder: builder).gather() }
        for problem in data.historyProblems { printError("warning: \(problem)") }
        let page = ReportPage.html(data)
        if out == "-" {
            FileHandle.standardOutput.write(Data(page.utf8))
            return
        }
        let url = out.map { URL(fileURLWithPath: $0) } ?? workspace.url.appendingPathComponent("report.html")
        try writeOutput(page, to: url)
        print("wrote \(url.standardizedFileURL.path): \(data.segments.count) segments, "
              + "\(data.destinations.count) destinations, \(data.history.count) \(data.history.count == 1 ? "build" : "builds") recorded")
    }
}
