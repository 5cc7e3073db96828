import Testing
@testable import CohortCore

/// What `cohort graph` draws: the graph holding an identity, its dropped links with their rules, its evicted
/// identities, and the same bytes for the same graph.
@Suite struct IdentityGraphDrawingTests {
    static let crm = Namespace(id: Located("crm", at: .start(of: "n")), name: "CRM", type: .crossDevice, priority: 10,
                               limit: 1)
    static let namespaces = Namespace.builtIn + [crm]
    static let tablet = Identity(namespace: "ECID", id: "71637951749074886733412161462891306243")
    static let alice = Identity(namespace: "crm", id: "alice")
    static let bob = Identity(namespace: "crm", id: "bob")

    static func record(_ identities: [Identity], at time: Int64, line: Int) -> IdentityGraph.Record {
        IdentityGraph.Record(identities: identities, anchor: identities.first, time: time,
                             origin: RecordOrigin(sequence: 1, file: "archive/web/000001-web.ndjson", index: line,
                                                  line: line))
    }

    static func drawing(_ records: [IdentityGraph.Record], of subject: Identity,
                        limit: Int = 50) -> IdentityGraphDrawing? {
        let graph = IdentityGraph(records: records, namespaces: namespaces, identitiesPerGraph: limit)
        return IdentityGraphDrawing(graph: graph, holding: subject, namespaces: namespaces)
    }

