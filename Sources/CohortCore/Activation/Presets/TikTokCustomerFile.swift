extension DestinationPreset {
    /// TikTok customer file: the hashed headers TikTok names (`Email_SHA256`, `Phone_SHA256`,
    /// `MAID_SHA256`), emails lowercased without a `+suffix` before the `@`, phones as digits with the
    /// country code and no "+" (TikTok's newest rule and its only published hash agree), advertising
    /// ids lowercased. A file must hold at least 1,000 entries, so each export replaces the audience
    /// with a full file rather than sending small changes.
    /// https://ads.tiktok.com/help/article/list-of-supported-ids-and-formats-for-a-customer-file
    /// https://ads.tiktok.com/help/article/how-to-create-a-custom-audience-with-a-customer-file
    public static let tiktokCustomerFile = DestinationPreset(
        name: "tiktok-customer-file",
        platform: "TikTok customer file",
        documentation: "https://ads.tiktok.com/help/article/list-of-supported-ids-and-formats-for-a-customer-file",
        columns: [
            Column("Email_SHA256", identities: [.email], attribute: "an email address",
                   .emailWithoutPlusSuffix, hashed: true),
            Column("Phone_SHA256", identities: [.phone], attribute: "a phone number",
                   .phone(plus: false), hashed: true),
            Column("MAID_SHA256", identities: [.device], attribute: "a mobile advertising id (IDFA or GAID)",
                   .lowercased, hashed: true),
        ],
        changes: .fullFile
    )
}
