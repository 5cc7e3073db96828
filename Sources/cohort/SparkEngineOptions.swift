import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// Where a workspace's segments are evaluated: cohort's own engine, or Apache Spark (`validate --engine`,
/// `build --engine`).
enum Engine: String, ExpressibleByArgument, CaseIterable {
    case native, spark
}

/// `cohort build --engine spark [--master URL] [--conf KEY=VALUE …]`.
struct SparkEngineOptions: ParsableArguments {
    @Option(help: "native (cohort's own engine) or spark (the same build as a Spark application, with spark-submit).")
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

    /// Runs the build on Spark: what it did, and the destinations a data-usage policy blocks.
    func build(_ workspace: WorkspaceOption, rebuild: Bool, strict: Bool,
               asOf: Int64?) throws -> (report: Builder.Report, violations: [Governance.Violation]) {
        let builder = try Builder(root: workspace.url, strict: strict)
        do {
            var submit = try SparkSubmit.find()
            submit.master = master
            submit.settings = conf
            return (try SparkBuild(builder: builder, submit: submit).run(rebuild: rebuild, asOf: asOf), builder.violations)
        } catch let failure as SparkSubmit.Failure {
            printError("error: \(failure)")
            throw ExitCode(1)
        }
    }
}
