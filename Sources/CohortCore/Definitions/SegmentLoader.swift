/// Reads a segment definition: AEP's JSON shape (`pql/text`, or `pql/json` as a tree or as text),
/// `<segment><pql>…</pql></segment>`, or a `.pql` file.
enum SegmentLoader {
    static func load(_ object: DefinitionObject, file: SourceFile) -> Segment? {
        let id = DefinitionIDReader.read(object, file: file)
        object.ignore("schema", "ttlInDays", "evaluationInfo", "labels", "profileInstanceId")
        let expression: LocatedText?
        if object.isXML {
            expression = object.text("pql")
            if expression == nil && !object.has("pql") {
                object.sink.error(object.location, "missing <pql>: the segment's Profile Query Language expression", code: .missingKey)
            }
        } else {
            expression = readJSONExpression(object)
        }
        var excludeOptOut = object.bool("excludeOptOut") ?? false
        if let governance = object.object("dataGovernancePolicy", what: "data governance settings") {
            excludeOptOut = governance.bool("excludeOptOut") ?? excludeOptOut
            governance.finish()
        }
        let segment = Segment(
            id: id,
            name: object.string("name")?.value ?? id.value,
            description: object.string("description")?.value ?? "",
            expression: checkedNotEmpty(expression, object: object),
            mergePolicy: object.string("mergePolicyId"),
            excludeOptOut: excludeOptOut
        )
        object.finish()
        return segment
    }

    /// A `.pql` file: the whole file is the expression; the id and name are the file name.
    static func loadPQL(_ file: SourceFile, sink: DiagnosticSink) -> Segment {
        let id = DefinitionIDReader.checked(Located(file.stem, at: .start(of: file.path)), sink: sink)
        let text = LocatedText(String(decoding: file.bytes, as: UTF8.self), at: .start(of: file.path)).trimmed()
        if text.text.isEmpty {
            sink.error(.start(of: file.path), "the segment file is empty; expected a PQL expression")
        }
        return Segment(id: id, name: id.value, expression: text)
    }

    private static func readJSONExpression(_ object: DefinitionObject) -> LocatedText? {
        guard let expression = object.object("expression", what: "the segment's PQL expression") else {
            if !object.has("expression") {
                object.sink.error(object.location, "missing `expression`: {\"type\":\"PQL\",\"format\":\"pql/text\",\"value\":\"…\"}", code: .missingKey)
            }
            return nil
        }
        if let type = expression.string("type"), type.value != "PQL" {
            expression.sink.error(type.location, "expression `type` must be \"PQL\", found \"\(type.value)\"")
        }
        let format = expression.string("format")
        if let format, Segment.ExpressionFormat(rawValue: format.value) == nil {
            expression.sink.error(format.location, "expression `format` must be \"pql/text\" or \"pql/json\", found \"\(format.value)\"")
        }
        // pql/json: AEP's tree of the expression, or (as its responses also write it) the text itself.
        if format?.value == Segment.ExpressionFormat.json.rawValue, let tree = expression.rawJSON("value"), tree.members != nil {
            expression.finish()
            switch PQLJSON.text(from: tree) {
            case .success(let text): return text
            case .failure(let diagnostic):
                expression.sink.append(diagnostic)
                return nil
            }
        }
        let value = expression.text("value")
        if value == nil && !expression.has("value") {
            expression.sink.error(expression.location, "missing `value`: the PQL text of the expression", code: .missingKey)
        }
        expression.finish()
        return value
    }

    private static func checkedNotEmpty(_ expression: LocatedText?, object: DefinitionObject) -> LocatedText {
        guard let expression else { return LocatedText("", at: object.location) }
        if expression.text.allSatisfy(\.isWhitespace) {
            object.sink.error(expression.location, "the PQL expression is empty")
        }
        return expression
    }
}
