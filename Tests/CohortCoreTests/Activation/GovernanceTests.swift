import Testing
@testable import CohortCore

/// Data-usage policies block destinations for the labels on what they export.
@Suite struct GovernanceTests {
    typealias F = ActivationFixture

    static func violations(destination: String, deny: String) -> [String] {
        let result = F.workspace([
            SourceFile(path: "destinations/d.json", text: destination),
            SourceFile(path: "policies/p.json", text: #"{"id": "p", "marketingAction": "exportToThirdParty", "deny": \#(deny)}"#),
        ])
        return result.violations.flatMap(\.diagnostics).map(\.description)
    }

    static func destination(_ body: String) -> String {
        #"{"id": "d", "marketingAction": "exportToThirdParty", "identity": {"namespace": "crm"}, \#(body)}"#
    }

    @Test func aMappedLabelledFieldBlocksTheDestinationAtTheMapping() {
        let found = Self.violations(destination: Self.destination(#""segments": ["gold"], "mappings": [{"source": "homeAddress.city", "target": "city"}]"#),
                                    deny: #"{"label": "C2"}"#)
        #expect(found == [#"destinations/d.json:1:134: error: destination "d" is blocked by policy "p" (policies/p.json), which denies marketing action "exportToThirdParty" for label C2 on field homeAddress.city (schema person), which this mapping exports; remove that use, relabel the field, or choose another marketing action"#])
    }

    @Test func theExportIdentitysFieldLabelsCount() {
        let found = Self.violations(destination: #"{"id": "d", "marketingAction": "exportToThirdParty", "identity": {"namespace": "Email"}, "segments": ["gold"]}"#,
                                    deny: #"{"label": "I1"}"#)
        #expect(found.count == 1)
        #expect(found.first?.contains("label I1 on field personalEmail.address (schema person), which holds the exported Email identity") == true)
    }

    @Test func aDatasetLabelOnAnEventFieldASegmentReadsCountsThroughInSegment() {
        let found = Self.violations(destination: Self.destination(#""segments": ["gold-buyers"]"#), deny: #"{"label": "C5"}"#)
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.hasPrefix("destinations/d.json:1:101: error:") })
        #expect(found.contains { $0.contains(#"label C5 on event field commerce.order.priceTotal (dataset purchases), which segment "buyers" (segments/buyers.pql:1:1) (through inSegment) reads"#) })
        #expect(found.contains { $0.contains("label C5 on event field eventType (dataset purchases)") })
    }

    @Test func stitchingAddsC10() {
        let stitched = Self.violations(destination: Self.destination(#""segments": ["gold-buyers"]"#), deny: #"{"label": "C10"}"#)
        #expect(stitched.count == 1)
        #expect(stitched.first?.contains(#"label C10, which identity stitching adds to segment "gold-buyers""#) == true)
        #expect(stitched.first?.contains(#"(merge policy "stitched" uses identityGraph pdg)"#) == true)
        #expect(Self.violations(destination: Self.destination(#""segments": ["gold"]"#), deny: #"{"label": "C10"}"#) == [])
    }

    @Test func anANDNeedsEveryLabelAndOtherActionsAreNotConcerned() {
        let both = #"{"operator": "AND", "operands": [{"label": "C2"}, {"label": "C5"}]}"#
        #expect(Self.violations(destination: Self.destination(#""segments": ["gold"], "mappings": [{"source": "homeAddress.city", "target": "city"}]"#), deny: both) == [])
        let blocked = Self.violations(destination: Self.destination(#""segments": ["buyers"], "mappings": [{"source": "homeAddress.city", "target": "city"}]"#), deny: both)
        #expect(blocked.contains { $0.contains("label C2") } && blocked.contains { $0.contains("label C5") })
        let otherAction = Self.destination(#""segments": ["gold"], "mappings": [{"source": "homeAddress.city", "target": "city"}]"#)
            .replacingOccurrences(of: "exportToThirdParty", with: "emailTargeting")
        #expect(Self.violations(destination: otherAction, deny: #"{"label": "C2"}"#) == [])
    }

    @Test func aBlockedDestinationIsAValidationErrorButNotADefinitionError() {
        let result = F.workspace([
            SourceFile(path: "destinations/d.json", text: Self.destination(#""segments": ["gold"], "mappings": [{"source": "homeAddress.city", "target": "city"}]"#)),
            SourceFile(path: "policies/p.json", text: #"{"id": "p", "marketingAction": "exportToThirdParty", "deny": {"label": "C2"}}"#),
        ])
        #expect(result.hasErrors)
        #expect(result.definitionErrors.isEmpty)
        #expect(result.blockedDestinations == ["d"])
    }
}
