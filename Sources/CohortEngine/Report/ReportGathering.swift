import CohortCore
import Foundation

/// Gathers what `cohort report` shows from a built workspace: its definitions, `history/`, the
/// store in `.cohort/` (read as one snapshot), each destination's manifest, the ledger and the
/// rejected records. It writes nothing.
public struct ReportGathering {
    /// The rejected records read per file to group reasons: enough to rank them, bounded for files
    /// of millions of bad records.
    public static let rejectionsReadPerFile = 10_000
    /// Places listed per reason.
    static let placesPerReason = 3
    /// How many times the store's counts are read while a writer keeps changing them.
    static let readsOfOneStep = 3
    /// Shared identities listed.
    static let sharedListed = 10

    let builder: Builder

    public init(builder: Builder) {
        self.builder = builder
    }

    public func gather() throws -> ReportData {
        let root = builder.root
        let workspace = builder.workspace
        let name = workspace.settings.name.isEmpty ? root.lastPathComponent : workspace.settings.name
        var data = ReportData(workspaceName: name)
        let history = try BuildHistory(root: root).read()
        data.history = history.records
        data.historyProblems = history.diagnostics.map(\.description)
        let store = try RecordStore(readingFrom: root.appendingPathComponent(".cohort"))
        // Read again when a writer (a watch) finished a step in between, so that the counts are of one step.
        var memberCounts: [String: Int] = [:]
        for _ in 0..<Self.readsOfOneStep {
            let step = try store.evaluationStep()
            memberCounts = try store.memberCounts()
            data.overlaps = try store.segmentOverlaps()
            data.profiles = try store.profileCount(policy: workspace.profileMergePolicy.id.value)
            data.graph = try store.graphStats()
            data.sharedIdentities = try store.mostSharedIdentities(limit: Self.sharedListed)
            if try store.evaluationStep() == step { break }
        }
        let compiled = SegmentSet(workspace: workspace).segments
        data.segments = workspace.segments.sorted { $0.id.value < $1.id.value }.compactMap { segment in
            guard let compiled = compiled.first(where: { $0.id == segment.id.value }) else { return nil }
            let policy = workspace.mergePolicy(of: segment).id.value
            return ReportData.SegmentSummary(
                id: segment.id.value, name: segment.name, description: segment.description, members: memberCounts[segment.id.value] ?? 0,
                eligibility: compiled.eligibility, uses: compiled.dependencies.segments.keys.sorted(),
                mergePolicy: policy == workspace.profileMergePolicy.id.value ? "" : policy)
        }
        var blocked: [String: [String: [String]]] = [:]
        for violation in builder.violations { blocked[violation.destination, default: [:]][violation.policy] = violation.uses }
        data.destinations = workspace.destinations.sorted { $0.id.value < $1.id.value }.map { destination in
            ReportData.DestinationSummary(
                id: destination.id.value, name: destination.name, kind: "\(destination.type.rawValue) · \(destination.format.rawValue)",
                manifest: ExportFolder(root: root, destination: destination.id.value).manifest(),
                blockedBy: blocked[destination.id.value] ?? [:])
        }
        data.files = try LedgerFile(root: root).read().entries
        data.rejections = rejectionGroups(datasets: workspace.datasets.map(\.id.value).sorted())
        return data
    }

    /// The reasons of the rejected records in `rejected/<dataset>/*.ndjson`, most common first.
    private func rejectionGroups(datasets: [String]) -> [ReportData.RejectionGroup] {
        var groups: [String: ReportData.RejectionGroup] = [:]
        for dataset in datasets {
            let folder = "rejected/\(dataset)"
            let url = builder.root.appendingPathComponent(folder)
            guard WorkspaceFolder.isReal(folder, in: builder.root), let (names, _) = WorkspaceFolder.entries(url) else { continue }
            for name in names.sorted() where name.hasSuffix(".ndjson") && WorkspaceFolder.kind(url.appendingPathComponent(name)) == .file {
                let path = "\(folder)/\(name)"
                guard let bytes = try? Data(contentsOf: url.appendingPathComponent(name)) else { continue }
                for line in bytes.split(separator: UInt8(ascii: "\n")).prefix(Self.rejectionsReadPerFile) {
                    guard case .success(let node) = JSONParser.parse(Array(line), file: path), case .object(let fields) = Value(node),
                          case .array(let errors)? = fields["errors"] else { continue }
                    let at = fields["line"]?.wholeNumber ?? 0
                    for case .string(let error) in errors {
                        let reason = RejectionReason.masked(error)
                        var group = groups[reason] ?? ReportData.RejectionGroup(reason: reason, count: 0, places: [])
                        group.count += 1
                        if group.places.count < Self.placesPerReason { group.places.append((path, at)) }
                        groups[reason] = group
                    }
                }
            }
        }
        return groups.values.sorted { ($1.count, $0.reason) < ($0.count, $1.reason) }
    }
}

extension ExportFolder {
    /// The manifest the last export wrote, if it can be read.
    func manifest() -> ExportManifest? {
        guard WorkspaceFolder.isReal(path, in: root),
              let bytes = try? Data(contentsOf: url.appendingPathComponent(ExportManifest.fileName)) else { return nil }
        return ExportManifest.decode(Array(bytes))
    }
}
