import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort compile --target spark`: writes what a Spark build would run, to read or to submit by hand.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Write the Spark application a Spark build would run (plan.json and cohort_spark_job.py).",
        discussion: """
            plan.json holds the data files to read (archive/ in ledger order, then inbox/), each dataset's format, \
            CSV options and schema as Spark types, the identity namespaces and their rules, the merge policies in \
            use, the segments in dependency order with their Spark SQL conditions and the destinations. cohort_spark_job.py is the same for every \
            workspace and reads only the plan: spark-submit cohort_spark_job.py plan.json OUTPUT_DIR. \
            Nothing in the workspace is changed.
            """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case spark
    }

    @OptionGroup var workspace: WorkspaceOption

    @Option(help: "What to compile for (spark).")
    var target: Target

    @Option(help: ArgumentHelp("The folder to write plan.json and the program to (created if missing).",
                               valueName: "dir"))
    var out: String

    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let builder = try loadBuilder(workspace)
        let folder = URL(fileURLWithPath: out).standardizedFileURL
        try reportingBuildErrors {
            try SparkCompilation(root: workspace.url, workspace: builder.workspace, now: asOf.millisecondsOrNow)
                .write(to: folder)
        }
        print("wrote \(folder.appendingPathComponent(SparkCompilation.planName).path) and "
              + "\(folder.appendingPathComponent(SparkCompilation.programName).path)")
    }
}
