/// An identity graph drawing as plain text: its identities grouped by namespace type, each link with the
/// record and time that made it, then the dropped links with the rule that dropped them.
public enum GraphText {
    public static func render(_ drawing: IdentityGraphDrawing) -> String {
        var lines = ["Identity graph of \(drawing.subject): \(GraphSVG.summary(drawing))"]
        lines.append("Identities:")
        for type in drawing.types {
            lines.append("  \(IdentityGraphDrawing.label(of: type)):")
            for node in drawing.nodes where node.type == type {
                switch node.place {
                case .member: lines.append("    \(node.identity)")
                case .evicted: lines.append("    \(node.identity)   (evicted)")
                case .elsewhere: lines.append("    \(node.identity)   (in another profile)")
                }
            }
        }
        let kept = drawing.edges.filter { !$0.isDropped }
        let dropped = drawing.edges.filter(\.isDropped)
        func describe(_ edge: IdentityGraphDrawing.Edge) -> String {
            let record = IdentityGraphDrawing.recordLabel(of: edge.origin)
            return "  \(drawing.nodes[edge.from].identity) — \(drawing.nodes[edge.to].identity)   "
                + "\(record)   \(Timestamp.rfc3339(edge.time))"
        }
        if !kept.isEmpty {
            lines.append("Links:")
            lines += kept.map(describe)
        }
        if !dropped.isEmpty {
            lines.append("Dropped links:")
            lines += dropped.map { edge in
                describe(edge) + (edge.rule.map { "   \(IdentityGraphDrawing.label(of: $0))" } ?? "")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
