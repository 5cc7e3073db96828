import Testing
@testable import CohortCore

/// Presets normalize and hash as each platform publishes: every expected value here is copied from
/// the platform's own documentation (the page is named per test), not computed by this code.
@Suite struct DestinationPresetTests {
    static func value(_ preset: DestinationPreset, _ header: String, _ input: String, country: String? = nil) -> String? {
        preset.column(header)?.exported(input, defaultCountry: country)
    }

    static func normalized(_ preset: DestinationPreset, _ header: String, _ input: String, country: String? = nil) -> String? {
        preset.column(header)?.normalization.apply(input, defaultCountry: country)
    }

    /// Meta's customer information parameters page (the normalization Custom Audiences share):
    /// https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters
    @Test(arguments: [
        ("email", "John_Smith@gmail.com", "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"),
        ("phone", "(650)555-1212", "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"),
        ("fn", "Mary", "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec"),
        ("fn", "정", "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14"),
        ("fn", "Valéry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c"),
        ("dob", "2/16/1997", "01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c"),
        ("country", "United States", "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621"),
    ])
    func metaHashesAsMetaPublishes(header: String, input: String, hash: String) {
        #expect(Self.value(.metaCustomAudiences, header, input, country: "US") == hash)
    }

    /// The same page's normalized forms: a US phone as digits with its country code and no "+"; a
    /// date as YYYYMMDD; a city without spaces; US ZIPs of five digits. Meta's upload page's example
    /// `+44 844 412 4653` keeps its own country code.
    @Test(arguments: [
        ("phone", "(650)555-1212", "16505551212"),
        ("phone", "+44 844 412 4653", "448444124653"),
        ("email", "John_Smith@gmail.com", "john_smith@gmail.com"),
        ("fn", "Valéry", "valéry"),
        ("dob", "2/16/1997", "19970216"),
        ("ct", "New York", "newyork"),
        ("zip", "94035", "94035"),
        ("country", "United States", "us"),
        ("gen", "female", "f"),
    ])
    func metaNormalizesAsMetaPublishes(header: String, input: String, expected: String) {
        #expect(Self.normalized(.metaCustomAudiences, header, input, country: "US") == expected)
    }

    /// Meta's `st` rule ("Use the 2-character ANSI abbreviation code, lowercase. Normalize states outside
    /// the U.S. in lowercase, no punctuation, no special characters, no white space"): the page gives
    /// `az` and `ca` as codes but no full name, so these cases follow the stated rule.
    @Test(arguments: [
        ("California", "ca"), ("CA", "ca"), ("New York", "ny"), (" district of columbia ", "dc"),
        ("Ontario", "ontario"), ("Baden-Württemberg", "badenwürttemberg"),
    ])
    func metaWritesUSStatesAsTheirCodes(input: String, expected: String) {
        #expect(Self.normalized(.metaCustomAudiences, "st", input) == expected)
    }

    /// Google's Data Manager quickstart and formatting guide:
    /// https://developers.google.com/data-manager/api/get-started/quickstart and
    /// https://developers.google.com/data-manager/api/devguides/concepts/formatting
    @Test(arguments: [
        ("Email", "DanaM@example.com", "1df6b43bc68dd38eca94e6a65b4f466ae537b796c81a526918b40ac4a7b906c7"),
        ("Email", "quinn@CYMBALGROUP.com", "05bb62526f091b45d20e243d194766cca8869137421047dc53fa4876d111a6f0"),
        ("Email", "baklavainthebalkans@gmail.com  ", "f1fcde379f31f4d446b76ee8f34860eca2288adc6b6d6c0fdc56d9eee75a2fa5"),
        ("Email", "cloudySanFrancisco@GMAIL.com", "223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4"),
        ("Email", "cloudy.sanfrancisco+shopping@gmail.com", "223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4"),
        ("Phone", "+1-800-555-0100", "fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30"),
        ("Phone", "+1 800-555-0101", "61d6c2976b5d92b1ad63073a12fddd26040cd980067d03a93dd1cc50f1a3ac68"),
    ])
    func googleHashesAsGooglePublishes(header: String, input: String, hash: String) {
        #expect(Self.value(.googleCustomerMatch, header, input) == hash)
    }

