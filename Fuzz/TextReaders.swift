import Foundation

/// JSON text, parsed and written back.
func fuzzJSON(_ bytes: [UInt8]) {
    guard let text = String(validating: bytes, as: UTF8.self), let value = try? JSONParser.parse(text) else { return }
    _ = JSONWriter.write(value)
}

/// A model file's text (nnviz's JSON or Keras's model.to_json()), then everything a command does
/// with a model it has read: the summary, the network, the native JSON.
func fuzzModel(_ bytes: [UInt8]) {
    guard let text = String(validating: bytes, as: UTF8.self), let model = try? ModelFile.parse(text, file: "fuzz.json") else { return }
    _ = ModelSummary(model).text
    _ = model.parameterCount
    if let network = try? model.network(seed: 1), let width = model.inputSize {
        _ = network.trace([Float](repeating: 0.5, count: width))
    }
    _ = try? ModelFile.encode(model)
}

/// CSV data, read as a labelled set and as inputs.
func fuzzCSV(_ bytes: [UInt8]) {
    guard let table = try? CSVTable.parse(bytes: bytes, file: "fuzz.csv") else { return }
    _ = try? Dataset.labelled(table, target: nil, features: nil)
    _ = try? Dataset.inputs(table, featureNames: nil, width: table.header.count)
}

/// A training history, as CSV and as JSON.
func fuzzHistory(_ bytes: [UInt8]) {
    guard let text = String(validating: bytes, as: UTF8.self) else { return }
    _ = try? History(csv: text, file: "fuzz.csv")
    if let json = try? JSONParser.parse(text), let history = try? History(json: json, file: "fuzz.json") {
        _ = history.csv
    }
}
