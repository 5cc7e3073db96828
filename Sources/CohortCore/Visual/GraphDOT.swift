/// An identity graph drawing in Graphviz's DOT language (`cohort graph --format dot | dot -Tsvg`): the
/// same colours as `GraphSVG`, dropped links dashed and labelled with their rule.
public enum GraphDOT {
    /// The drawing as an undirected DOT graph (ending in a newline).
    public static func render(_ drawing: IdentityGraphDrawing) -> String {
        let font = quoted("system-ui, Helvetica, Arial, sans-serif")
        var out = "graph \(quoted("identities of \(drawing.subject)")) {\n"
        out += "  graph [label=\(quoted("Identity graph of \(drawing.subject)\n\(GraphSVG.summary(drawing))")), "
            + "labelloc=t, labeljust=l, fontname=\(font), fontsize=14, overlap=false, splines=true];\n"
        out += "  node [shape=circle, width=0.3, fixedsize=true, style=filled, color=\"#ffffff\", "
            + "fontname=\(font), fontsize=11, fontcolor=\(quoted(Palette.ink))];\n"
        out += "  edge [fontname=\(font), fontsize=9, color=\(quoted(Palette.muted)), "
            + "fontcolor=\(quoted(Palette.muted))];\n"
        for node in drawing.nodes {
            let colour = quoted(Palette.fill(of: node.type))
            let tooltip = "\(node.identity) (\(IdentityGraphDrawing.label(of: node.type)))"
            var attributes = ["xlabel=\(quoted(IdentityGraphDrawing.shortLabel(of: node.identity)))", "label=\"\"",
                              "tooltip=\(quoted(tooltip))"]
            switch node.place {
            case .member: attributes.append("fillcolor=\(colour)")
            case .evicted: attributes += ["fillcolor=\"#ffffff\"", "color=\(colour)", "style=\"filled,dashed\"",
                                          "penwidth=2"]
            case .elsewhere: attributes += ["fillcolor=\"#ffffff\"", "color=\(colour)", "penwidth=2"]
            }
            if node.identity == drawing.subject { attributes += ["peripheries=2", "color=\(quoted(Palette.ink))"] }
            out += "  \(quoted(node.identity.description)) [\(attributes.joined(separator: ", "))];\n"
        }
        for edge in drawing.edges {
            let label = GraphSVG.linkLines(edge, short: true).joined(separator: "\n")
            var attributes = ["label=\(quoted(label))",
                              "tooltip=\(quoted(GraphSVG.linkLines(edge, short: false).joined(separator: "\n")))"]
            if edge.isDropped {
                attributes += ["style=dashed", "color=\(quoted(Palette.exited))", "fontcolor=\(quoted(Palette.exited))"]
            }
            let from = quoted(drawing.nodes[edge.from].identity.description)
            let to = quoted(drawing.nodes[edge.to].identity.description)
            out += "  \(from) -- \(to) [\(attributes.joined(separator: ", "))];\n"
        }
        return out + "}\n"
    }

    /// `text` as a DOT quoted string: quotes and backslashes escaped (so a value's `\n` or `\N` is not read
    /// as one of Graphviz's label escapes), newlines as `\n`, other control characters dropped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
