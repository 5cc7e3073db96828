import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort graph NAMESPACE:VALUE`: one profile's identity graph, as text, Graphviz DOT or SVG.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the identity graph of an identity: its identities, the records that linked them, and the "
            + "links the identity rules dropped.",
        discussion: """
            Reads the store as the last `cohort build` left it. Identities are coloured by namespace type; each \
            link is labelled with the record (file:line) and time that made it; links dropped by a namespace's \
            `unique` or `limit`, or by the identity limit, are dashed and labelled with the rule. `--format svg` \
            is laid out by cohort itself; `--format dot` is for Graphviz (`dot -Tpng`).
            """
    )

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case dot
        case svg
    }

    @OptionGroup var workspace: WorkspaceOption

    @Argument(help: ArgumentHelp("The identity, e.g. Email:ann@example.com or lumaCrmId:112ca06e…",
                                 valueName: "namespace:value"))
    var identity: String

    @Option(help: "The output: text, dot (Graphviz) or svg.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Write the output to this file instead of printing it.", valueName: "file"))
    var out: String?

    func validate() throws { try checkIdentitySyntax(identity) }

    func run() throws {
        let (builder, profiles) = try loadBuiltProfiles(workspace, holding: identity)
        let wanted = try resolvedIdentity(identity, in: builder.workspace)
        guard let drawing = IdentityGraphDrawing(graph: profiles.graph, holding: wanted,
                                                 namespaces: builder.workspace.allNamespaces) else {
            printError("error: no profile has the identity \(wanted)")
            throw ExitCode(1)
        }
        let output: String
        switch format {
        case .text: output = GraphText.render(drawing)
        case .dot: output = GraphDOT.render(drawing)
        case .svg: output = GraphSVG.render(drawing)
        }
        guard let out else {
            print(output, terminator: "")
            return
        }
        try writeOutput(output, to: URL(fileURLWithPath: out))
    }
}
