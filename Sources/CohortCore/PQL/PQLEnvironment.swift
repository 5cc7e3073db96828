/// What a segment's paths resolve against: the union of the profile schemas that feed profiles, the
/// union of the event schemas, and the segment ids `inSegment` may name.
public struct PQLEnvironment: Sendable {
    public var profile: SchemaField
    public var event: SchemaField
    public var segments: Set<String>

    public init(profile: SchemaField, event: SchemaField, segments: Set<String>) {
        self.profile = profile
        self.event = event
        self.segments = segments
    }

    /// The environment of a workspace: schemas of profile-enabled datasets, split by class.
    public init(workspace: Workspace) {
        let used = Set(workspace.datasets.filter(\.profile).map(\.schema.value))
        let schemas = workspace.schemas.filter { used.isEmpty || used.contains($0.id.value) }
        profile = schemas.filter { $0.schemaClass == .profile }.map(\.root).reduce(.object(), Self.union)
        event = schemas.filter { $0.schemaClass == .experienceEvent }.map(\.root).reduce(.object(), Self.union)
        segments = Set(workspace.segments.map(\.id.value))
    }

    /// Both objects' fields; where both have a field, the first's shape with the second's children added.
    static func union(_ first: SchemaField, _ second: SchemaField) -> SchemaField {
        guard first.type == second.type else { return first }
        var merged = first
        for (name, field) in second.properties {
            merged.properties[name] = merged.properties[name].map { union($0, field) } ?? field
        }
        if let element = second.element {
            merged.element = merged.element.map { union($0, element) } ?? element
        }
        return merged
    }
}
