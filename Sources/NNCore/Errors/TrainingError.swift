/// Training that had to stop.
public enum TrainingError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    /// The loss or the weights stopped being finite numbers; the reason names the epoch and the learning rate.
    case diverged(String)

    /// Training that diverged, for `reason`: the `diverged` case.
    public init(_ reason: String) {
        self = .diverged(reason)
    }

    public var reason: String {
        switch self {
        case let .diverged(reason): reason
        }
    }

    public var description: String { reason }
}
