import Testing
@testable import CohortCore

/// What `validate` says about a preset destination whose definition cannot fill the platform's file,
/// and how a preset's add/remove files keep track of what was sent.
@Suite struct PresetCheckTests {
    typealias F = ActivationFixture

    static func errors(_ json: String) -> [String] {
        DestinationCheckTests.errors(json)
    }

    @Test(arguments: [
        (#"{"id": "d", "preset": "meta-custom-audience", "segments": ["gold"], "identity": {"namespace": "Email"}}"#,
         #"destinations/d.json:1:23: error: unknown preset "meta-custom-audience"; the presets are "meta-custom-audiences", "google-customer-match", "linkedin-matched-audiences", "tiktok-customer-file", "adobe-target-customer-attributes", "braze-user-import", "airship-named-user-list"; did you mean `meta-custom-audiences`?"#),
        (#"{"id": "d", "preset": "meta-custom-audiences", "segments": ["gold"], "identity": {"namespace": "Email"}, "mappings": [{"source": "homeAddress.city", "target": "cty"}]}"#,
         #"destinations/d.json:1:130: error: preset "meta-custom-audiences" has no column "cty"; its columns are "email", "phone", "madid", "fn", "ln", "ct", "st", "country", "zip", "dob", "doby", "gen", "uid"; did you mean `ct`?"#),
        (#"{"id": "d", "preset": "google-customer-match", "segments": ["gold"], "identity": {"namespace": "crm"}}"#,
         #"destinations/d.json:1:96: error: preset "google-customer-match" keys rows by identities of type email, phone; namespace "crm" is of type cross_device; use "Email" or "Email_LC_SHA256" or "Phone" or "Phone_E.164" or "Phone_SHA256""#),
        (#"{"id": "d", "preset": "meta-custom-audiences", "mode": "full", "segments": ["gold"], "identity": {"namespace": "Email"}}"#,
         #"destinations/d.json:1:56: error: preset "meta-custom-audiences" sends Meta Custom Audiences add and remove files per export, which is mode "incremental"; remove `mode` or set it to "incremental""#),
        (#"{"id": "d", "preset": "meta-custom-audiences", "segments": ["gold"], "identity": {"namespace": "Email", "hash": "sha256"}}"#,
         #"destinations/d.json:1:113: error: preset "meta-custom-audiences" normalizes and hashes each column as Meta Custom Audiences requires; remove `hash`"#),
        (#"{"id": "d", "preset": "google-customer-match", "segments": ["gold"], "identity": {"namespace": "Email"}, "mappings": [{"source": "person.name.firstName", "target": "First Name"}]}"#,
         #"destinations/d.json:1:130: error: Google Ads Customer Match matches "First Name", "Last Name", "Country", "Zip" only together; map "Last Name" and "Country" and "Zip" too, or remove this mapping"#),
        (#"{"id": "d", "preset": "meta-custom-audiences", "segments": ["gold"], "identity": {"namespace": "Email"}, "mappings": [{"source": "personalEmail.address", "target": "email"}]}"#,
         #"destinations/d.json:1:130: error: column "email" of preset "meta-custom-audiences" is already filled by the export identity "Email"; give each mapping its own column"#),
        (#"{"id": "d", "preset": "braze-user-import", "segments": ["gold"], "identity": {"namespace": "crm"}, "fileName": "all.csv"}"#,
         #"destinations/d.json:1:112: error: `fileName` "all.csv" needs {segment}: each audience is its own Braze user import list, and preset "braze-user-import" writes no segment column, e.g. "{destination}_{segment}.csv""#),
        (#"{"id": "d", "preset": "airship-named-user-list", "segments": ["gold"], "identity": {"namespace": "crm"}, "consent": {"path": "loyalty.tier", "allow": ["gold"]}, "csv": {"delimiter": ";"}}"#,
         #"destinations/d.json:1:169: error: preset "airship-named-user-list" writes the CSV Airship uploaded list reads (comma, double quote, no header row); remove `csv`"#),
        (#"{"id": "d", "preset": "braze-user-import", "segments": ["gold"], "identity": {"namespace": "crm"}, "csv": {"header": false}}"#,
         #"destinations/d.json:1:107: error: preset "braze-user-import" writes the CSV Braze user import reads (comma, double quote, a header row); remove `csv`"#),
    ])
    func mappingsAPresetCannotWriteAreLocatedErrors(json: String, expected: String) {
        #expect(Self.errors(json) == [expected])
    }

    @Test func aStatusMappingIsRefusedForThePlatformLearnsExitsOtherwise() {
        let json = #"{"id": "d", "preset": "google-customer-match", "segments": ["gold"], "identity": {"namespace": "Email"}, "mappings": [{"source": "segmentMembership.status", "target": "status"}]}"#
        #expect(Self.errors(json).count == 1)
        #expect(Self.errors(json).first?.contains("learns who left from the remove files") == true)
    }

    @Test func theXMLFormReadsTheSamePreset() throws {
        let xml = """
            <destination id="d" preset="google-customer-match">
              <segment>gold</segment>
              <identity namespace="Email"/>
              <mapping source="person.name.firstName" target="First Name"/>
              <mapping source="person.name.lastName" target="Last Name"/>
              <mapping source="homeAddress.city" target="Zip"/>
              <mapping source="loyalty.tier" target="Country"/>
            </destination>
            """
        let result = F.workspace([SourceFile(path: "destinations/d.xml", text: xml)])
        #expect(result.errors.isEmpty)
        let destination = try #require(result.workspace.destinations.first)
        #expect(destination.mode == .incremental)
        #expect(destination.removeFileName?.value == "{destination}_{segment}_{build}_remove.csv")
    }

    @Test func messagingPresetsRequireConsentUnlessTheDestinationSetsItsOwn() throws {
        let preset = try F.destination(#"{"id": "d", "preset": "braze-user-import", "segments": ["gold"], "identity": {"namespace": "Email"}}"#).1
        #expect(preset.consent?.path.value == "consents.marketing.email.val")
        #expect(preset.consent?.allow == ["y", "dy"])
        let own = try F.destination(#"{"id": "d", "preset": "braze-user-import", "segments": ["gold"], "identity": {"namespace": "Email"}, "consent": {"path": "consents.marketing.email.val", "allow": ["y"]}}"#).1
        #expect(own.consent?.allow == ["y"])
    }

    /// Google's file: its header in Google's order whatever the mapping order, the identity hashed,
    /// country and zip plain; who left goes to a remove file, and a later export from the files alone
    /// knows they were removed.
    @Test func addAndRemoveFilesFollowTheAudience() throws {
        let json = #"""
            {"id": "g", "preset": "google-customer-match", "segments": ["gold"], "identity": {"namespace": "Email"},
             "mappings": [{"source": "homeAddress.city", "target": "Zip"}, {"source": "person.name.lastName", "target": "Last Name"},
                          {"source": "person.name.firstName", "target": "First Name"}, {"source": "loyalty.tier", "target": "Country"}]}
            """#
        let (workspace, destination) = try F.destination(json)
        let planner = FileExportPlanner(destination: destination, workspace: workspace)
        let ann = F.person(crm: "1", emails: ["Ann@Example.com"], first: "Ann", last: "Lee", tier: "gold", city: "0150")
        let eve = F.person(crm: "5", emails: ["eve@example.com"], first: "Eve", last: "Lee", tier: "gold", city: "0151")
        let first = planner.plan(F.input([ann, eve], members: ["gold": [(ann, 1), (eve, 1)]]), previous: .none)
        let added = try #require(F.text(first.files["g_gold_000001_add.csv"]))
        #expect(added.hasPrefix("Email,First Name,Last Name,Country,Zip\n"))
        // SHA-256 of "ann@example.com", "ann" and "lee" (printf '%s' ann@example.com | sha256sum); "gold" is
        // no country, so that cell is empty; the zip is plain.
        #expect(added.contains("\n71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476,"
            + "49915e0d7d4b402e3017d010bc1c0e83cac6c797d6c16e66340fe3268693a6a1,"
            + "1508b697895abf03d55c3841f59236ab92c9ba6ba89795c8337fcf392fdee8b4,,0150\n"))
        #expect(first.files.keys.sorted() == ["g_gold_000001_add.csv"])
        let afterFirst = PreviousExport.none.after(first)
        let second = planner.plan(F.input([ann, eve], members: ["gold": [(ann, 1)]]), previous: afterFirst)
        #expect(second.files.keys.sorted() == ["g_gold_000002_remove.csv"])
        #expect(second.manifest.files.last == ExportManifest.File(name: "g_gold_000002_remove.csv", segment: "gold", export: 2, rows: 1, removes: true))
        let removed = try #require(F.text(second.files["g_gold_000002_remove.csv"]))
        let eveRow = try #require(added.split(separator: "\n").first { added.contains($0) && $0.hasSuffix(",0151") })
        #expect(removed == "Email,First Name,Last Name,Country,Zip\n\(eveRow)\n")
        let decoded = try #require(ExportManifest.decode(second.manifest.encoded()))
        #expect(decoded == second.manifest)
        let third = planner.plan(F.input([ann, eve], members: ["gold": [(ann, 1)]]), previous: afterFirst.after(second))
        #expect(third.files.isEmpty)
        #expect(third.changes["gold"] == RowChanges())
    }
}
