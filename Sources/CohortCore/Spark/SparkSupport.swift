/// What of a workspace the Spark engine cannot run as the native engine does: PQL constructs of segments
/// (`SparkSegments`), schema patterns (`SparkPattern`) and export row rules (`SparkExportRows`), each an error
/// at its place, sorted.
/// `validate --engine spark` reports them, and a Spark build refuses to start while there are any.
public enum SparkSupport {
    public static func unsupported(in workspace: Workspace) -> [Diagnostic] {
        // What Spark cannot run does not depend on when it runs: any time will do.
        (SparkSegments(workspace: workspace, now: 0).unsupported + SparkPattern.diagnostics(in: workspace)
         + SparkExportRows(workspace: workspace).unsupported).sorted()
    }
}
