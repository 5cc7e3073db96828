import CohortCore

/// What must hold when any text is a PQL expression: parsing and checking against the template's
/// schemas give their errors at offsets inside the text, the same way every time, and an
/// expression that checks clean evaluates against profiles from the template's data.
struct PQLCheck {
    let environment: PQLEnvironment
    let contexts: [PQLContext]

    init(template: FuzzTemplate, contexts: [PQLContext]) {
        environment = PQLEnvironment(workspace: template.workspace)
        self.contexts = contexts
    }

    func violations(_ input: [UInt8]) -> [String] {
        guard let text = String(validating: input, as: UTF8.self) else { return [] }
        let length = input.count
        let parsed = PQLParser.parse(text)
        if parsed != PQLParser.parse(text) { return ["parsing the same text twice gives different results"] }
        let node: PQLNode
        switch parsed {
        case .failure(let error):
            return Self.violations([error], in: text, length: length, what: "the parse error")
        case .success(let parsedNode):
            node = parsedNode
        }
        let checked = PQLChecker.check(node, in: environment)
        if checked != PQLChecker.check(node, in: environment) {
            return ["checking the same expression twice gives different results"]
        }
        guard checked.errors.isEmpty else {
            return Self.violations(checked.errors, in: text, length: length, what: "a check error")
        }
        let program: PQLProgram
        do {
            program = try PQLProgram(node)
        } catch {
            return ["a checked expression does not compile: \(error.message)"]
        }
        // Compared as text: a NaN is not equal to itself.
        for (place, context) in contexts.enumerated() where "\(program.value(context))" != "\(program.value(context))" {
            return ["evaluating the expression twice on profile \(place) gives different values"]
        }
        return []
    }

    private static func violations(_ errors: [PQLError], in text: String, length: Int, what: String) -> [String] {
        var found = MessageCheck.violations(errors.map(\.message), what: what, quoting: text)
        for error in errors {
            if error.offset < 0 || error.offset > length {
                found.append("\(what) is at offset \(error.offset) of a \(length)-byte text: \(error.message)")
            }
            if let opened = error.opened, opened < 0 || opened > error.offset {
                found.append("\(what) says a bracket was opened at offset \(opened), after its own \(error.offset)")
            }
        }
        return found
    }
}
