extension DestinationPreset {
    /// Braze user CSV import, for email campaigns: Braze's default attribute headers spelled exactly
    /// as Braze requires (else they become custom attributes), the identifier first, values not hashed.
    /// An import updates users by identifier and becomes the audience's targeting filter, so each
    /// export writes the whole audience; only profiles whose email marketing consent is yes (or yes by
    /// default) are written, unless the destination sets its own `consent`.
    /// https://www.braze.com/docs/user_guide/data/unification/user_data/import_users/csv/
    public static let brazeUserImport = DestinationPreset(
        name: "braze-user-import",
        platform: "Braze user import",
        documentation: "https://www.braze.com/docs/user_guide/data/unification/user_data/import_users/csv/",
        columns: [
            Column("external_id", identities: [.crossDevice], attribute: nil, .trimmed, hashed: false),
            Column("email", identities: [.email], attribute: "an email address",
                   .email(gmailRules: false), hashed: false),
            // "in E.164 format (for example, +442071838750)"
            Column("phone", identities: [.phone], attribute: "a phone number", .phone(plus: true), hashed: false),
            Column("first_name", attribute: "a first name", .trimmed, hashed: false),
            Column("last_name", attribute: "a last name", .trimmed, hashed: false),
            // "Country codes must be passed to Braze in the ISO-3166-1 alpha-2 standard (for example, GB)."
            Column("country", attribute: "a country code or English country name",
                   .countryCode(uppercase: true), hashed: false),
            Column("home_city", attribute: "a city", .trimmed, hashed: false),
            // "Must be passed in the format "YYYY-MM-DD" (for example, 1980-12-21)."
            Column("dob", attribute: "a date of birth", .dateISO, hashed: false),
            // "M", "F", "O" (other), "N" (not applicable), "P" (prefer not to say)
            Column("gender", attribute: "a gender (male/female or m/f)", .genderLetter(uppercase: true), hashed: false),
        ],
        changes: .fullFile,
        consent: ("consents.marketing.email.val", ["y", "dy"])
    )
}
