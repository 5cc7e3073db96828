/// A `NAMESPACE:VALUE` a person types (`cohort profile`, `cohort explain`): the namespace must exist,
/// and the value is normalized as ingest normalizes that namespace's values, so that
/// `Email:Ann@Example.COM` finds `Email:ann@example.com` and `Phone:+1 503-555-0001` finds
/// `Phone:+15035550001`.
public enum IdentityArgument {
    /// What is wrong with the argument, said so that the person can correct it.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The identity as the store holds it, or what is wrong with `text`.
    public static func resolve(_ text: String, in workspace: Workspace) -> Result<Identity, Problem> {
        guard let typed = Identity(parsing: text) else {
            return .failure(Problem(description: "\"\(text)\" is not NAMESPACE:VALUE, e.g. Email:ann@example.com"))
        }
        guard let namespace = workspace.namespace(typed.namespace) else {
            let codes = workspace.allNamespaces.map(\.id.value)
            let hint = Suggestion.hint(for: typed.namespace, in: codes)
            return .failure(Problem(description: "unknown namespace \"\(typed.namespace)\"\(hint); "
                + "namespaces: \(codes.joined(separator: ", "))"))
        }
        let rules = IdentityRules(namespace: namespace, defaultCountry: workspace.settings.defaultCountry?.value)
        switch rules.check(typed.id) {
        case .success(let value):
            return .success(Identity(namespace: typed.namespace, id: value))
        case .failure(let reason):
            return .failure(Problem(description: "\"\(typed.id)\" is not a usable \(typed.namespace) value: "
                + explanation(reason.drop, namespace: namespace)))
        }
    }

    private static func explanation(_ drop: IdentityRules.Drop, namespace: Namespace) -> String {
        switch drop {
        case .blocked:
            return "it matches one of the namespace's `blocked` patterns"
        case .invalid where namespace.normalize == .phone:
            return "it cannot be written as an E.164 phone number (write it with + and the country code, "
                + "or set `defaultCountry` in cohort.json)"
        case .invalid where namespace.id.value == "ECID":
            return "an ECID is 38 digits"
        default:
            return "values that are empty, null, anonymous, invalid or over \(IdentityRules.maximumLength) characters "
                + "are dropped"
        }
    }
}
