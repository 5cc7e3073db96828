import CohortCore

/// The data of a benchmark workspace at any size, shaped like the template's: CRM profiles in JSON
/// and CSV, loyalty members, purchases keyed by loyalty id, and web events whose ECIDs stitch to the
/// CRM id when the visitor logs in — with one bad record in twenty, shared devices and junk
/// identities. Files are produced in chunks, so a million profiles never sit in memory as text;
/// the same options give the same bytes.
public struct BenchmarkData {
    public struct Options: Sendable {
        public var profiles: Int
        public var eventsPerProfile: Int
        public var seed: UInt64
        /// Rows of the large CSV file (`largeCSV`); none when 0.
        public var csvRows: Int

        public init(profiles: Int, eventsPerProfile: Int = 10, seed: UInt64 = 20_261_101, csvRows: Int = 0) {
            self.profiles = profiles
            self.eventsPerProfile = eventsPerProfile
            self.seed = seed
            self.csvRows = csvRows
        }
    }

    /// The inbox files, in the order they are written.
    public static let files = ["inbox/crm/crm.json", "inbox/dma-crm/dma-crm.csv", "inbox/loyalty/loyalty.json",
                               "inbox/offline-purchases/purchases.ndjson", "inbox/web-events/web-events.ndjson"]
    /// Drops for the incremental benchmark: 1,000 events each, of people already in the inbox data.
    public static let drops = 20
    public static let recordsPerDrop = 1_000
    /// One large file in the CSV dataset's shape, outside the inbox, for measuring CSV ingest at scale:
    /// `bench-csv/<dataset-id>/<name>`. `bench run` reads it without storing it.
    public static let largeCSV = "bench-csv/dma-crm/dma-crm.csv"
    /// The CSV dataset's header row, with the template's mapped names.
    static let csvHeader = "CRM ID,First Name,Last Name,Email,Phone,City,Country,Email Consent,Updated\n"

    /// The last day of the data: events lie in the year before it.
    static let lastDay = CivilDate(2026, 11, 20).daysSince1970

    let options: Options

    public init(_ options: Options) {
        self.options = options
    }

    /// Writes every file through `output(path, chunk)`, chunks of one path in order; returns the
    /// number of records per path.
    public func generate(_ output: @escaping (String, String) -> Void) -> [String: Int] {
        var counts: [String: Int] = [:]
        var writer = ChunkWriter(output: output)
        var random = SplitMix64(seed: options.seed, stream: 11)
        let people = PeopleStream(seed: options.seed)

        for file in Self.files where file.hasSuffix(".json") { writer.append(file, "[\n") }
        writer.append("inbox/dma-crm/dma-crm.csv", Self.csvHeader)
        var first: [String: Bool] = [:]
        func record(_ path: String, _ text: String) {
            if path.hasSuffix(".json") {
                writer.append(path, first[path, default: true] ? text : ",\n" + text)
                first[path] = false
            } else {
                writer.append(path, text + "\n")
            }
            counts[path, default: 0] += 1
        }
        for index in 0..<options.profiles {
            let person = people.next(index)
            let bad = counts.values.reduce(0, +) % 20 == 19
            switch person.kind {
            case .crm: record("inbox/crm/crm.json", BenchmarkRecords.crm(person, bad: bad))
            case .dma: record("inbox/dma-crm/dma-crm.csv", BenchmarkRecords.dmaRow(person, bad: false))
            case .loyaltyOnly, .anonymous: break
            }
            if person.isLoyaltyMember { record("inbox/loyalty/loyalty.json", BenchmarkRecords.loyalty(person, bad: bad)) }
            for event in 0..<options.eventsPerProfile {
                let isBad = (index * options.eventsPerProfile + event) % 20 == 7
                if person.isLoyaltyMember && event % 5 == 0 {
                    record("inbox/offline-purchases/purchases.ndjson", BenchmarkRecords.purchase(person, number: event, bad: isBad, random: &random))
                } else {
                    record("inbox/web-events/web-events.ndjson", BenchmarkRecords.webEvent(person, number: event, bad: isBad, random: &random))
                }
            }
        }
        for file in Self.files where file.hasSuffix(".json") { writer.append(file, "\n]\n") }
        for drop in 0..<Self.drops {
            let path = "bench-drops/drop-\(drop + 1).ndjson"
            for number in 0..<Self.recordsPerDrop {
                let person = people.next(Int(random.next() % UInt64(max(1, options.profiles))))
                writer.append(path, BenchmarkRecords.webEvent(person, number: 1_000 + drop * Self.recordsPerDrop + number, bad: false, random: &random) + "\n")
            }
            counts[path] = Self.recordsPerDrop
        }
        if options.csvRows > 0 {
            // Person by person from the first, one bad row in twenty, as the other data has.
            writer.append(Self.largeCSV, Self.csvHeader)
            for row in 0..<options.csvRows {
                writer.append(Self.largeCSV, BenchmarkRecords.dmaRow(people.next(row), bad: row % 20 == 19) + "\n")
            }
            counts[Self.largeCSV] = options.csvRows
        }
        writer.flush()
        return counts
    }
}

/// Buffers text per file and hands it out in chunks of about a megabyte.
private struct ChunkWriter {
    let output: (String, String) -> Void
    private var buffers: [String: String] = [:]

    init(output: @escaping (String, String) -> Void) {
        self.output = output
    }

    mutating func append(_ path: String, _ text: String) {
        buffers[path, default: ""] += text
        if buffers[path, default: ""].utf8.count >= 1 << 20 {
            output(path, buffers[path] ?? "")
            buffers[path] = ""
        }
    }

    mutating func flush() {
        for path in buffers.keys.sorted() where !(buffers[path] ?? "").isEmpty {
            output(path, buffers[path] ?? "")
        }
        buffers = [:]
    }
}
