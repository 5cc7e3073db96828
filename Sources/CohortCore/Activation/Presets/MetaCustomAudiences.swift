extension DestinationPreset {
    /// Meta (Facebook) Custom Audiences, customer list file for Ads Manager: lowercase headers in the
    /// order of Meta's template, every personal value normalized and SHA-256 hashed as Meta's Marketing
    /// API documents, the mobile advertiser id and external id not hashed. An existing list takes
    /// "Add customers" and "Remove customers" uploads: one file of each per export.
    /// Headers: https://www.facebook.com/business/help/2082575038703844
    /// Hashing: https://www.facebook.com/business/help/112061095610075
    /// Normalization: https://developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences
    /// and https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters
    public static let metaCustomAudiences = DestinationPreset(
        name: "meta-custom-audiences",
        platform: "Meta Custom Audiences",
        documentation: "https://www.facebook.com/business/help/2082575038703844",
        columns: [
            Column("email", identities: [.email], attribute: "an email address",
                   .email(gmailRules: false), hashed: true),
            // "Remove symbols, letters, and any leading zeros", with the country code: E.164 without "+".
            Column("phone", identities: [.phone], attribute: "a phone number", .phone(plus: false), hashed: true),
            // "Use all lowercase, keep hyphens"; not hashed.
            Column("madid", identities: [.device], attribute: "a mobile advertiser id (AAID or IDFA)",
                   .lowercased, hashed: false),
            Column("fn", attribute: "a first name", .lettersOnly, hashed: true),
            Column("ln", attribute: "a last name", .lettersOnly, hashed: true),
            Column("ct", attribute: "a city", .lettersOnly, hashed: true),
            Column("st", attribute: "a state or province (US: its name or 2-letter code)", .stateCode, hashed: true),
            Column("country", attribute: "a country code or English country name",
                   .countryCode(uppercase: false), hashed: true),
            Column("zip", attribute: "a postal code", .postalCode, hashed: true),
            Column("dob", attribute: "a date of birth", .dateYYYYMMDD, hashed: true),
            Column("doby", attribute: "a date or year of birth", .year, hashed: true),
            Column("gen", attribute: "a gender (male/female or m/f)", .genderLetter(uppercase: false), hashed: true),
            // Meta's EXTERN_ID: the advertiser's own user id, not hashed.
            Column("uid", identities: [.crossDevice], attribute: "your own user id", .trimmed, hashed: false),
        ],
        changes: .addRemoveFiles
    )
}
