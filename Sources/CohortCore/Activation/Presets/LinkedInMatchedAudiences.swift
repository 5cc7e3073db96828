extension DestinationPreset {
    /// LinkedIn Matched Audiences, contact list for Campaign Manager: the headers of LinkedIn's contact
    /// template, all of them in every file ("Don't change or remove the headers"; a field may stay
    /// blank), the email SHA-256 hashed (LinkedIn takes plain or SHA-256 emails and publishes no
    /// normalization; trimmed and lowercased as every other platform), the rest plain. A contact list
    /// is one uploaded list, replaced by the next upload: a full file per audience.
    /// https://www.linkedin.com/help/lms/answer/a1489764
    /// Template: https://content.linkedin.com/content/dam/help/lms/en-us/LinkedIn_Ads_Contact_Match_Template.csv
    public static let linkedInMatchedAudiences = DestinationPreset(
        name: "linkedin-matched-audiences",
        platform: "LinkedIn Matched Audiences",
        documentation: "https://www.linkedin.com/help/lms/answer/a1489764",
        columns: [
            Column("email", identities: [.email], attribute: "an email address",
                   .email(gmailRules: false), hashed: true),
            Column("firstname", attribute: "a first name", .trimmed, hashed: false),
            Column("lastname", attribute: "a last name", .trimmed, hashed: false),
            Column("jobtitle", attribute: "a job title", .trimmed, hashed: false),
            Column("employeecompany", attribute: "a company name", .trimmed, hashed: false),
            // "Use a two-letter country code, such as US, JP, or BR."
            Column("country", attribute: "a country code or English country name",
                   .countryCode(uppercase: true), hashed: false),
            Column("googleaid", identities: [.device], attribute: "a Google advertising id",
                   .lowercased, hashed: false),
        ],
        changes: .fullFile,
        writesEveryColumn: true
    )
}
