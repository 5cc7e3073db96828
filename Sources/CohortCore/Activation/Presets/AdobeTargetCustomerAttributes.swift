extension DestinationPreset {
    /// Adobe Target customer attributes, the Experience Cloud customer attribute data file: "The first
    /// column must be a unique customer ID" — the value a page passes to Target as `mbox3rdPartyId`,
    /// which may not hold "+" or "/" — then one column per attribute, named as you like without a
    /// period. An upload replaces each customer's attributes and Target keeps them only as long as the
    /// visitor profile (14 days by default), so each export writes the whole audience.
    /// "Double-quote characters in a field must be escaped using a backslash": `\"`, not RFC 4180's `""`.
    /// https://experienceleague.adobe.com/en/docs/core-services/interface/services/customer-attributes/crs-data-file
    /// https://experienceleague.adobe.com/en/docs/target/using/audiences/visitor-profiles/working-with-customer-attributes
    public static let adobeTargetCustomerAttributes = DestinationPreset(
        name: "adobe-target-customer-attributes",
        platform: "Adobe Target customer attributes",
        documentation: "https://experienceleague.adobe.com/en/docs/core-services/interface/services/customer-attributes/crs-data-file",
        csv: Destination.CSVOptions(delimiter: ",", quote: "\"", header: true, nullText: "", escape: .backslash),
        columns: [
            Column("mbox3rdPartyId", identities: [.crossDevice], attribute: nil, .idWithout(["+", "/"]), hashed: false),
        ],
        changes: .fullFile,
        customColumns: CustomColumns(rule: "Target's attribute names cannot contain a period") { !$0.contains(".") }
    )
}
