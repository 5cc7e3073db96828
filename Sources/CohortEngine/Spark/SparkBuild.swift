import CohortCore
import Foundation

/// `cohort build --engine spark`, this far: the workspace compiled into `.cohort/spark/`, the job run
/// with `spark-submit`, and each merge policy's profile frame written to `.cohort/spark/frames/<policy>/`
/// as JSON lines sorted by profile key. It stops there: exports/, the ledger, the archive and the inbox
/// are left as they are.
public struct SparkBuild {
    /// The job's folder, under the workspace's derived state.
    public static let folder = ".cohort/spark"

    public let root: URL
    public let workspace: Workspace
    public var submit: SparkSubmit

    public init(root: URL, workspace: Workspace, submit: SparkSubmit) {
        self.root = root
        self.workspace = workspace
        self.submit = submit
    }

    /// Compiles and runs the job at `now`; returns the folder of the profile frames, one per merge policy in use,
    /// and what became of each data file (bad records in `rejected/`, failed inbox files set aside there).
    public func run(now: Int64) throws -> (frames: URL, ingest: SparkRejections.Outcome) {
        let folder = root.appendingPathComponent(Self.folder)
        let compilation = try SparkCompilation(root: root, workspace: workspace, now: now)
        try compilation.write(to: folder)
        let output = folder.appendingPathComponent("output")
        try? FileManager.default.removeItem(at: output)
        try submit.run(program: folder.appendingPathComponent(SparkCompilation.programName),
                       arguments: [folder.appendingPathComponent(SparkCompilation.planName).path, output.path],
                       log: folder.appendingPathComponent("spark.log"))
        let ingest = try SparkRejections(root: root, workspace: workspace, plan: compilation.plan).apply(output: output)
        return (output.appendingPathComponent("frames"), ingest)
    }
}
