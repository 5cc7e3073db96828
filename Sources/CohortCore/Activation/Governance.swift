/// Data-usage enforcement (SPEC §2.8): a destination is blocked when a policy for its marketing
/// action denies the labels on what it exports — the fields it maps, its export identity's fields,
/// the fields its segments read (through `inSegment` too) — or C10, which identity stitching adds.
public enum Governance {
    /// One blocked destination, with a diagnostic per label that blocks it, at the place that uses it.
    public struct Violation: Equatable, Sendable {
        public var destination: String
        public var policy: String
        public var diagnostics: [Diagnostic]
        /// What the destination uses that the policy denies, one per use: "label I1 on field
        /// personalEmail.address (schema luma-crm), which this mapping exports".
        public var uses: [String]
    }

    /// A label present on something a destination exports, and where the destination uses it.
    struct LabelUse {
        var label: String
        var location: SourceLocation
        /// "label I1 on field personalEmail.address (schema luma-crm), which this mapping exports"
        var explanation: String
    }

    /// Every blocked destination of the workspace, sorted by destination and policy.
    public static func violations(in workspace: Workspace) -> [Violation] {
        let labels = FieldLabelIndex(workspace: workspace)
        let segments = SegmentSet(workspace: workspace)
        var violations: [Violation] = []
        for destination in workspace.destinations {
            guard let action = destination.marketingAction else { continue }
            let policies = workspace.policies.filter {
                $0.status == .enabled && $0.marketingActions.contains { $0.value == action.value }
            }
            guard !policies.isEmpty else { continue }
            let uses = labelUses(of: destination, workspace: workspace, labels: labels, segments: segments)
            let present = Set(uses.map(\.label))
            for policy in policies where policy.deny.isSatisfied(by: present) {
                let blocking = contributing(policy.deny, present: present)
                let denied = uses.filter { blocking.contains($0.label) }
                let diagnostics = denied.map {
                    Diagnostic.error(at: $0.location, "destination \"\(destination.id.value)\" is blocked by policy \"\(policy.id.value)\" (\(policy.id.location.file)), which denies marketing action \"\(action.value)\" for \($0.explanation); remove that use, relabel the field, or choose another marketing action", code: .policyViolation)
                }
                violations.append(Violation(destination: destination.id.value, policy: policy.id.value, diagnostics: diagnostics.sorted(),
                                            uses: Array(Set(denied.map(\.explanation))).sorted()))
            }
        }
        return violations
    }

    /// The labels that make a satisfied condition true: every present operand of an OR, all of an AND.
    static func contributing(_ condition: Policy.Condition, present: Set<String>) -> Set<String> {
        switch condition {
        case .label(let label): return present.contains(label.value) ? [label.value] : []
        case .any(let operands):
            return operands.filter { $0.isSatisfied(by: present) }.reduce(into: Set<String>()) { $0.formUnion(contributing($1, present: present)) }
        case .all(let operands):
            guard condition.isSatisfied(by: present) else { return [] }
            return operands.reduce(into: Set<String>()) { $0.formUnion(contributing($1, present: present)) }
        }
    }

    private static func labelUses(of destination: Destination, workspace: Workspace, labels: FieldLabelIndex, segments: SegmentSet) -> [LabelUse] {
        var uses: [LabelUse] = []
        for mapping in destination.mappings where mapping.source.value != ExportLayout.statusSource {
            for found in labels.profile(mapping.source.value) {
                uses.append(LabelUse(label: found.label, location: mapping.source.location,
                                     explanation: "label \(found.label) on \(found.field), which this mapping exports"))
            }
        }
        if let identity = destination.identity {
            for found in labels.identity(identity.namespace.value) {
                uses.append(LabelUse(label: found.label, location: identity.namespace.location,
                                     explanation: "label \(found.label) on \(found.field), which holds the exported \(identity.namespace.value) identity"))
            }
        } else if destination.type == .stream {
            for found in labels.identity(nil) {
                uses.append(LabelUse(label: found.label, location: destination.id.location,
                                     explanation: "label \(found.label) on \(found.field), whose identities this "
                                        + "stream's identityMap exports (it names no `identity`)"))
            }
        }
        let compiled = Dictionary(uniqueKeysWithValues: segments.segments.map { ($0.id, $0) })
        for reference in destination.segments {
            var read = Set<String>()
            var pending = [reference.value]
            while let id = pending.popLast() {
                guard read.insert(id).inserted, let segment = compiled[id] else { continue }
                pending += segment.dependencies.segments.keys
            }
            for id in read.sorted() {
                guard let segment = compiled[id], let definition = workspace.segment(id) else { continue }
                let via = id == reference.value ? "" : " (through inSegment)"
                let place = "segment \"\(id)\" (\(definition.expression.location))\(via)"
                for path in segment.dependencies.profilePaths.sorted() {
                    for found in labels.profile(path) {
                        uses.append(LabelUse(label: found.label, location: reference.location, explanation: "label \(found.label) on \(found.field), which \(place) reads"))
                    }
                }
                for path in segment.dependencies.eventPaths.sorted() {
                    for found in labels.event(path) {
                        uses.append(LabelUse(label: found.label, location: reference.location, explanation: "label \(found.label) on event \(found.field), which \(place) reads"))
                    }
                }
                let policy = definition.mergePolicy.flatMap { workspace.mergePolicy($0.value) } ?? workspace.defaultMergePolicy
                if let policy, policy.identityGraph == .pdg {
                    uses.append(LabelUse(label: "C10", location: reference.location,
                                         explanation: "label C10, which identity stitching adds to \(place) (merge policy \"\(policy.id.value)\" uses identityGraph pdg)"))
                }
            }
        }
        return uses
    }
}

