extension DestinationPreset {
    /// Google Ads Customer Match, customer data file: the English headers of Google's template, email,
    /// phone and names normalized and SHA-256 hashed as Google's hashed-upload guidelines say, country
    /// and zip not hashed. An existing list takes uploads that add and uploads that remove members: one
    /// file of each per export.
    /// Format: https://support.google.com/google-ads/answer/7659867
    /// Hashed data: https://support.google.com/google-ads/answer/7476159
    /// Normalization: https://developers.google.com/data-manager/api/devguides/concepts/formatting
    public static let googleCustomerMatch = DestinationPreset(
        name: "google-customer-match",
        platform: "Google Ads Customer Match",
        documentation: "https://support.google.com/google-ads/answer/7659867",
        columns: [
            Column("Email", identities: [.email], attribute: "an email address",
                   .email(gmailRules: true), hashed: true),
            // "Use the E.164 format. Include the plus sign (+) and the country code."
            Column("Phone", identities: [.phone], attribute: "a phone number", .phone(plus: true), hashed: true),
            // "For mail address matching, your data file must contain these 4 column headers".
            Column("First Name", attribute: "a first name", .lowercasedWithoutWhitespace, hashed: true,
                   together: ["Last Name", "Country", "Zip"]),
            Column("Last Name", attribute: "a last name", .lowercasedWithoutWhitespace, hashed: true,
                   together: ["First Name", "Country", "Zip"]),
            Column("Country", attribute: "a country code or English country name",
                   .countryCode(uppercase: true), hashed: false,
                   together: ["First Name", "Last Name", "Zip"]),
            Column("Zip", attribute: "a postal code", .trimmed, hashed: false,
                   together: ["First Name", "Last Name", "Country"]),
        ],
        changes: .addRemoveFiles
    )
}
