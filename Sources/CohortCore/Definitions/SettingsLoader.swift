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
        if let limits = object.object("limits", what: "identity limits") {
            settings.limits.identitiesPerGraph = positive(limits.integer("identitiesPerGraph"), in: limits) ?? settings.limits.identitiesPerGraph
            settings.limits.identitiesPerRecord = positive(limits.integer("identitiesPerRecord"), in: limits) ?? settings.limits.identitiesPerRecord
            limits.finish()
        }
        object.finish()
        return settings
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
