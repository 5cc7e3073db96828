import CohortCore

/// A reader to fuzz: the data readers by format, the definition loaders, PQL, the build history, and
/// the test files of `cohort test`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case json, ndjson, csv, xml, definitions, pql, history, tests

    /// The data format the target reads, nil for definitions and PQL.
    var format: Dataset.Format? {
        switch self {
        case .json: return .json
        case .ndjson: return .ndjson
        case .csv: return .csv
        case .xml: return .xml
        case .definitions, .pql, .history, .tests: return nil
        }
    }
}

/// Every target's checks, set up once against the template workspace.
public struct FuzzHarness: Sendable {
    public let template: FuzzTemplate
    private let dataChecks: [FuzzTarget: [DataReaderCheck]]
    private let definitionCheck: DefinitionCheck
    private let pqlCheck: PQLCheck

    public init(template: FuzzTemplate) {
        self.template = template
        var dataChecks: [FuzzTarget: [DataReaderCheck]] = [:]
        for target in FuzzTarget.allCases {
            guard let format = target.format else { continue }
            dataChecks[target] = Self.datasets(reading: format, in: template.workspace).flatMap { id in
                var checks = template.ingest(dataset: id, format: format).map {
                    [DataReaderCheck(file: "inbox/\(id)/fuzz.\(format.rawValue)", ingest: $0)]
                } ?? []
                guard target == .csv, let dataset = template.workspace.dataset(id) else { return checks }
                for (name, dialect) in Self.csvDialects(of: dataset) {
                    guard let ingest = template.ingest(dataset: id, format: format, csv: dialect) else { continue }
                    checks.append(DataReaderCheck(file: "inbox/\(id)/fuzz-\(name).csv", ingest: ingest))
                }
                return checks
            }
        }
        self.dataChecks = dataChecks
        definitionCheck = DefinitionCheck(template: template)
        pqlCheck = PQLCheck(template: template, contexts: SampleProfiles.contexts(from: template))
    }

    /// Every invariant `input` breaks in `target`, in words; empty when all hold.
    public func violations(_ input: [UInt8], target: FuzzTarget) -> [String] {
        switch target {
        case .definitions: return definitionCheck.violations(input)
        case .pql: return pqlCheck.violations(input)
        case .history: return HistoryCheck().violations(input)
        case .tests: return SegmentTestCheck(template: template).violations(input)
        case .json, .ndjson, .csv, .xml:
            return (dataChecks[target] ?? []).flatMap { check in
                check.violations(input).map { "\(check.file): \($0)" }
            }
        }
    }

    /// The other ways the csv target reads every input: semicolons, single quotes and Windows-1252; and
    /// UTF-16 without a header row (the columns the dataset maps, in order).
    private static func csvDialects(of dataset: Dataset) -> [(String, Dataset.CSVOptions)] {
        [("windows-1252",
          Dataset.CSVOptions(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"), encoding: .windows1252)),
         ("utf-16", Dataset.CSVOptions(header: false, columns: dataset.mapping.map(\.sourceField), encoding: .utf16))]
    }

    /// The datasets a data target reads as: those of its format, else the first profile dataset and the
    /// first event dataset (the template has no XML data).
    private static func datasets(reading format: Dataset.Format, in workspace: Workspace) -> [String] {
        let matching = workspace.datasets.filter { $0.format == format }.map(\.id.value)
        guard matching.isEmpty else { return matching }
        let classes = workspace.datasets.map { workspace.schema($0.schema.value)?.schemaClass }
        let profile = zip(workspace.datasets, classes).first { $0.1 != .experienceEvent }?.0
        let event = zip(workspace.datasets, classes).first { $0.1 == .experienceEvent }?.0
        return [profile, event].compactMap { $0?.id.value }
    }
}
