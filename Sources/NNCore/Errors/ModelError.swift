/// A model that cannot be run, trained or shown as asked (its file is fine).
public indirect enum ModelError: Swift.Error, CustomStringConvertible, Equatable, Sendable {
    /// nnviz cannot run the model: a layer kind, activation, wiring or input it does not support.
    case notRunnable(String)
    /// The loss does not fit the model's output layer, so the model cannot be trained with it.
    case lossMismatch(String)
    /// The model in `file` has no trained weights, and the command needs them.
    case notTrained(file: String)
    /// No layer of the model is named `name` or has that position; `layers` are the names it has.
    case noSuchLayer(name: String, layers: [String])
    /// `error`, about the model in `file`.
    case inFile(String, ModelError)

    /// A model nnviz cannot run, for `reason`: the `notRunnable` case.
    public init(_ reason: String) {
        self = .notRunnable(reason)
    }

    /// The message without the file of `inFile`.
    public var reason: String {
        switch self {
        case let .notRunnable(reason), let .lossMismatch(reason): reason
        case let .notTrained(file): "\(file) has no trained weights; train it first with nnviz train"
        case let .noSuchLayer(name, layers):
            "no layer '\(name)' in this model; its layers are \(layers.joined(separator: ", ")) (or give a position from 0 to \(layers.count - 1), or all)"
        case let .inFile(_, error): error.reason
        }
    }

    public var description: String {
        if case let .inFile(file, error) = self { return "\(file): \(error.description)" }
        return reason
    }
}
