import CohortCore
import Foundation

/// The Spark build's bad records, kept as the native engine keeps them. The job writes, per data file, how many
/// records it read, the indexes of those it rejected, whether the file fails whole, and whether it could not be
/// sure to read it the native way (`OUTPUT/files.ndjson`). Only an inbox file with a rejected record (or a doubt)
/// is read again here, with the native reader, which words every reason: the wording is the native engine's by
/// construction, and the work grows with the files that hold bad records, not with all of them. The native
/// verdict must be the job's; a difference is an error naming the file.
///
/// An inbox file's rejections go to `rejected/<dataset>/<archive name>.ndjson`; a file over its dataset's
/// `errorThreshold`, or refused whole by its first bytes, is set aside in `rejected/<dataset>/` with its reasons,
/// as `cohort build` sets it aside, and takes no ledger sequence. Archived files were judged when they were
/// ingested; the job's counts of them are taken as they are.
public struct SparkRejections {
    /// What one data file of the plan gave.
    public struct FileOutcome: Equatable, Sendable {
        /// As in the plan: `archive/crm/000001-crm.json` or `inbox/crm/day2.csv`.
        public var path: String
        /// The ledger sequence an inbox file is archived under (files set aside take none, as natively).
        public var sequence: Int
        public var read: Int
        public var rejected: Int
        /// Nothing of the file is ingested: it was set aside in `rejected/<dataset>/`.
        public var failed: Bool
    }

    /// Every file's outcome, in plan order, and the lines a build summary prints: files set aside, first reasons.
    public struct Outcome {
        public var files: [FileOutcome] = []
        public var report = Builder.Report()
    }

    /// The job's verdict on one file.
    struct Verdict: Equatable {
        var read: Int
        var rejected: [Int]
        var failed: Bool
        var doubtful: String?
        /// Where in the file the doubt is, when the job knows (an XML file its parser stopped in).
        var doubtfulAt: SourceLocation? = nil
    }

    /// Where the job writes its verdicts, in its output folder.
    public static let verdictsName = "files.ndjson"

    public let root: URL
    public let workspace: Workspace
    public let plan: SparkPlan

    public init(root: URL, workspace: Workspace, plan: SparkPlan) {
        self.root = root.standardizedFileURL
        self.workspace = workspace
        self.plan = plan
    }

    /// Reads the job's verdicts in `output`, writes `rejected/` and sets failed inbox files aside.
    public func apply(output: URL) throws -> Outcome {
        let verdicts = try Self.verdicts(in: output.appendingPathComponent(Self.verdictsName))
        var outcome = Outcome()
        var next = plan.files.filter(\.isInInbox).map(\.sequence).min() ?? 0
        for file in plan.files {
            guard let verdict = verdicts[file.sequence] else {
                throw BuildError.unreadable(file.path, "the Spark job gave no verdict on this file; its log is "
                                            + "\(SparkBuild.folder)/spark.log; build again, or with --engine native")
            }
            guard file.isInInbox else {
                if let doubt = verdict.doubtful { throw try doubtful(file, verdict: verdict, because: doubt) }
                outcome.files.append(FileOutcome(path: file.path, sequence: file.sequence, read: verdict.read,
                                                 rejected: verdict.rejected.count, failed: false))
                continue
            }
            let failed = try judge(file, sequence: next, verdict: verdict, report: &outcome.report)
            outcome.files.append(FileOutcome(path: file.path, sequence: next, read: verdict.read,
                                             rejected: verdict.rejected.count, failed: failed))
            if !failed { next += 1 }
        }
        return outcome
    }

    /// An inbox file: read again the native way when the job rejected any of it (or doubted it), its rejections
    /// kept or the file set aside; returns whether it failed whole.
    private func judge(_ file: SparkPlan.File, sequence: Int, verdict: Verdict, report: inout Builder.Report) throws -> Bool {
        guard !verdict.rejected.isEmpty || verdict.failed || verdict.doubtful != nil else { return false }
        let ingest = try datasetIngest(file)
        let rejections = RejectionFile(root: root, folder: "rejected/\(file.dataset)", name: Self.name(file, sequence) + ".ndjson")
        let (native, indexes) = try read(file, ingest: ingest, rejections: rejections)
        let fails = native.unreadable != nil || ingest.dataset.failsWhole(read: native.read, rejected: native.rejected)
        if let doubt = verdict.doubtful {
            guard fails else { throw try doubtful(file, verdict: verdict, because: doubt) }
        } else if verdict != Verdict(read: native.read, rejected: indexes, failed: fails, doubtful: nil) {
            throw BuildError.unreadable(file.path, "the Spark job and the native reader disagree on this file (Spark: "
                                        + "\(verdict.read) records, \(verdict.rejected.count) rejected; native: "
                                        + "\(native.read) records, \(indexes.count) rejected); nothing was changed; "
                                        + "build with --engine native, and report this with the file")
        }
        guard fails else {
            try rejections.keep()
            report.rejectionNotes.append(RejectionNote(file: file.path, rejections: rejections))
            return false
        }
        let pending = InboxScanner.Pending(dataset: file.dataset, url: root.appendingPathComponent(file.path), path: file.path)
        Builder.setAside(pending, in: root, sequence: sequence, outcome: native, rejections: rejections,
                         threshold: ingest.dataset.errorThreshold, dryRun: false, report: &report)
        return true
    }

