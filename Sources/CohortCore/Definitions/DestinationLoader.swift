/// Reads a destination: delivery type and format, segments, export identity, mappings and options.
enum DestinationLoader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> Destination? {
        let id = DefinitionIDReader.read(object, file: file)
        object.ignore("description")
        let type = object.choice("type", of: Destination.DeliveryType.self)?.value ?? .file
        let format = object.choice("format", of: Destination.Format.self)
        if type == .stream, let format, format.value != .ndjson {
            object.sink.error(format.location, "a stream destination writes NDJSON; remove `format` or set it to \"ndjson\"")
        }
        if type == .lookup, let format, format.value != .json {
            object.sink.error(format.location, "a lookup destination writes JSON shards; remove `format` or set it to \"json\"")
        }
        let prefixLength = self.prefixLength(object, type: type)
        let segments = object.strings("segments", xmlElement: "segment")
        if segments?.isEmpty ?? true {
            object.sink.error(object.location, "missing `segments`: the ids of the segments this destination activates", code: .missingKey)
        }
        var identity: Destination.Identity?
        var hashChoice: Located<Destination.Hash>?
        if let identityObject = object.object("identity", what: "the export identity") {
            let namespace = identityObject.requiredString("namespace", what: "the namespace whose values key each row")
            hashChoice = identityObject.choice("hash", of: Destination.Hash.self)
            if let namespace { identity = Destination.Identity(namespace: namespace, hash: hashChoice?.value ?? .none) }
            identityObject.finish()
        }
        let mappings = (object.objects("mappings", xmlElement: "mapping", what: "mappings") ?? []).compactMap { mapping -> Destination.Mapping? in
            defer { mapping.finish() }
            let source = mapping.requiredString("source", what: "the profile path to export")
            let target = mapping.requiredString("target", what: "the column or field name to write")
            guard let source, let target else { return nil }
            return Destination.Mapping(source: source, target: target.value)
        }
        var consent: Destination.Consent?
        if let consentObject = object.object("consent", what: "the consent filter") {
            let path = consentObject.requiredString("path", what: "the profile path holding the consent value")
            let allow = consentObject.strings("allow", xmlElement: "allow") ?? []
            if allow.isEmpty {
                consentObject.sink.error(consentObject.location, "`allow` must list the consent values that may be exported, e.g. [\"y\"]")
            }
            if let path { consent = Destination.Consent(path: path, allow: allow.map(\.value)) }
            consentObject.finish()
        }
        let resolvedFormat = format?.value ?? [.stream: .ndjson, .lookup: .json][type] ?? .csv
        let modeChoice = object.choice("mode", of: Destination.Mode.self)
        let mode = modeChoice?.value ?? .full
        let csv = csvOptions(object)
        var destination = Destination(
            id: id,
            name: object.string("name")?.value ?? id.value,
            type: type,
            format: resolvedFormat,
            segments: segments ?? [],
            identity: identity,
            mappings: mappings,
            mandatory: object.strings("mandatory", xmlElement: "mandatory") ?? [],
            dedupKey: object.strings("dedupKey", xmlElement: "dedupKey") ?? [],
            marketingAction: object.string("marketingAction"),
            consent: consent,
            mode: mode,
            fileName: object.string("fileName") ?? Located(Destination.defaultFileName(type: type, mode: mode, format: resolvedFormat), at: object.location),
            csv: csv.options,
            removeFileName: object.string("removeFileName"),
            prefixLength: prefixLength
        )
        if let preset = object.string("preset") {
            let given = DestinationPresetReader.Given(format: format, mode: modeChoice, hash: hashChoice, csv: csv.location,
                                                      fileName: object.has("fileName"), consent: consent != nil)
            DestinationPresetReader.apply(preset, to: &destination, given: given, sink: object.sink)
        }
        object.finish()
        return destination
    }

    /// `prefixLength` (lookup destinations only, 1–4); the keys a lookup destination has no use for are errors.
    private static func prefixLength(_ object: DefinitionObject, type: Destination.DeliveryType) -> Int {
        let given = object.integer("prefixLength")
        guard type == .lookup else {
            if let given { object.sink.error(given.location, "`prefixLength` is for lookup destinations (\"type\": \"lookup\"); remove it") }
            return Destination.defaultPrefixLength
        }
        for key in ["mode", "fileName", "dedupKey", "csv"] where object.has(key) {
            let reason = key == "fileName" ? "names each shard by its key prefix" : "writes every current member, one entry per key"
            let location = switch key {
            case "mode", "fileName": object.string(key)?.location
            case "dedupKey": object.strings(key, xmlElement: key)?.first?.location
            default: nil as SourceLocation?
            }
            object.sink.error(location ?? object.location, "a lookup destination \(reason); remove `\(key)`")
        }
        guard let given else { return Destination.defaultPrefixLength }
        guard Destination.prefixLengths.contains(given.value) else {
            object.sink.error(given.location, "`prefixLength` is \(given.value); it must be 1 to 4 (16 to 65,536 shards)", code: .badValue)
            return Destination.defaultPrefixLength
        }
        return given.value
    }

    private static func csvOptions(_ object: DefinitionObject) -> (options: Destination.CSVOptions, location: SourceLocation?) {
        guard let csv = object.object("csv", what: "CSV options") else { return (.standard, nil) }
        defer { csv.finish() }
        var options = Destination.CSVOptions.standard
        for (key, keyPath) in [("delimiter", \Destination.CSVOptions.delimiter), ("quote", \Destination.CSVOptions.quote)] {
            if let value = csv.csvCharacter(key) { options[keyPath: keyPath] = value.value }
        }
        options.header = csv.bool("header") ?? options.header
        options.nullText = csv.string("null")?.value ?? options.nullText
        if options.delimiter == options.quote {
            csv.sink.error(csv.location, "`delimiter` and `quote` must differ")
        }
        return (options, csv.location)
    }
}
