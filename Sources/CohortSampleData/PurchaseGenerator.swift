/// `inbox/offline-purchases/purchases.ndjson`: in-store purchases of loyalty members, keyed by loyalty id.
enum PurchaseGenerator {
    static let path = "inbox/offline-purchases/purchases.ndjson"

    /// A fault written into an event on purpose.
    private enum Defect {
        case none, missingID, priceNotNumber
    }

    /// A line of an order: a product and how many of it.
    private typealias Item = (product: Product, quantity: Int)

    /// A purchase before it is written.
    private struct Purchase {
        let id: String
        let time: Timestamp
        let loyaltyId: Int
        let items: [Item]
        let defect: Defect
    }

    static func generate(_ members: [Member], rng: inout SplitMix64) -> GeneratedFile {
        let buyers = members.filter { $0.defect == .none }
        // Danny (buyers[0]) and eleven others buy often, and at least twice in the last 30 days.
        var others = Array(buyers.indices.dropFirst())
        rng.shuffle(&others)
        let frequent = [0] + others.prefix(11)

        var purchases: [Purchase] = []
        func add(_ member: Member, days: ClosedRange<Int>, items: [Item]? = nil, defect: Defect = .none) {
            purchases.append(Purchase(
                id: rng.hex(32), time: rng.timestamp(in: days, fromHour: 9, toHour: 21), loyaltyId: member.loyaltyId,
                items: items ?? randomItems(rng: &rng), defect: defect
            ))
        }
        for (index, member) in buyers.enumerated() {
            let isFrequent = frequent.contains(index)
            let count = isFrequent ? rng.int(in: 18...28) : rng.weightedIndex([12, 22, 24, 20, 14, 8])
            for number in 0..<count {
                add(member, days: isFrequent && number < 2 ? SampleWindow.lastDays(30) : SampleWindow.days)
            }
        }
        // Danny buys the Abominable Hoodie he put in his online cart two days before.
        let hoodieDay = CivilDate(2026, 11, 18).daysSince1970
        let extra = randomItems(rng: &rng).filter { $0.product.sku != Catalog.abominableHoodie.sku }.prefix(1)
        add(buyers[0], days: hoodieDay...hoodieDay, items: [(Catalog.abominableHoodie, 1)] + extra)
        add(rng.pick(buyers), days: SampleWindow.days, defect: .missingID)
        add(rng.pick(buyers), days: SampleWindow.days, defect: .priceNotNumber)

        let ordered = purchases.enumerated()
            .sorted { ($0.element.time.secondsSince1970, $0.offset) < ($1.element.time.secondsSince1970, $1.offset) }
            .map(\.element)
        var lines = ordered.enumerated().map { position, purchase in
            OrderedJSONWriter.compact(record(purchase, purchaseID: "LUMA-ORD-\(100_001 + position)"))
        }
        // The same event delivered twice: an exact copy a few lines later.
        lines.insert(lines[lines.count / 2], at: lines.count / 2 + 3)
        return GeneratedFile(path: path, contents: lines.map { $0 + "\n" }.joined(), records: lines.count)
    }

    /// One to three different products, mostly one of each.
    private static func randomItems(rng: inout SplitMix64) -> [Item] {
        var choices = Array(Catalog.products.indices)
        rng.shuffle(&choices)
        return choices.prefix(1 + rng.weightedIndex([55, 30, 15])).map { (Catalog.products[$0], rng.percent(85) ? 1 : 2) }
    }

    private static func record(_ purchase: Purchase, purchaseID: String) -> JSON {
        let total = purchase.items.reduce(0) { $0 + $1.product.cents * $1.quantity }
        var members: [(String, JSON)] = purchase.defect == .missingID ? [] : [("_id", .string(purchase.id))]
        members += [
            ("timestamp", .string(purchase.time.iso)),
            ("eventType", .string("commerce.purchases")),
            ("_techmarketingdemos", .nested("systemIdentifier", "loyaltyId", value: .int(purchase.loyaltyId))),
            ("commerce", .object([
                ("order", .object([
                    ("purchaseID", .string(purchaseID)),
                    ("priceTotal", purchase.defect == .priceNotNumber ? .string("free") : .price(cents: total)),
                    ("currencyCode", .string("USD")),
                ])),
                ("purchases", .nested("value", value: .int(1))),
            ])),
            ("productListItems", .array(purchase.items.map { item in
                .object([
                    ("SKU", .string(item.product.sku)), ("name", .string(item.product.name)),
                    ("quantity", .int(item.quantity)), ("priceTotal", .price(cents: item.product.cents * item.quantity)),
                ])
            })),
        ]
        return .object(members)
    }
}
