import Testing
@testable import CohortCore

/// The union-find of identities that fills the `identities` table against a naive recomputation.
@Suite struct ComponentLinksTests {
    /// Random links among identities that share prefixes, differ in length, hold non-ASCII text and
    /// an empty value: every identity is handed over once, in byte order, and two identities share a
    /// component number exactly when `components()` puts them together, numbered in the order of
    /// each component's first identity.
    @Test func identitiesInByteOrderWithTheirComponents() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let pool = ["", "email:a", "email:ab", "email:b", "ecid:1", "ecid:10", "ecid:2", "phone:+1", "email:é", "email:f",
                        "crm:Z", "crm:z", "crm:日本"] + (0..<Int.random(in: 0..<1_500, using: &generator)).map { "ecid:\($0 * 7)" }
            var links = ComponentLinks()
            for _ in 0..<Int.random(in: 1..<2_000, using: &generator) {
                let anchor = pool.randomElement(using: &generator)!
                links.link(anchor, (0..<Int.random(in: 0..<3, using: &generator)).map { _ in pool.randomElement(using: &generator)! })
            }
            var seen: [(identity: [UInt8], component: Int64)] = []
            let count = links.forEachIdentityInOrder { seen.append((Array($0), $1)) }

            let components = links.components()
            #expect(count == components.count)
            #expect(seen.count == links.count)
            #expect(seen.map(\.identity) == seen.map(\.identity).sorted { $0.lexicographicallyPrecedes($1) })
            let componentOf = Dictionary(uniqueKeysWithValues: seen.map { (String(decoding: $0.identity, as: UTF8.self), $0.component) })
            #expect(Set(componentOf.keys) == Set(components.joined()))
            for component in components {
                #expect(Set(component.map { componentOf[$0] }).count == 1)
            }
            var numbers: [Int64] = []
            var numbered = Set<Int64>()
            for (_, component) in seen where numbered.insert(component).inserted { numbers.append(component) }
            #expect(numbers == Array(1...Int64(count)))
        }
    }

    /// Two spellings of one text, "é" as one scalar and as "e" with a combining accent, are equal
    /// as Swift strings but two keys to SQLite: they stay two identities, each its own component,
    /// until a record links them.
    @Test func canonicallyEquivalentSpellingsStayTwoIdentities() {
        let (composed, decomposed) = ("email:\u{E9}@example.org", "email:e\u{301}@example.org")
        var links = ComponentLinks()
        links.link(composed, [])
        links.link(decomposed, [])
        var seen: [[UInt8]: Int64] = [:]
        #expect(links.forEachIdentityInOrder { seen[Array($0)] = $1 } == 2)
        #expect(links.count == 2)
        #expect(Set(seen.keys) == [Array(composed.utf8), Array(decomposed.utf8)])
        #expect(Set(seen.values).count == 2)
        links.link(composed, [decomposed])
        #expect(links.forEachIdentityInOrder { _, _ in } == 1)
    }
}