    /// Alice logged in on the tablet on 1 November, Bob on 10 November: the tablet follows Bob.
    static let sharedTablet = [
        record([tablet, alice], at: 1_793_523_600_000, line: 2),
        record([tablet, bob], at: 1_794_301_200_000, line: 1),
    ]

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func aSharedDevicesSecondLoginIsDrawnAndTheFirstIsDashedWithItsRule() throws {
        let drawing = try #require(Self.drawing(Self.sharedTablet, of: Self.tablet))
        #expect(drawing.nodes.map(\.identity) == [Self.tablet, Self.alice, Self.bob])
        #expect(drawing.nodes.map(\.place) == [.member, .elsewhere, .member])
        #expect(drawing.nodes.map(\.type) == [.cookie, .crossDevice, .crossDevice])
        #expect(drawing.edges.map(\.isDropped) == [false, true])
        #expect(drawing.edges[1].rule == .namespaceLimit(namespace: "crm", limit: 1))
        #expect((drawing.edges[1].from, drawing.edges[1].to) == (0, 1))

        let svg = GraphSVG.render(drawing)
        #expect(Self.count(#"<line class="link" "#, in: svg) == 1)
        #expect(Self.count(#"<line class="link dropped" "#, in: svg) == 1)
        #expect(svg.contains(##"class="link dropped" stroke="#cf222e" stroke-dasharray="6 4""##))
        #expect(svg.contains(">dropped: crm is unique</tspan>"))
        #expect(svg.contains(">000001-web.ndjson:2</tspan>"))
        #expect(svg.contains(">2026-11-01T09:00:00Z</tspan>"))
        #expect(svg.contains(">in another profile</text>"))
        #expect(Self.count(#"<circle class="node" "#, in: svg) == 3)

        let text = GraphText.render(drawing)
        #expect(text.contains("  ECID:71637951749074886733412161462891306243 — crm:alice   "
                              + "archive/web/000001-web.ndjson:2   2026-11-01T09:00:00Z   dropped: crm is unique\n"))
        #expect(text.contains("    crm:alice   (in another profile)\n"))
        // Alice's graph draws the same dropped link, from her side.
        let alices = try #require(Self.drawing(Self.sharedTablet, of: Self.alice))
        #expect(alices.nodes.map(\.place) == [.elsewhere, .member])
        #expect(alices.edges.map(\.rule) == [.namespaceLimit(namespace: "crm", limit: 1)])
    }

    @Test func anEvictedIdentityIsDrawnWithItsDroppedLinksAndTheIdentityLimit() throws {
        let oldCookie = Identity(namespace: "ECID", id: "11111111111111111111111111111111111111")
        let records = [
            Self.record([Self.bob, oldCookie], at: 1_000, line: 1),
            Self.record([Self.bob, Self.tablet], at: 2_000, line: 2),
            Self.record([Self.bob, Identity(namespace: "Email", id: "bob@x.com")], at: 3_000, line: 3),
        ]
        let drawing = try #require(Self.drawing(records, of: Self.bob, limit: 3))
        let evicted = try #require(drawing.nodes.first { $0.identity == oldCookie })
        #expect(evicted.place == .evicted)
        #expect(drawing.edges.filter(\.isDropped).map(\.rule) == [.identityLimit(limit: 3)])
        let svg = GraphSVG.render(drawing)
        #expect(svg.contains(">evicted: over 3 identities</tspan>"))
        #expect(svg.contains(#"stroke-dasharray="3 2""#))
        #expect(GraphText.render(drawing).contains("    ECID:11111111111111111111111111111111111111   (evicted)\n"))
        // Drawn for itself, the evicted cookie stands alone, its lost link pointing at the graph it left.
        let alone = try #require(Self.drawing(records, of: oldCookie, limit: 3))
        #expect(alone.nodes.map(\.place) == [.member, .elsewhere])
        #expect(alone.edges.map(\.rule) == [.identityLimit(limit: 3)])
    }

    @Test func anIdentityInNoGraphHasNoDrawing() {
        #expect(Self.drawing(Self.sharedTablet, of: Identity(namespace: "crm", id: "carol")) == nil)
    }

    @Test func theSameGraphIsTheSameBytesWhateverTheRecordOrder() throws {
        var records = Self.sharedTablet
        for index in 0..<12 {
            records.append(Self.record([Self.bob, Identity(namespace: "Email", id: "bob\(index)@x.com")],
                                       at: 1_794_301_200_000 + Int64(index), line: 10 + index))
        }
        let drawing = try #require(Self.drawing(records, of: Self.bob))
        let reversed = try #require(Self.drawing(records.reversed(), of: Self.bob))
        for render in [GraphSVG.render, GraphDOT.render, GraphText.render] {
            #expect(render(drawing) == render(drawing))
            #expect(render(reversed) == render(drawing))
        }
    }

    @Test func labelsAreEscapedAndLongValuesShortened() throws {
        let odd = Identity(namespace: "crm", id: #"<b>&"quoted" and a very long tail"#)
        let drawing = try #require(Self.drawing([Self.record([Self.tablet, odd], at: 0, line: 1)], of: odd))
        let svg = GraphSVG.render(drawing)
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("<title>crm:&lt;b&gt;&amp;&quot;quoted&quot; and a very long tail\ncross-device</title>"))
        #expect(svg.contains(">crm:&lt;b&gt;&amp;&quot;quote…y long tail</text>"))
        #expect(IdentityGraphDrawing.shortLabel(of: Self.tablet) == "ECID:7163795174…62891306243")
        #expect(IdentityGraphDrawing.shortLabel(of: Self.bob) == "crm:bob")
        let dot = GraphDOT.render(drawing)
        #expect(dot.contains(#""crm:<b>&\"quoted\" and a very long tail" [xlabel="#))
        #expect(GraphDOT.quoted(#"a\N"b"# + "\n") == #""a\\N\"b\n""#)
    }

    @Test func theSVGHasAViewBoxALegendAndOneTypeface() throws {
        let svg = GraphSVG.render(try #require(Self.drawing(Self.sharedTablet, of: Self.tablet)))
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#))
        #expect(svg.contains(#"font-family="system-ui, "#))
        #expect(Self.count("font-family", in: svg) == 1)
        for entry in [">cookie</text>", ">cross-device</text>", ">link</text>", ">dropped link</text>",
                      ">in another profile</text>"] {
            #expect(svg.contains(entry), "\(entry)")
        }
        #expect(!svg.contains(">email</text>"))
    }
}
