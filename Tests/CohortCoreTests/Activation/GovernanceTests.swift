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
        #expect(found.count == 3)
        #expect(found.filter { $0.hasPrefix("destinations/d.json:1:101: error:") }.count == 2)
        #expect(found.contains { $0.contains("label C5 on field crmId (dataset purchases), which holds the exported crm identity") })
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
        let both = #"{"operator": "AND", "operands": [{"label": "C2"}, {"label": "I1"}]}"#
        #expect(Self.violations(destination: Self.destination(#""segments": ["gold"], "mappings": [{"source": "homeAddress.city", "target": "city"}]"#), deny: both) == [])
        let blocked = Self.violations(destination: Self.destination(#""segments": ["gold"], "mappings": [{"source": "homeAddress.city", "target": "city"}, {"source": "personalEmail.address", "target": "email"}]"#), deny: both)
        #expect(blocked.contains { $0.contains("label C2") } && blocked.contains { $0.contains("label I1") })
        let otherAction = Self.destination(#""segments": ["gold"], "mappings": [{"source": "homeAddress.city", "target": "city"}]"#)
            .replacingOccurrences(of: "exportToThirdParty", with: "emailTargeting")
        #expect(Self.violations(destination: otherAction, deny: #"{"label": "C2"}"#) == [])
    }

    /// AEP enforces enabled policies only; a policy without `status` is enabled.
    @Test(arguments: [("", 1), (#", "status": "ENABLED""#, 1), (#", "status": "DISABLED""#, 0), (#", "status": "DRAFT""#, 0)])
    func onlyAnEnabledPolicyBlocks(status: String, blocked: Int) {
        let result = F.workspace([
            SourceFile(path: "destinations/d.json", text: Self.destination(#""segments": ["gold"], "mappings": [{"source": "homeAddress.city", "target": "city"}]"#)),
            SourceFile(path: "policies/p.json", text: #"{"id": "p", "marketingAction": "exportToThirdParty", "deny": {"label": "C2"}\#(status)}"#),
        ])
        #expect(!result.diagnostics.contains { $0.location.file == "policies/p.json" })
        #expect(result.violations.count == blocked)
    }

    @Test func anUnknownPolicyStatusIsAnError() {
        let result = F.workspace([
            SourceFile(path: "policies/p.json", text: #"{"id": "p", "marketingAction": "exportToThirdParty", "deny": {"label": "C2"}, "status": "OFF"}"#),
        ])
        #expect(result.errors.map(\.description) == [#"policies/p.json:1:89: error: `status` cannot be "OFF"; expected one of "DRAFT", "ENABLED", "DISABLED""#])
    }

    /// A dataset that reaches the graph only through `identityMap` still labels the identities it brings.
    @Test func aDatasetLabelReachesIdentitiesFromIdentityMap() {
        let web = [
            SourceFile(path: "schemas/web.xml", text: #"<schema id="web" class="experienceevent"><field path="eventType" type="string"/></schema>"#),
            SourceFile(path: "datasets/web.json", text: #"{"id": "web", "schema": "web", "labels": ["S1"]}"#),
            SourceFile(path: "policies/p.json", text: #"{"id": "p", "marketingAction": "exportToThirdParty", "deny": {"label": "S1"}}"#),
        ]
        let ecid = F.workspace(web + [SourceFile(path: "destinations/d.json", text: #"{"id": "d", "marketingAction": "exportToThirdParty", "identity": {"namespace": "ECID", "hash": "sha256"}, "segments": ["gold"]}"#)])
        #expect(ecid.violations.flatMap(\.diagnostics).map(\.description) == [
            #"destinations/d.json:1:80: error: destination "d" is blocked by policy "p" (policies/p.json), which denies marketing action "exportToThirdParty" for label S1 on identityMap.ECID (dataset web), which holds the exported ECID identity; remove that use, relabel the field, or choose another marketing action"#,
        ])
        let stream = F.workspace(web + [SourceFile(path: "destinations/d.json", text: #"{"id": "d", "type": "stream", "marketingAction": "exportToThirdParty", "segments": ["gold"]}"#)])
        let streamed = stream.violations.flatMap(\.diagnostics).map(\.description)
        #expect(streamed.count == 1)
        #expect(streamed.first?.contains("label S1 on identityMap (dataset web), whose identities this stream's identityMap exports") == true)
        let otherAction = F.workspace(web + [SourceFile(path: "destinations/d.json", text: #"{"id": "d", "marketingAction": "emailTargeting", "identity": {"namespace": "ECID"}, "segments": ["gold"]}"#)])
        #expect(otherAction.violations.isEmpty)
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
