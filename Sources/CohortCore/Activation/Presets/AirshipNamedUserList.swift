extension DestinationPreset {
    /// An Airship uploaded (static) list for push messages, by named user (the app's own user id):
    /// no header row, each row `named_user,<id>`. "List target identifiers are specified or replaced
    /// with an upload" and partial uploads are not supported: each export writes the whole audience.
    /// Only profiles whose push marketing consent is yes (or yes by default) are written, unless the
    /// destination sets its own `consent`. Channel ids are not offered: a namespace does not say
    /// whether a device is iOS, Android or web, which the row's type must.
    /// https://docs.airship.com/guides/messaging/user-guide/audience/segmentation/audience-lists/uploaded/
    /// https://docs.airship.com/developer/rest-api/ua/operations/static-lists
    public static let airshipNamedUserList = DestinationPreset(
        name: "airship-named-user-list",
        platform: "Airship uploaded list",
        documentation: "https://docs.airship.com/guides/messaging/user-guide/audience/segmentation/audience-lists/uploaded/",
        csv: Destination.CSVOptions(delimiter: ",", quote: "\"", header: false, nullText: ""),
        columns: [
            Column("identifier_type", constant: "named_user"),
            Column("identifier", identities: [.crossDevice], attribute: nil, .trimmed, hashed: false),
        ],
        changes: .fullFile,
        consent: ("consents.marketing.push.val", ["y", "dy"])
    )
}
