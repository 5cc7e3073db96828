/// How deeply input may nest, in one place: every reader that recurses, and every walk over what it
/// builds, stays within these bounds, so no input can exhaust the stack. Going past one is an error
/// at the place where it happens.
public enum NestingLimit {
    /// JSON values and XML elements, in definition and data files alike.
    public static let document = 256
    /// A schema's field tree: objects, arrays and maps inside one another, however they are written
    /// (a nested JSON object, a dotted XML `path`, a chain of `$ref`s).
    public static let schema = 256
    /// A PQL expression: brackets, `not`s, calls and filters inside one another, and the operands of a
    /// chain such as `a and b and c`, which nest one level per operator.
    public static let expression = 256
}
