/// Deterministic sample data for workspaces.
public enum SampleData {}
