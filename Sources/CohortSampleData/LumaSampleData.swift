/// One file of generated sample data: its path under the workspace, its text, and how many records it holds.
public struct GeneratedFile: Sendable, Equatable {
    /// The path relative to the workspace folder, e.g. `inbox/crm/luma-crm.json`.
    public let path: String
    public let contents: String
    /// Records written: array elements, lines of NDJSON (junk lines included) or CSV data rows.
    public let records: Int

    public init(path: String, contents: String, records: Int) {
        self.path = path
        self.contents = contents
        self.records = records
    }
}

/// The template workspace's sample data, modelled on Adobe's Luma tutorial: the same seed gives byte-identical files.
public enum LumaSampleData {
    public static let defaultSeed: UInt64 = 20_261_101

    /// Every generated file, sorted by path.
    public static func files(seed: UInt64 = defaultSeed) -> [GeneratedFile] {
        let population = Population(seed: seed)
        var dmaRandom = SplitMix64(seed: seed, stream: 2)
        var loyaltyRandom = SplitMix64(seed: seed, stream: 3)
        var purchaseRandom = SplitMix64(seed: seed, stream: 4)
        let members = LoyaltyGenerator.members(population, rng: &loyaltyRandom)
        return [
            CRMGenerator.generate(population),
            DMACRMGenerator.generate(population, rng: &dmaRandom),
            LoyaltyGenerator.generate(members),
            PurchaseGenerator.generate(members, rng: &purchaseRandom),
            WebEventGenerator.generate(population, members: members, seed: seed),
        ].sorted { $0.path < $1.path }
    }
}
