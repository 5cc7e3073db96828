import Foundation

/// Reads `cohort.json` (or `cohort.xml`).
enum SettingsLoader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> WorkspaceSettings {
        var settings = WorkspaceSettings.standard
        object.ignore("$schema", "description")
        settings.name = object.string("name")?.value ?? file.stem
        if let timezone = object.string("timezone") {
            if TimeZone(identifier: timezone.value) == nil {
                object.sink.error(timezone.location, "unknown time zone \"\(timezone.value)\"; expected an IANA name such as \"Europe/Berlin\" or \"UTC\"")
            }
            settings.timezone = timezone
        } else {
            settings.timezone = Located("UTC", at: object.location)
        }
        settings.defaultMergePolicy = object.string("defaultMergePolicy")
        settings.defaultCountry = defaultCountry(object)
        settings.strict = object.bool("strict") ?? false
        if let limits = object.object("limits", what: "identity limits") {
            settings.limits.identitiesPerGraph = positive(limits.integer("identitiesPerGraph"), in: limits) ?? settings.limits.identitiesPerGraph
            settings.limits.identitiesPerRecord = positive(limits.integer("identitiesPerRecord"), in: limits) ?? settings.limits.identitiesPerRecord
            limits.finish()
        }
        object.finish()
        return settings
    }

    /// `defaultCountry`, uppercased, when cohort knows the country's numbering plan.
    private static func defaultCountry(_ object: DefinitionObject) -> Located<String>? {
        guard let raw = object.string("defaultCountry") else { return nil }
        let code = raw.value.uppercased()
        guard NumberingPlan.byCountry[code] != nil else {
            let known = NumberingPlan.byCountry.keys.sorted()
            let note = code == "UK" ? " (the United Kingdom's code is GB)" : ""
            object.sink.error(raw.location, "`defaultCountry` \"\(raw.value)\" is not a country whose phone numbers "
                + "cohort knows\(note); expected an ISO 3166 alpha-2 code, "
                + "one of \(known.joined(separator: ", "))")
            return nil
        }
        return Located(code, at: raw.location)
    }

    private static func positive(_ value: Located<Int>?, in object: DefinitionObject) -> Int? {
        guard let value else { return nil }
        guard value.value >= 1 else {
            object.sink.error(value.location, "a limit must be at least 1, found \(value.value)")
            return nil
        }
        return value.value
    }
}
