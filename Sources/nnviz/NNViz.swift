import ArgumentParser
import Foundation
import NNCore

@main
struct NNViz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnviz",
        abstract: "Train, draw and explain small dense neural networks.",
        discussion: """
            Models are nnviz's own JSON, Keras's model.to_json() output, a Keras .keras or .h5
            file, or an ONNX model; --weights adds a .weights.h5 or safetensors file. Examples:
              nnviz summary model.json
              nnviz train model.json --data iris.csv --epochs 200
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

    /// Parses and runs the command. A usage error keeps the parser's message and usage lines (exit 64);
    /// any other error is one line on standard error, with control characters escaped and its length
    /// capped, and exit 1. Temporary files are removed if the run is interrupted.
    static func main() {
        TemporaryFiles.removeOnSignals()
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch {
            guard exitCode(for: error) == .failure, !(error is ExitCode) else { exit(withError: error) }
            FileHandle.standardError.write(Data(("Error: " + errorLine(error) + "\n").utf8))
            Foundation.exit(EXIT_FAILURE)
        }
    }

    /// The error's message as one line of at most 1,000 characters.
    static func errorLine(_ error: Swift.Error) -> String {
        let line = Sanitized.text(String(describing: error))
        guard line.count > 1_000 else { return line }
        return String(line.prefix(1_000)) + "… (message cut at 1000 characters)"
    }
}
