/// The colours drawings use, each with one meaning everywhere: an identity's namespace type, an
/// audience entering or leaving, a row kept or left out. They keep contrast on white and in print.
public enum Palette {
    /// The fill of an identity of namespace type `type` (nil: a namespace the workspace does not define).
    public static func fill(of type: Namespace.IdentityType?) -> String {
        switch type {
        case .crossDevice?: return "#1f6feb"
        case .email?: return "#8250df"
        case .phone?: return "#bf3989"
        case .device?: return "#1a7f37"
        case .cookie?: return "#9a6700"
        case .partner?: return "#57606a"
        case .nonPeople?: return "#8c959f"
        case nil: return "#d0d7de"
        }
    }

    /// Members, sizes and anything counted.
    public static let primary = "#1f6feb"
    /// Profiles entering an audience, rows written.
    public static let entered = "#1a7f37"
    /// Profiles leaving an audience, rows left out, rejected records.
    public static let exited = "#cf222e"
    /// Lines, axes and secondary text.
    public static let muted = "#57606a"
    /// Grid lines and empty cells.
    public static let faint = "#d0d7de"
    /// Text.
    public static let ink = "#1f2328"
    /// Profiles left out of a destination: for their consent, a missing mandatory attribute, no value
    /// of the export identity; and rows dropped as duplicates.
    public static let consent = "#bf8700"
    public static let mandatory = "#8250df"
    public static let missingIdentity = "#57606a"
    public static let deduplicated = "#afb8c1"
}