    /// The formatting guide's normalized forms: the gmail rules apply to gmail.com and googlemail.com
    /// only; a US number becomes E.164 with its "+"; country and zip are not hashed.
    @Test(arguments: [
        ("Email", "user.name+NYC@Example.com", "user.name+nyc@example.com"),
        ("Email", "cloudy.sanfrancisco+shopping@gmail.com", "cloudysanfrancisco@gmail.com"),
        ("Phone", "(800)555-0100", "+18005550100"),
    ])
    func googleNormalizesAsGooglePublishes(header: String, input: String, expected: String) {
        #expect(Self.normalized(.googleCustomerMatch, header, input, country: "US") == expected)
    }

    @Test func googleWritesCountryAndZipInPlainText() {
        #expect(Self.value(.googleCustomerMatch, "Country", "United States") == "US")
        #expect(Self.value(.googleCustomerMatch, "Zip", "94303-5300") == "94303-5300")
    }

    /// Braze publishes rules and example values but no conversions: these inputs are derived from its
    /// stated rules ("E.164 format (for example, +442071838750)", "ISO-3166-1 alpha-2 (for example,
    /// GB)", "YYYY-MM-DD (for example, 1980-12-21)", gender "M", "F").
    @Test(arguments: [
        ("phone", "+44 20 7183 8750", "+442071838750"),
        ("country", "United Kingdom", "GB"),
        ("country", "gb", "GB"),
        ("dob", "1980-12-21", "1980-12-21"),
        ("gender", "female", "F"),
        ("email", " jane.doe@braze.com", "jane.doe@braze.com"),
    ])
    func brazeWritesBrazesFormats(header: String, input: String, expected: String) {
        #expect(Self.value(.brazeUserImport, header, input) == expected)
    }

    /// TikTok's supported-IDs page (its preview version publishes the hashes; the page's printed
    /// inputs and outputs disagree, and the hashes are of the printed normalized values):
    /// https://ads.tiktok.com/help/article/list-of-supported-ids-and-formats-for-a-customer-file
    @Test(arguments: [
        ("Email_SHA256", "janedoe@gmail.com", "d6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69"),
        // Published as "374-93-828222" → "37493828222": cohort reads a number without "+" as national to
        // the workspace's country, so the international number is written here with its "+".
        ("Phone_SHA256", "+374-93-828222", "65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4"),
        ("MAID_SHA256", "5f3a2b18-9c4d-4e7f-b8e2-17d3a1e69b25", "83dc3f5f32b9472613b0f038d36f22585a609d018af6f6067f50da318bf354bd"),
    ])
    func tiktokHashesAsTikTokPublishes(header: String, input: String, hash: String) {
        #expect(Self.value(.tiktokCustomerFile, header, input, country: "US") == hash)
    }

    /// "The US phone number (657)777-0000 is normalized to 16577770000"; "Remove '+' and any characters
    /// following the '+' symbol until '@'" (the address is derived from that rule, none is published).
    @Test func tiktokNormalizesAsTikTokPublishes() {
        #expect(Self.normalized(.tiktokCustomerFile, "Phone_SHA256", "(657)777-0000", country: "US") == "16577770000")
        #expect(Self.normalized(.tiktokCustomerFile, "Email_SHA256", "Firstname-Lastname+ads@Example.com") == "firstname-lastname@example.com")
    }

    /// Target refuses "+" and "/" in an mbox3rdPartyId: such a customer has no usable id.
    @Test func targetLeavesOutIdsTargetRefuses() {
        #expect(Self.value(.adobeTargetCustomerAttributes, "mbox3rdPartyId", "2000578") == "2000578")
        #expect(Self.value(.adobeTargetCustomerAttributes, "mbox3rdPartyId", "a+b") == nil)
        #expect(Self.value(.adobeTargetCustomerAttributes, "mbox3rdPartyId", "a/b") == nil)
    }

    @Test func valuesThatCannotBeNormalizedLeaveTheCellEmpty() {
        #expect(Self.value(.metaCustomAudiences, "phone", "555-1212") == nil)
        #expect(Self.value(.metaCustomAudiences, "dob", "1990-02-xx") == nil)
        #expect(Self.value(.metaCustomAudiences, "gen", "non_specific") == nil)
        #expect(Self.value(.metaCustomAudiences, "country", "Atlantis") == nil)
    }

    @Test func presetNamesAreUniqueAndColumnsTooWithinEach() {
        let names = DestinationPreset.all.map(\.name)
        #expect(Set(names).count == names.count)
        for preset in DestinationPreset.all {
            #expect(Set(preset.columns.map(\.header)).count == preset.columns.count, "\(preset.name)")
        }
    }
}