/// Where labels sit: on schema fields (and everything under them) and on whole datasets.
struct FieldLabelIndex {
    struct Found: Hashable {
        var label: String
        /// "field personalEmail.address (schema luma-crm)" or "… (dataset crm)"
        var field: String
    }

    private let profileSources: [(schema: Schema, dataset: Dataset)]
    private let eventSources: [(schema: Schema, dataset: Dataset)]
    /// Every dataset: any of them can add identities to the graph.
    private let allSources: [(schema: Schema, dataset: Dataset)]

    init(workspace: Workspace) {
        var profile: [(Schema, Dataset)] = []
        var event: [(Schema, Dataset)] = []
        var all: [(Schema, Dataset)] = []
        for dataset in workspace.datasets {
            guard let schema = workspace.schema(dataset.schema.value) else { continue }
            all.append((schema, dataset))
            if schema.schemaClass == .experienceEvent {
                event.append((schema, dataset))
            } else if dataset.profile {
                profile.append((schema, dataset))
            }
        }
        profileSources = profile
        eventSources = event
        allSources = all
    }

    func profile(_ path: String) -> [Found] { labels(on: path, in: profileSources) }
    func event(_ path: String) -> [Found] { labels(on: path, in: eventSources) }

    /// The labels an identity of `namespace` (nil: of any namespace) carries from wherever it can come
    /// from: the labels of each identity field of that namespace and of its dataset, and, because every
    /// record of every dataset (profile or event) may carry it in `identityMap`, every dataset's labels.
    func identity(_ namespace: String?) -> [Found] {
        var found = Set<Found>()
        let mapPath = "identityMap" + (namespace.map { ".\($0)" } ?? "")
        for source in allSources {
            let fields = source.schema.identities.filter { namespace == nil || $0.namespace.value == namespace }
            for field in fields {
                found.formUnion(labels(on: field.path.value, in: [source]))
            }
            for label in source.dataset.labels where fields.isEmpty {
                found.insert(Found(label: label.value, field: "\(mapPath) (dataset \(source.dataset.id.value))"))
            }
        }
        return found.sorted { ($0.label, $0.field) < ($1.label, $1.field) }
    }

    /// A label on `path`, on an object that holds it, or on a field inside it (exporting an object
    /// exports its fields); dataset labels on every field of the dataset's schema.
    private func labels(on path: String, in sources: [(schema: Schema, dataset: Dataset)]) -> [Found] {
        var found = Set<Found>()
        for (schema, dataset) in sources {
            for entry in schema.labels where Self.overlaps(entry.path.value, path) {
                for label in entry.labels {
                    found.insert(Found(label: label.value, field: "field \(entry.path.value) (schema \(schema.id.value))"))
                }
            }
            if schema.field(at: path) != nil {
                for label in dataset.labels {
                    found.insert(Found(label: label.value, field: "field \(path) (dataset \(dataset.id.value))"))
                }
            }
        }
        return found.sorted { ($0.label, $0.field) < ($1.label, $1.field) }
    }

    private static func overlaps(_ labelled: String, _ path: String) -> Bool {
        labelled == path || path.hasPrefix(labelled + ".") || labelled.hasPrefix(path + ".")
    }
}
