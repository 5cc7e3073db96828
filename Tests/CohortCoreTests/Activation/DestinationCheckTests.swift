import Testing
@testable import CohortCore

/// What `validate` says about destination shapes that exports cannot honour.
@Suite struct DestinationCheckTests {
    static func errors(_ json: String) -> [String] {
        ActivationFixture.workspace([SourceFile(path: "destinations/d.json", text: json)]).errors.map(\.description)
    }

    @Test(arguments: [
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "mode": "incremental", "fileName": "{segment}_{build}.csv"}"#,
         #"destinations/d.json:1:8: error: an incremental destination must map "segmentMembership.status" (e.g. to "status") so that each row says whether the profile entered (realized) or left (exited)"#),
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "fileName": "{segment}_{build}.csv"}"#,
         "destinations/d.json:1:83: error: {build} is for incremental and stream destinations, which write a new file per export; a full export rewrites the same files"),
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "mode": "incremental", "mappings": [{"source": "segmentMembership.status", "target": "status"}], "fileName": "{segment}.csv"}"#,
         #"destinations/d.json:1:180: error: `fileName` "{segment}.csv" needs {build}: an incremental destination writes a new file for each export, numbered by {build}, so that no export overwrites another"#),
        (#"{"id": "d", "type": "stream", "segments": ["gold"], "fileName": "hook.ndjson"}"#,
         #"destinations/d.json:1:65: error: `fileName` "hook.ndjson" needs {build}: a stream destination writes a new file for each export, numbered by {build}, so that no export overwrites another"#),
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "mappings": [{"source": "loyalty.tier", "target": "Email"}]}"#,
         #"destinations/d.json:1:95: error: the target "Email" is already the export identity; give each mapping its own target"#),
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "fileName": "all.csv", "mappings": [{"source": "loyalty.tier", "target": "segment"}]}"#,
         #"destinations/d.json:1:118: error: the target "segment" is already the segment column of a file holding every segment; give each mapping its own target"#),
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "csv": {"delimiter": "¦"}}"#,
         #"destinations/d.json:1:92: error: `delimiter` must be a single ASCII character other than a line break, found "¦" (not ASCII); for a tab write "\t" in JSON or "&#9;" in XML"#),
    ])
    func shapesExportsCannotHonourAreErrors(json: String, expected: String) {
        #expect(Self.errors(json) == [expected])
    }

    /// A file named like the manifest would be overwritten by it: whatever produces the name, it is refused.
    @Test(arguments: [
        (#"{"id": "d", "format": "json", "segments": ["manifest"], "identity": {"namespace": "Email"}, "fileName": "{segment}.json"}"#,
         #"destinations/d.json:1:105: error: `fileName` "{segment}.json" gives "manifest.json" for segment "manifest", "#),
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "fileName": "Manifest.JSON"}"#,
         #"destinations/d.json:1:83: error: `fileName` "Manifest.JSON" gives "Manifest.JSON", "#),
        (#"{"id": "manifest", "format": "json", "segments": ["gold"], "identity": {"namespace": "Email"}, "fileName": "{destination}.json"}"#,
         #"destinations/d.json:1:108: error: `fileName` "{destination}.json" gives "manifest.json", "#),
    ])
    func fileNamedLikeTheManifestIsAnError(json: String, expectedStart: String) {
        let manifestSegment = SourceFile(path: "segments/manifest.pql", text: #"loyalty.tier = "gold""#)
        let errors = ActivationFixture.workspace([manifestSegment, SourceFile(path: "destinations/d.json", text: json)])
            .errors.map(\.description)
        #expect(errors.count == 1)
        #expect(errors.allSatisfy { $0.hasPrefix(expectedStart) && $0.contains("which would overwrite it") })
    }

    @Test func numberedFilesNeverClashWithTheManifest() {
        let json = #"{"id": "d", "type": "stream", "segments": ["gold"], "fileName": "manifest{build}.json"}"#
        #expect(Self.errors(json).isEmpty)
    }

    @Test func defaultFileNamesFitEachMode() throws {
        let incremental = try ActivationFixture.destination(#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "mode": "incremental", "mappings": [{"source": "segmentMembership.status", "target": "status"}]}"#).1
        #expect(incremental.fileName.value == "{destination}_{segment}_{build}.csv")
        let stream = try ActivationFixture.destination(#"{"id": "d", "type": "stream", "segments": ["gold"]}"#).1
        #expect(stream.fileName.value == "{destination}_{build}.ndjson")
        let full = try ActivationFixture.destination(#"{"id": "d", "format": "json", "segments": ["gold"], "identity": {"namespace": "Email"}}"#).1
        #expect(full.fileName.value == "{destination}_{segment}.json")
    }
}

/// What `validate` says about a lookup destination's options.
@Suite struct LookupDestinationCheckTests {
    @Test(arguments: [
        (#"{"id": "d", "type": "lookup", "segments": ["gold"]}"#,
         #"destinations/d.json:1:8: error: destination "d" needs `identity`: {"namespace":"Email"} names the identity each row is keyed by"#),
        (#"{"id": "d", "type": "lookup", "segments": ["gold"], "identity": {"namespace": "Email"}, "prefixLength": 5}"#,
         "destinations/d.json:1:105: error: `prefixLength` is 5; it must be 1 to 4 (16 to 65,536 shards)"),
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "prefixLength": 2}"#,
         #"destinations/d.json:1:87: error: `prefixLength` is for lookup destinations ("type": "lookup"); remove it"#),
        (#"{"id": "d", "type": "lookup", "segments": ["gold"], "identity": {"namespace": "Email"}, "fileName": "x.json"}"#,
         "destinations/d.json:1:101: error: a lookup destination names each shard by its key prefix; remove `fileName`"),
        (#"{"id": "d", "type": "lookup", "segments": ["gold"], "identity": {"namespace": "Email"}, "mode": "incremental"}"#,
         "destinations/d.json:1:97: error: a lookup destination writes every current member, one entry per key; remove `mode`"),
        (#"{"id": "d", "type": "lookup", "format": "csv", "segments": ["gold"], "identity": {"namespace": "Email"}}"#,
         #"destinations/d.json:1:41: error: a lookup destination writes JSON shards; remove `format` or set it to "json""#),
        (#"{"id": "d", "type": "lookup", "segments": ["gold"], "identity": {"namespace": "Email"}, "mappings": [{"source": "segmentMembership.status", "target": "s"}]}"#,
         #"destinations/d.json:1:113: error: a lookup entry lists the segments its profile is in; remove the mapping of "segmentMembership.status""#),
    ])
    func optionsALookupCannotHonourAreErrors(json: String, expected: String) {
        #expect(DestinationCheckTests.errors(json) == [expected])
    }

    /// An entry's attributes sit beside its key, so a target may share the namespace's name; targets nest by
    /// their dots, so one may not hold another.
    @Test(arguments: [
        (#"[{"source": "loyalty.tier", "target": "Email"}]"#, [String]()),
        (#"[{"source": "loyalty.tier", "target": "a"}, {"source": "person.name.firstName", "target": "a.b"}]"#,
         [#"destinations/d.json:1:156: error: the target "a.b" and the target "a" of "loyalty.tier" nest one inside the other in an entry's attributes, where one would overwrite the other; rename one"#]),
        (#"[{"source": "loyalty.tier", "target": "a.b.c"}, {"source": "person.name.firstName", "target": "a.b"}]"#,
         [#"destinations/d.json:1:160: error: the target "a.b" and the target "a.b.c" of "loyalty.tier" nest one inside the other in an entry's attributes, where one would overwrite the other; rename one"#]),
        (#"[{"source": "loyalty.tier", "target": "t"}, {"source": "person.name.firstName", "target": "t"}]"#,
         [#"destinations/d.json:1:156: error: the target "t" is already the target of "loyalty.tier"; give each mapping its own target"#]),
        (#"[{"source": "loyalty.tier", "target": "a.b"}, {"source": "person.name.firstName", "target": "a.bc"}]"#, [String]()),
    ])
    func lookupTargetsMayNotHoldOneAnother(mappings: String, expected: [String]) {
        let json = #"{"id": "d", "type": "lookup", "segments": ["gold"], "identity": {"namespace": "Email"}, "mappings": "# + mappings + "}"
        #expect(DestinationCheckTests.errors(json) == expected)
    }

    @Test func aLookupDestinationReadsTheSameFromXML() throws {
        let xml = """
            <destination id="d" type="lookup" prefixLength="3">
              <segments><segment>gold</segment></segments>
              <identity namespace="Email" hash="sha256"/>
              <mapping source="loyalty.tier" target="tier"/>
            </destination>
            """
        let result = ActivationFixture.workspace([SourceFile(path: "destinations/d.xml", text: xml)])
        #expect(result.errors.isEmpty, "\(result.errors)")
        let destination = try #require(result.workspace.destinations.first)
        #expect(destination.type == .lookup && destination.format == .json && destination.prefixLength == 3)
        #expect(destination.identity?.hash == .sha256)
    }
}
