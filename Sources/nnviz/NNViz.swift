import ArgumentParser
import Foundation

@main
struct NNViz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnviz",
        abstract: "Train, draw and explain small dense neural networks.",
        discussion: """
            Models are nnviz's own JSON, Keras's model.to_json() output, a Keras .keras or .h5
            file, or an ONNX model; --weights adds a .weights.h5 or safetensors file. Examples:
              nnviz summary Fixtures/iris_model.json
              nnviz train Fixtures/iris_model.json --data Fixtures/iris.csv \\
                  -o iris_model.trained.json
            """,
        version: "0.1.0",
        subcommands: [
            Summary.self,
            Train.self,
            Evaluate.self,
            Predict.self,
            Activations.self,
            LossCurve.self,
            Weights.self,
            Explain.self,
            Diagram.self,
            Report.self,
            Convert.self,
        ]
    )

    /// Parses and runs the command; a mistake is reported as one line on standard error, without the
    /// usage text the parser would add (help and --version print as usual).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "failed"
            FileHandle.standardError.write(Data(("Error: " + text + "\n").utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
