/// A browser or app install, identified by its ECID.
struct WebDevice {
    let ecid: String
    let type: String
}

/// How one visit to the site goes.
struct WebVisit {
    var logsIn: Bool
    /// A product the visitor views last and adds to the cart.
    var focus: Product?
    var mayCheckOut: Bool

    init(logsIn: Bool, focus: Product? = nil, mayCheckOut: Bool = true) {
        self.logsIn = logsIn
        self.focus = focus
        self.mayCheckOut = mayCheckOut
    }
}

/// Turns visits into Web SDK events (pages, product views, cart adds, checkouts), all from one generator.
struct WebEventLog {
    var rng: SplitMix64
    private var events: [(time: Timestamp, record: JSON)] = []

    /// One step of a visit, before it is written as an event.
    private enum Step {
        case home, category(Int), product(Product), login, add(Product), checkout([Product])
    }

    private static let deviceTypes = ["desktop", "mobile", "tablet"]

    init(rng: SplitMix64) {
        self.rng = rng
    }

    mutating func newDevice(type: String? = nil) -> WebDevice {
        WebDevice(ecid: rng.digits(38), type: type ?? Self.deviceTypes[rng.weightedIndex([50, 40, 10])])
    }

    /// A day of `days`, a quarter of the time within its last 45 days.
    mutating func recentBiasedDay(in days: ClosedRange<Int>) -> Int {
        let recent = max(days.lowerBound, days.upperBound - 44)...days.upperBound
        return rng.int(in: rng.percent(25) ? recent : days)
    }

    /// The events of one visit on `day`; `crmId` is whom the visitor logs in as, if the visit logs in.
    mutating func add(_ visit: WebVisit, device: WebDevice, crmId: String?, day: Int) {
        let category = visit.focus?.category ?? rng.below(Catalog.categories.count)
        // Landing on the home page (then mostly a category page), or straight on a category page.
        var steps: [Step] = [.category(category)]
        if rng.percent(60) { steps = rng.percent(70) ? [.home, .category(category)] : [.home] }
        var viewed = (0..<rng.int(in: 1...3)).map { _ in rng.pick(Catalog.products(in: category)) }
        if let focus = visit.focus { viewed.append(focus) }
        steps += viewed.map(Step.product)
        if let last = viewed.last, visit.focus != nil || rng.percent(30) {
            steps.append(.add(last))
            if visit.mayCheckOut, rng.percent(35) {
                let first = viewed[0]
                steps.append(.checkout(first.sku != last.sku && rng.percent(40) ? [first, last] : [last]))
            }
        }
        // The login page is seen anonymously; every later event of the visit carries the CRM id.
        let loginAt = visit.logsIn ? (visit.focus != nil ? 1 : rng.int(in: 1...(steps.count - 1))) : steps.count
        if visit.logsIn { steps.insert(.login, at: loginAt) }
        var second = rng.int(in: 0...(86_400 - 3_601))
        for (index, step) in steps.enumerated() {
            var identities: [(String, JSON)] = [("ECID", Self.identity(device.ecid, state: "ambiguous", primary: true))]
            if index > loginAt, let crmId {
                identities.append(("lumaCrmId", Self.identity(crmId, state: "authenticated", primary: false)))
            }
            let time = Timestamp(day: day, secondOfDay: second)
            events.append((time, record(step, time: time, identityMap: .object(identities), deviceType: device.type)))
            second += rng.int(in: 20...240)
        }
    }

    /// A single home page view, at a random time, whose identity map is junk.
    mutating func addJunk(identityMap: JSON) {
        let time = rng.timestamp(in: SampleWindow.days)
        events.append((time, record(.home, time: time, identityMap: identityMap, deviceType: newDevice().type)))
    }

    /// An identity map entry: a one-element array of an identity.
    static func identity(_ id: String, state: String, primary: Bool) -> JSON {
        .array([.object([("id", .string(id)), ("authenticatedState", .string(state)), ("primary", .bool(primary))])])
    }

    /// The events as NDJSON lines, in time order (ties in the order they were added).
    func lines() -> [String] {
        events.enumerated()
            .sorted { ($0.element.time.secondsSince1970, $0.offset) < ($1.element.time.secondsSince1970, $1.offset) }
            .map { OrderedJSONWriter.compact($0.element.record) }
    }

    private mutating func record(_ step: Step, time: Timestamp, identityMap: JSON, deviceType: String) -> JSON {
        let page: (name: String, path: String)
        var commerce: (measure: String, products: [Product])?
        switch step {
        case .home: page = ("home", "/")
        case .category(let index): page = (Catalog.categories[index].name, Catalog.categories[index].path)
        case .login: page = ("Customer Login", "/customer/account/login/")
        case .product(let product):
            page = (product.name, product.path)
            commerce = ("productViews", [product])
        case .add(let product):
            page = (product.name, product.path)
            commerce = ("productListAdds", [product])
        case .checkout(let products):
            page = ("Checkout", "/checkout/")
            commerce = ("checkouts", products)
        }
        let pageDetails = JSON.object([("name", .string(page.name)), ("URL", .string(Catalog.site + page.path))])
        var members: [(String, JSON)] = [
            ("_id", .string(rng.uuid())),
            ("timestamp", .string(time.iso)),
            ("eventType", .string(commerce.map { "commerce.\($0.measure)" } ?? "web.webpagedetails.pageViews")),
            ("identityMap", identityMap),
            ("web", .nested("webPageDetails", value: pageDetails)),
            ("device", .nested("type", value: .string(deviceType))),
        ]
        if let commerce {
            members.append(("commerce", .nested(commerce.measure, "value", value: .int(1))))
            members.append(("productListItems", .array(commerce.products.map { product in
                .object([("SKU", .string(product.sku)), ("name", .string(product.name)), ("quantity", .int(1))])
            })))
        }
        return .object(members)
    }
}
