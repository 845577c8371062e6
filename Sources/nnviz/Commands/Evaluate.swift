import ArgumentParser
import NNCore
import NNRender

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a trained model's loss and accuracy on a labelled CSV file.",
        discussion: """
            Example:
              nnviz evaluate Fixtures/iris_model.trained.json --data Fixtures/iris.csv
            """
    )

    @Argument(help: "The trained model file: nnviz JSON, a Keras .keras or .h5, an ONNX model, or Keras JSON with --weights.")
    var model: String

    @Option(help: "A file of trained weights for the model's layers: a Keras .weights.h5 or .h5, or a safetensors file (e.g. a PyTorch state_dict).")
    var weights: String?

    @Option(help: "A CSV file with a header row, holding the model's features and the target.")
    var data: String

    @Option(help: "The target column (default: the last column).")
    var target: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let model = try ModelFile.load(path: model, weights: weights)
        guard model.isTrained else { throw ModelError.notTrained(file: self.model) }
        guard model.inputSize != nil else { throw notFlat(model, file: self.model) }
        let rows = try Dataset.labelled(readTable(data), for: model, target: target)
        let network = try naming(self.model) { () throws(ModelError) in try model.network() }
        let loss = model.effectiveLoss
        let result = Trainer.evaluate(network, on: try model.examples(rows), loss: loss, task: model.task)
        if json {
            var members: [(String, JSONValue)] = [("rows", .int(rows.rowCount)), ("loss", .float(result.loss))]
            if let accuracy = result.accuracy { members.append(("accuracy", .float(accuracy))) }
            print(JSONWriter.write(.object(members)), terminator: "")
        } else {
            var line = "\(rows.rowCount) rows: loss (\(loss.rawValue)) \(formatted(result.loss))"
            if let accuracy = result.accuracy { line += ", accuracy \(formatted(accuracy))" }
            print(line)
        }
    }
}