    /// A file the job could not be sure to read the native way, which the native way does not fail whole: the
    /// error names its first rejected record, else where the job's doubt is, if it knows, and what to do.
    private func doubtful(_ file: SparkPlan.File, verdict: Verdict, because doubt: String) throws -> BuildError {
        let ingest = try datasetIngest(file)
        let rejections = RejectionFile.counting()
        _ = try read(file, ingest: ingest, rejections: rejections)
        let first = rejections.first.first
        let place = first.map { "\(file.path):\($0.position.line):\($0.position.column)" }
            ?? verdict.doubtfulAt?.description ?? file.path
        let reason = first.map { " (its first bad record: \($0.errors.joined(separator: "; ")))" } ?? ""
        return BuildError.unreadable(place, "the Spark engine cannot read this file exactly as the native engine does "
                                     + "(it holds \(doubt))\(reason); nothing was changed; fix the file, or build "
                                     + "with --engine native")
    }

    /// The file read the native way, its rejections handed to `rejections`; and their indexes, in file order.
    private func read(_ file: SparkPlan.File, ingest: DatasetIngest,
                      rejections: RejectionFile) throws -> (FileIngestor.Outcome, [Int]) {
        var indexes: [Int] = []
        rejections.observer = { indexes.append($0.position.index) }
        do {
            let data = try DataFile(root.appendingPathComponent(file.path))
            let outcome = try FileIngestor(ingest: ingest).run(data, displayPath: file.path, rejections: rejections) { _ in }
            return (outcome, indexes)
        } catch let problem as DataFile.Problem {
            throw BuildError.unreadable(file.path, problem.message)
        }
    }

    private func datasetIngest(_ file: SparkPlan.File) throws -> DatasetIngest {
        guard let ingest = DatasetIngest(dataset: file.dataset, in: workspace) else {
            throw BuildError.unreadable(file.path, "its dataset \"\(file.dataset)\" or that dataset's schema no longer "
                                        + "exists; restore its definition")
        }
        return ingest
    }

    /// The file's name in `archive/` and `rejected/` (`000002-day2.csv`).
    private static func name(_ file: SparkPlan.File, _ sequence: Int) -> String {
        ArchiveName.make(sequence: sequence, originalName: (file.path as NSString).lastPathComponent)
    }

    /// The job's verdicts by file sequence.
    static func verdicts(in url: URL) throws -> [Int: Verdict] {
        let path = url.path
        let text = try FailureWording.guarding(path, "read", hint: "the Spark job did not finish; build again") {
            try String(contentsOf: url, encoding: .utf8)
        }
        var verdicts: [Int: Verdict] = [:]
        for (number, line) in text.split(separator: "\n").enumerated() {
            guard case .success(let node) = JSONParser.parse(String(line), file: path),
                  case .object(let fields) = Value(node),
                  case .integer(let sequence)? = fields["sequence"], case .integer(let read)? = fields["read"],
                  case .array(let rejected)? = fields["rejected"], case .bool(let failed)? = fields["failed"] else {
                throw BuildError.unreadable("\(path):\(number + 1)", "is not a verdict the Spark job writes; the job "
                                            + "and this cohort do not match: compile and build again")
            }
            let indexes = rejected.compactMap { value -> Int? in
                if case .integer(let index) = value { return Int(index) }
                return nil
            }
            var doubt: String?
            if case .string(let text)? = fields["doubtful"] { doubt = text }
            var place: SourceLocation?
            if case .array(let at)? = fields["doubtfulAt"], case .integer(let line)? = at.first,
               case .integer(let column)? = at.last, case .string(let file)? = fields["path"] {
                place = SourceLocation(file: file, line: Int(line), column: Int(column))
            }
            verdicts[Int(sequence)] = Verdict(read: Int(read), rejected: indexes, failed: failed, doubtful: doubt,
                                              doubtfulAt: place)
        }
        return verdicts
    }
}
