import ArgumentParser
import CohortCore

/// The identity a command was given, normalized as the store holds it (`IdentityArgument`); what is
/// wrong with it is a usage error.
func resolvedIdentity(_ text: String, in workspace: Workspace) throws -> Identity {
    switch IdentityArgument.resolve(text, in: workspace) {
    case .success(let identity): return identity
    case .failure(let problem): throw ValidationError(problem.description)
    }
}

/// Refuses an identity argument that is not `NAMESPACE:VALUE` (a usage error, before the workspace is read).
func checkIdentitySyntax(_ text: String) throws {
    if Identity(parsing: text) == nil {
        throw ValidationError("\"\(text)\" is not NAMESPACE:VALUE, e.g. Email:ann@example.com")
    }
}
