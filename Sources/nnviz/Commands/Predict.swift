import ArgumentParser
import NNCore

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a trained model on inputs and print its outputs as CSV.",
        discussion: """
            Classifiers print the chosen class and each class's probability. Examples:
              nnviz predict Fixtures/iris_model.trained.json --input 5.1,3.5,1.4,0.2
              nnviz predict Fixtures/iris_model.trained.json \\
                  --input Fixtures/iris.csv -o predictions.csv
            """
    )

    @Argument(help: "The trained model file: nnviz JSON, a Keras .keras or .h5, an ONNX model, or Keras JSON with --weights.")
    var model: String

    @Option(help: "A file of trained weights for the model's layers: a Keras .weights.h5 or .h5, or a safetensors file (e.g. a PyTorch state_dict).")
    var weights: String?

    @Option(parsing: .unconditional, help: "A CSV file with a header row, or one input as comma-separated numbers.")
    var input: String

    @Option(name: .shortAndLong, help: "Write the predictions to this file instead of standard output.")
    var output: String?

    func run() throws {
        try checkOutputs([output], inputs: [self.model, input, weights])
        let model = try ModelFile.load(path: model, weights: weights)
        guard model.isTrained else { throw ModelError.notTrained(file: self.model) }
        guard let width = model.inputSize else { throw notFlat(model, file: self.model) }
        let data = try loadInputs(input, width: width, model: model)
        let network = try naming(self.model) { () throws(ModelError) in try model.network() }
        let inputs = model.normalized(data.features)
        let outputs = network.predict(inputs)
        // A layer that overflows may still give a finite output (a sigmoid of infinity is 1): every
        // row's values are checked, layer by layer, before any prediction is printed.
        for row in 0..<data.rowCount {
            let trace = network.trace(Array(inputs[row * width..<(row + 1) * width]))
            try checkFinite(trace, network: network, file: self.model, source: data.rowCount == 1 ? input : "row \(row + 1) of \(input)")
        }
        let csv = model.predictionCSV(outputs, rows: data.rowCount)
        try writeOutput(csv, to: output ?? "-")
    }
}
