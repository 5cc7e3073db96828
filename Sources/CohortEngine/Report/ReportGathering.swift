import CohortCore
import Foundation

/// Gathers what `cohort report` shows from a built workspace: its definitions, `history/`, the
/// store in `.cohort/` (read-only, its counts all of one step), each destination's manifest, the
/// ledger and the rejected records. It writes nothing.
public struct ReportGathering {
    /// The rejected records read per file to group reasons: enough to rank them, bounded for files
    /// of millions of bad records.
    public static let rejectionsReadPerFile = 10_000
    /// The bytes read at most of each rejected file (its first records, with their reasons).
    static let bytesReadPerFile = 32 << 20
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
        let settings = builder.workspace.settings
        var data = ReportData(workspaceName: settings.name.isEmpty ? root.lastPathComponent : settings.name)
        let history = try BuildHistory(root: root).read()
        data.history = history.records
        data.historyProblems = history.diagnostics.map(\.description)
        let memberCounts = try readStore(into: &data)
        data.segments = segments(memberCounts: memberCounts)
        data.destinations = destinations()
        data.files = try LedgerFile(root: root).read().entries
        (data.rejections, data.rejectionsReadPerFile) = rejectionGroups(datasets: builder.workspace.datasets.map(\.id.value).sorted())
        return data
    }

    /// Reads the store's counts into `data` and returns the members per segment, all of one step:
    /// they are read again when a writer (a watch) finished a step in between.
    private func readStore(into data: inout ReportData) throws -> [String: Int] {
        let store = try RecordStore(readingFrom: builder.root.appendingPathComponent(".cohort"))
        var memberCounts: [String: Int] = [:]
        for _ in 0..<Self.readsOfOneStep {
            let step = try store.evaluationStep()
            memberCounts = try store.memberCounts()
            data.overlaps = try store.segmentOverlaps()
            data.profiles = try store.profileCount(policy: builder.workspace.profileMergePolicy.id.value)
            data.graph = try store.graphStats()
            data.sharedIdentities = try store.mostSharedIdentities(limit: Self.sharedListed)
            if try store.evaluationStep() == step { break }
        }
        return memberCounts
    }

    /// Every segment, by id, with its members, how it is evaluated and what it uses.
    private func segments(memberCounts: [String: Int]) -> [ReportData.SegmentSummary] {
        let workspace = builder.workspace
        let compiled = Dictionary(SegmentSet(workspace: workspace).segments.map { ($0.id, $0) }) { first, _ in first }
        return workspace.segments.sorted { $0.id.value < $1.id.value }.compactMap { segment in
            guard let compiled = compiled[segment.id.value] else { return nil }
            let policy = workspace.mergePolicy(of: segment).id.value
            return ReportData.SegmentSummary(
                id: segment.id.value, name: segment.name, description: segment.description, members: memberCounts[segment.id.value] ?? 0,
                eligibility: compiled.eligibility, uses: compiled.dependencies.segments.keys.sorted(),
                mergePolicy: policy == workspace.profileMergePolicy.id.value ? "" : policy)
        }
    }

    /// Every destination, by id, with its manifest and the policies that block it.
    private func destinations() -> [ReportData.DestinationSummary] {
        var blocked: [String: [String: [String]]] = [:]
        for violation in builder.violations { blocked[violation.destination, default: [:]][violation.policy] = violation.uses }
        return builder.workspace.destinations.sorted { $0.id.value < $1.id.value }.map { destination in
            ReportData.DestinationSummary(
                id: destination.id.value, name: destination.name, kind: "\(destination.type.rawValue) · \(destination.format.rawValue)",
                manifest: ExportFolder(root: builder.root, destination: destination.id.value).manifest(),
                blockedBy: blocked[destination.id.value] ?? [:])
        }
    }

    /// The reasons of the rejected records in `rejected/<dataset>/*.ndjson`, most common first, and
    /// `rejectionsReadPerFile` when a file held more records than that.
    private func rejectionGroups(datasets: [String]) -> (groups: [ReportData.RejectionGroup], readPerFile: Int?) {
        var groups: [String: ReportData.RejectionGroup] = [:]
        var sampled = false
        for (path, url) in rejectedFiles(of: datasets) {
            guard let (lines, complete) = Self.firstLines(of: url) else { continue }
            sampled = sampled || !complete
            for line in lines { Self.count(line, of: path, into: &groups) }
        }
        let sorted = groups.values.sorted { ($1.count, $0.reason) < ($0.count, $1.reason) }
        return (sorted, sampled ? Self.rejectionsReadPerFile : nil)
    }

    /// The regular files `rejected/<dataset>/*.ndjson` of `datasets`, in order (links are never followed).
    private func rejectedFiles(of datasets: [String]) -> [(path: String, url: URL)] {
        datasets.flatMap { dataset -> [(path: String, url: URL)] in
            let folder = "rejected/\(dataset)"
            let url = builder.root.appendingPathComponent(folder)
            guard WorkspaceFolder.isReal(folder, in: builder.root), let (names, _) = WorkspaceFolder.entries(url) else { return [] }
            return names.sorted().filter { $0.hasSuffix(".ndjson") && WorkspaceFolder.kind(url.appendingPathComponent($0)) == .file }
                .map { ("\(folder)/\($0)", url.appendingPathComponent($0)) }
        }
    }

    /// Counts the reasons of one rejected record (a line of `path`) into `groups`, by masked reason.
    private static func count(_ line: ArraySlice<UInt8>, of path: String, into groups: inout [String: ReportData.RejectionGroup]) {
        guard case .success(let node) = JSONParser.parse(Array(line), file: path), case .object(let fields) = Value(node),
              case .array(let errors)? = fields["errors"] else { return }
        let at = fields["line"]?.wholeNumber ?? 0
        for case .string(let error) in errors {
            let reason = RejectionReason.masked(error)
            var group = groups[reason] ?? ReportData.RejectionGroup(reason: reason, count: 0, places: [])
            group.count += 1
            if group.places.count < placesPerReason { group.places.append((path, at)) }
            groups[reason] = group
        }
    }
}

extension ReportGathering {
    /// The first `rejectionsReadPerFile` lines of a file, read from its first `bytesReadPerFile`
    /// bytes at most, and whether they are all of it; nil when it cannot be opened.
    static func firstLines(of url: URL) -> (lines: [ArraySlice<UInt8>], complete: Bool)? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        let bytes = Array((try? handle.read(upToCount: bytesReadPerFile)) ?? Data())
        let more = !((try? handle.read(upToCount: 1)) ?? Data()).isEmpty
        var lines = bytes.split(separator: UInt8(ascii: "\n"))
        // A line cut by the byte bound is left out.
        if more, bytes.last != UInt8(ascii: "\n"), !lines.isEmpty { lines.removeLast() }
        guard lines.count > rejectionsReadPerFile else { return (lines, !more) }
        return (Array(lines.prefix(rejectionsReadPerFile)), false)
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
