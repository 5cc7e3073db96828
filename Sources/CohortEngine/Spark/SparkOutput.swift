import CohortCore
import Foundation

/// What the Spark job wrote for the driver (`OUTPUT/`): every segment's memberships, each file destination's
/// member entries (its rows), the profiles that stream and lookup destinations export per merge policy, and per inbox file its record counts. All JSON lines sorted by the
/// job, in `part-*` files read in name order.
struct SparkOutput {
    /// One inbox file's counts, as the ledger states them.
    /// Records read and rejected come from the job's verdicts (`SparkRejections`).
    struct FileCounts {
        var kept: Int
        /// Records that passed validation, duplicate events among them.
        var valid: Int
    }

    let folder: URL

    /// Segment id → profile key → membership.
    func memberships() throws -> [String: [String: Membership]] {
        var memberships: [String: [String: Membership]] = [:]
        try forEachLine(in: "memberships") { row, place in
            guard case .string(let segment)? = row["segment"], case .string(let key)? = row["key"],
                  case .string(let text)? = row["status"], let status = Membership.Status(rawValue: text),
                  case .integer(let time)? = row["time"] else { throw Self.malformed(place) }
            memberships[segment, default: [:]][key] = Membership(status: status, lastQualificationTime: time)
        }
        return memberships
    }

    /// The profiles the job wrote for merge policy `policy`, by key.
    func profiles(policy: String) throws -> [String: Profile] {
        var profiles: [String: Profile] = [:]
        try forEachLine(in: "profiles/\(policy)") { row, place in
            guard case .string(let key)? = row["key"], case .array(let list)? = row["identities"],
                  case .string(let text)? = row["attributes"],
                  case .success(let node) = JSONParser.parse(text, file: place),
                  case .object(let attributes) = Value(node) else { throw Self.malformed(place) }
            let identities = try list.map { item -> Identity in
                guard case .string(let namespace)? = item[path: ["namespace"]],
                      case .string(let id)? = item[path: ["id"]] else { throw Self.malformed(place) }
                return Identity(namespace: namespace, id: id)
            }
            profiles[key] = Profile(identities: identities, attributes: attributes, sources: [:])
        }
        return profiles
    }

    /// The member entries the job computed for file destination `destination` (`OUTPUT/rows/<destination>/`).
    func exportEntries(destination: String) throws -> ExportEntries {
        var entries = ExportEntries()
        try forEachLine(in: "rows/\(destination)") { row, place in
            guard case .string(let segment)? = row["segment"], case .string(let key)? = row["key"],
                  case .integer(let qualifiedAt)? = row["qualifiedAt"] else { throw Self.malformed(place) }
            let rows = try Self.array(row["rows"], place).map { item -> (key: String, values: [Value]) in
                guard case .string(let key)? = item[path: ["key"]] else { throw Self.malformed(place) }
                return (key, try Self.array(item[path: ["values"]], place).map { try Self.cell($0, place) })
            }
            guard entries.add(segment: segment, profile: key, rows: rows, skip: try Self.text(row["skip"], place),
                              qualifiedAt: qualifiedAt, dedupValue: try Self.text(row["dedup"], place))
            else { throw Self.malformed(place) }
        }
        return entries
    }

    /// A row's cell: `s` a string, `j` any other value as JSON text, neither for null.
    private static func cell(_ cell: Value, _ place: String) throws -> Value {
        if let text = try text(cell[path: ["s"]], place) { return .string(text) }
        guard let json = try text(cell[path: ["j"]], place) else { return .null }
        guard case .success(let node) = JSONParser.parse(json, file: place) else { throw malformed(place) }
        return Value(node)
    }

    /// An optional string field (Spark leaves null fields out).
    private static func text(_ value: Value?, _ place: String) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw malformed(place)
        }
    }

    /// An optional array field: empty when absent or null.
    private static func array(_ value: Value?, _ place: String) throws -> [Value] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?: return items
        default: throw malformed(place)
        }
    }

    /// Per inbox file's sequence, its counts; per merge policy, how many profiles it makes; and the identity graph's
    /// counts, as the native store adds them up.
    func summary() throws -> (files: [Int: FileCounts], profiles: [String: Int], graph: GraphStats) {
        let path = folder.appendingPathComponent("summary.json")
        let bytes = try FailureWording.guarding(path.path, "read") { try [UInt8](Data(contentsOf: path)) }
        guard case .success(let node) = JSONParser.parse(bytes, file: path.path), case .object(let summary) = Value(node),
              case .array(let files)? = summary["files"], case .object(let profiles)? = summary["profiles"],
              let graph = Self.graphStats(summary["graph"])
        else { throw Self.malformed(path.path) }
        var counts: [Int: FileCounts] = [:]
        for file in files {
            guard case .integer(let sequence)? = file[path: ["sequence"]], case .integer(let kept)? = file[path: ["kept"]],
                  case .integer(let valid)? = file[path: ["valid"]]
            else { throw Self.malformed(path.path) }
            counts[Int(sequence)] = FileCounts(kept: Int(kept), valid: Int(valid))
        }
        return (counts, profiles.compactMapValues { value in
            if case .integer(let count) = value { return Int(count) }
            return nil
        }, graph)
    }

    /// `{"graphs", "identities", "atLimit", "droppedLinks", "droppedByUnique", "evicted", "sizes": {size: graphs}}`
    /// as `GraphStats`, the sizes in its buckets; nil when it is not that.
    private static func graphStats(_ value: Value?) -> GraphStats? {
        func count(_ name: String) -> Int? {
            if case .integer(let count)? = value?[path: [name]] { return Int(count) }
            return nil
        }
        guard let graphs = count("graphs"), let identities = count("identities"), let atLimit = count("atLimit"),
              let dropped = count("droppedLinks"), let byUnique = count("droppedByUnique"), let evicted = count("evicted"),
              case .object(let sizes)? = value?[path: ["sizes"]] else { return nil }
        var stats = GraphStats(graphs: graphs, identities: identities, atLimit: atLimit, droppedLinks: dropped,
                               droppedByUnique: byUnique, evicted: evicted)
        for (size, graphs) in sizes {
            guard let size = Int(size), size > 0, case .integer(let graphs) = graphs else { return nil }
            stats.sizes[GraphStats.sizeBucket(size)] += Int(graphs)
        }
        return stats
    }

    /// Calls `body` with each line of the `part-*` files of `name` as an object, and its place (`file:line`).
    private func forEachLine(in name: String, _ body: ([String: Value], String) throws -> Void) throws {
        let directory = folder.appendingPathComponent(name)
        let parts = try FailureWording.guarding(directory.path, "read") {
            try FileManager.default.contentsOfDirectory(atPath: directory.path)
        }.filter { $0.hasPrefix("part-") }.sorted()
        for part in parts {
            let url = directory.appendingPathComponent(part)
            let bytes = try FailureWording.guarding(url.path, "read") { try [UInt8](Data(contentsOf: url)) }
            for (number, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
                let place = "\(url.path):\(number + 1)"
                guard case .success(let node) = JSONParser.parse(Array(line), file: place),
                      case .object(let row) = Value(node) else { throw Self.malformed(place) }
                try body(row, place)
            }
        }
    }

    private static func malformed(_ place: String) -> BuildError {
        BuildError.unreadable(place, "is not what the Spark job writes (another version of cohort_spark_job.py?); "
                              + "build again, which runs the job this cohort carries")
    }
}
