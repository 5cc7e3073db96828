/// A shop category: its breadcrumb page name and URL path.
struct Category: Sendable {
    let name: String
    let path: String
}

/// A product of the Luma-style catalogue (invented names; SKU prefixes as in the Luma demo shop).
struct Product: Sendable {
    let sku: String
    let name: String
    let cents: Int
    /// An index into `Catalog.categories`.
    let category: Int

    /// The product page, e.g. `/abominable-hoodie.html`.
    var path: String {
        "/" + name.lowercased().split(separator: " ").joined(separator: "-") + ".html"
    }
}

/// The hand-written catalogue of ~25 products the purchases and web events draw from.
enum Catalog {
    static let site = "https://luma.example.com"

    static let categories = [
        Category(name: "Men > Tops > Hoodies & Sweatshirts", path: "/men/tops-men/hoodies-and-sweatshirts-men.html"),
        Category(name: "Men > Tops > Tees", path: "/men/tops-men/tees-men.html"),
        Category(name: "Women > Tops > Jackets", path: "/women/tops-women/jackets-women.html"),
        Category(name: "Women > Tops > Tees", path: "/women/tops-women/tees-women.html"),
        Category(name: "Women > Bottoms > Pants", path: "/women/bottoms-women/pants-women.html"),
        Category(name: "Gear > Fitness Equipment", path: "/gear/fitness-equipment.html"),
        Category(name: "Gear > Bags", path: "/gear/bags.html"),
        Category(name: "Gear > Watches", path: "/gear/watches.html"),
    ]

    static let products = [
        Product(sku: "LLMH09", name: "Abominable Hoodie", cents: 69_00, category: 0),
        Product(sku: "LLMH01", name: "Glacier Ridge Hoodie", cents: 64_00, category: 0),
        Product(sku: "LLMH03", name: "Summit Pullover Hoodie", cents: 59_00, category: 0),
        Product(sku: "LLMH05", name: "Ridgeline Zip Hoodie", cents: 72_00, category: 0),
        Product(sku: "LLMH07", name: "Trailhead Fleece Hoodie", cents: 54_50, category: 0),
        Product(sku: "LLMS02", name: "Helix CoolWeave Tee", cents: 29_00, category: 1),
        Product(sku: "LLMS04", name: "Tempo Crew Tee", cents: 24_00, category: 1),
        Product(sku: "LLMS06", name: "Vertex Performance Tee", cents: 32_50, category: 1),
        Product(sku: "LLMS08", name: "Sprinter Henley", cents: 36_00, category: 1),
        Product(sku: "LLWJ01", name: "Cascade Rain Jacket", cents: 89_00, category: 2),
        Product(sku: "LLWJ03", name: "Aurora Puffer Jacket", cents: 119_00, category: 2),
        Product(sku: "LLWJ05", name: "Windward Shell Jacket", cents: 79_00, category: 2),
        Product(sku: "LLWJ07", name: "Meadow Softshell Jacket", cents: 94_00, category: 2),
        Product(sku: "LLWS02", name: "Solstice Tank", cents: 26_00, category: 3),
        Product(sku: "LLWS04", name: "Lumen Running Tee", cents: 29_00, category: 3),
        Product(sku: "LLWS06", name: "Breeze Seamless Tee", cents: 34_00, category: 3),
        Product(sku: "LLWP01", name: "Flowstate Yoga Pant", cents: 58_00, category: 4),
        Product(sku: "LLWP03", name: "Stride Capri", cents: 48_00, category: 4),
        Product(sku: "24-UG01", name: "Kinetic Resistance Band", cents: 19_99, category: 5),
        Product(sku: "24-UG02", name: "Balance Foam Roller", cents: 27_00, category: 5),
        Product(sku: "24-UG04", name: "Cork Yoga Block", cents: 16_50, category: 5),
        Product(sku: "24-UG05", name: "Pulse Stability Ball", cents: 32_00, category: 5),
        Product(sku: "24-MB01", name: "Voyager Day Pack", cents: 45_00, category: 6),
        Product(sku: "24-MB03", name: "Commuter Messenger Bag", cents: 59_00, category: 6),
        Product(sku: "24-WG02", name: "Tempo Fitness Watch", cents: 149_00, category: 7),
    ]

    /// The Abominable Hoodie, the tutorial customer's favourite.
    static let abominableHoodie = products[0]

    /// The products of category `index`.
    static func products(in index: Int) -> [Product] {
        products.filter { $0.category == index }
    }
}
