/// What training measured after each epoch.
public struct History: Equatable, Sendable {
    public var loss: [Float] = []
    public var accuracy: [Float]?
    public var validationLoss: [Float]?
    public var validationAccuracy: [Float]?

    public init(loss: [Float] = [], accuracy: [Float]? = nil, validationLoss: [Float]? = nil,
                validationAccuracy: [Float]? = nil) {
        self.loss = loss
        self.accuracy = accuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
    }

    public var epochs: Int { loss.count }

    /// The columns present, in a fixed order, with Keras's names.
    public var columns: [(name: String, values: [Float])] {
        var columns: [(String, [Float])] = [("loss", loss)]
        if let accuracy { columns.append(("accuracy", accuracy)) }
        if let validationLoss { columns.append(("val_loss", validationLoss)) }
        if let validationAccuracy { columns.append(("val_accuracy", validationAccuracy)) }
        return columns
    }

    /// The history as CSV: `epoch,loss,accuracy,val_loss,val_accuracy` with epochs from 1.
    public var csv: String {
        let columns = self.columns
        var out = "epoch," + columns.map(\.name).joined(separator: ",") + "\n"
        for epoch in 0..<epochs {
            out += String(epoch + 1)
            for column in columns { out += "," + column.values[epoch].description }
            out += "\n"
        }
        return out
    }

    public var json: JSONValue {
        .object(columns.map { ($0.name, .array($0.values.map(JSONValue.float))) })
    }

    /// Reads a history from `json`, reporting problems against `file`.
    public init(json: JSONValue, file: String) throws(ModelFileError) {
        guard let members = json.object else { throw ModelFileError(file: file, place: "history", reason: "expected an object of per-epoch lists") }
        var columns: [String: [Float]] = [:]
        for (key, value) in members {
            guard let list = value.array else { throw ModelFileError(file: file, place: "history.\(key)", reason: "expected a list of numbers") }
            var numbers: [Float] = []
            for (index, element) in list.enumerated() {
                guard let number = element.float, number.isFinite else {
                    throw ModelFileError(file: file, place: "history.\(key)[\(index)]", reason: "expected a finite number")
                }
                numbers.append(number)
            }
            columns[key] = numbers
        }
        try self.init(columns: columns, file: file)
    }

    /// Builds a history from named columns, checking that they are complete.
    public init(columns: [String: [Float]], file: String) throws(ModelFileError) {
        guard let loss = columns["loss"], !loss.isEmpty else {
            throw ModelFileError(file: file, place: "history", reason: "no 'loss' values")
        }
        for (name, values) in columns where values.count != loss.count {
            throw ModelFileError(file: file, place: "history.\(name)", reason: "has \(values.count) values but 'loss' has \(loss.count)")
        }
        self.init(loss: loss, accuracy: columns["accuracy"], validationLoss: columns["val_loss"],
                  validationAccuracy: columns["val_accuracy"])
    }
}
