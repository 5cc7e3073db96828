/// Thirteen segments added to the template's seven, so that the benchmark's twenty cover every PQL
/// family: attributes, strings, lists, missing values, event windows, aggregates, nested arrays,
/// quantifiers, calendar periods, sequences and `inSegment`.
public enum BenchmarkSegments {
    public static let files: [(path: String, expression: String)] = [
        ("segments/bench-high-points.pql", #"loyalty.points >= 20000"#),
        ("segments/bench-a-names.pql", #"person.name.firstName.startsWith("a", false) and personalEmail.address.endsWith("@example.com")"#),
        ("segments/bench-europe.pql", #"homeAddress.country in ["Germany", "United Kingdom"]"#),
        ("segments/bench-reachable-by-phone.pql", #"loyalty.tier notIn ["bronze"] and mobilePhone.number.isNotNull()"#),
        ("segments/bench-email-pattern.pql", #"personalEmail.address like "%.1%@example.com""#),
        ("segments/bench-recent-viewers.pql", #"xEvent[eventType = "commerce.productViews" and timestamp occurs <= 14 days before now].count() >= 2"#),
        ("segments/bench-big-spenders.pql", #"xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal) > 300"#),
        ("segments/bench-premium-item.pql", #"xEvent[eventType = "commerce.purchases"].max(commerce.order.priceTotal) >= 90"#),
        ("segments/bench-jacket-lookers.pql", #"xEvent[productListItems[SKU.startsWith("WJ")]].count() > 0"#),
        ("segments/bench-desktop-only.pql", #"exists E from xEvent where E.device.type = "desktop" and not (exists F from xEvent where F.device.type = "mobile")"#),
        ("segments/bench-active-this-month.pql", #"xEvent[timestamp occurs this month].count() > 0"#),
        ("segments/bench-view-then-add.pql", #"chain(xEvent, timestamp, [A: WHAT(eventType = "commerce.productViews"), B: WHAT(eventType = "commerce.productListAdds") WHEN(<= 30 days before now)])"#),
        ("segments/bench-gold-viewers.pql", #"inSegment("gold-members") and inSegment("bench-recent-viewers")"#),
    ]
}
