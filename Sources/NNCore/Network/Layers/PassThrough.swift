/// A layer that only changes the shape (Flatten, Reshape, Identity): on a flat row, a = x.
public struct PassThrough: Equatable, Sendable {
    public var name: String
    public var size: Int
    /// The kind it stands for, e.g. "Flatten".
    public var className: String

    public init(name: String, size: Int, className: String) {
        self.name = name
        self.size = size
        self.className = className
    }
}
