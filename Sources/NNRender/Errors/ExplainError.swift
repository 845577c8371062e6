import NNCore

/// A problem with what `explain` was asked to show, e.g. a target that is not a class of the model.
public enum ExplainError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    /// The request does not fit the model: an input of the wrong width, a learning rate that is not positive.
    case invalidRequest(String)
    /// `--target` is not a class of the model, or not the numbers a regression model needs.
    case invalidTarget(label: String, reason: String)
    /// The model cannot take the training step shown: its loss does not fit its output layer.
    case notTrainable(ModelError)

    /// A request that does not fit the model, for `reason`: the `invalidRequest` case.
    public init(_ reason: String) {
        self = .invalidRequest(reason)
    }

    public var description: String {
        switch self {
        case let .invalidRequest(reason), let .invalidTarget(_, reason): reason
        case let .notTrainable(error): error.description
        }
    }
}
