import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort build --engine spark [--master URL] [--conf KEY=VALUE …]`.
struct SparkEngineOptions: ParsableArguments {
    enum Engine: String, ExpressibleByArgument, CaseIterable {
        case native, spark
    }

    @Option(help: "native (cohort's own engine) or spark (spark-submit; stops after the profile frames for now).")
    var engine: Engine = .native

    @Option(help: ArgumentHelp("With --engine spark: the Spark master (local[*], spark://host:port, yarn, k8s://…).",
                               valueName: "url"))
    var master = "local[*]"

    @Option(help: ArgumentHelp("With --engine spark: a Spark setting, passed to spark-submit as --conf (repeatable).",
                               valueName: "key=value"))
    var conf: [String] = []

    func validate() throws {
        if engine == .native && (master != "local[*]" || !conf.isEmpty) {
            throw ValidationError("--master and --conf are for --engine spark; add --engine spark or leave them out")
        }
        if let bad = conf.first(where: { !$0.contains("=") || $0.hasPrefix("=") }) {
            throw ValidationError("--conf \"\(bad)\" is not KEY=VALUE (e.g. spark.executor.memory=4g)")
        }
    }

    /// Runs the Spark build and says where the profile frames are and that it stopped there.
    func build(_ workspace: WorkspaceOption, now: Int64) throws {
        let builder = try loadBuilder(workspace)
        do {
            var submit = try SparkSubmit.find()
            submit.master = master
            submit.settings = conf
            let (frames, ingest) = try reportingBuildErrors {
                try SparkBuild(root: workspace.url, workspace: builder.workspace, submit: submit).run(now: now)
            }
            for line in ingest.report.failedFiles { printError("error: \(line)") }
            for note in ingest.report.rejectionNotes { note.event.lines.forEach(printError) }
            print("wrote the profile frames to \(frames.path)")
            print("stopped after the profile frames: the Spark engine does not yet evaluate segments or write "
                  + "exports/; inbox/ and exports/ are unchanged")
        } catch let failure as SparkSubmit.Failure {
            printError("error: \(failure)")
            throw ExitCode(1)
        }
    }
}
