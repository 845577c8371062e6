import ArgumentParser
import Foundation
import NNCore
import NNRender

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
            ToyDataCommand.self,
            Boundary.self,
            EvolutionCommand.self,
        ]
    )

    /// Parses and runs the command; a mistake is reported as one line on standard error, without the
    /// usage text the parser would add (help and --version print as usual). A usage error keeps its
    /// first line; any other error is its whole message with control characters escaped and its length
    /// capped. Temporary files are removed if the run is interrupted. Matrix products split themselves
    /// over the processors, one single-threaded BLAS call each (`BLASThreads`).
    static func main() {
        TemporaryFiles.removeOnSignals()
        // A diagram: Graphviz's plug-ins and the fonts load on a second thread while the arguments are
        // parsed and the model is read (`GraphvizWarmUp`).
        if CommandLine.arguments.dropFirst().first == Diagram.configuration.commandName { GraphvizWarmUp.start() }
        BLASThreads.configure()
        HDF5Reading.checkInChildProcess()
        do {
            var command = try parsed(Array(CommandLine.arguments.dropFirst()))
            try command.run()
            GraphvizWarmUp.finish()
        } catch {
            GraphvizWarmUp.finish()
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let text = message(for: error)
            let line = code == .validationFailure ? text.split(separator: "\n").first.map(String.init) ?? "failed" : text
            FileHandle.standardError.write(Data(("Error: " + errorLine(line) + "\n").utf8))
            Foundation.exit(code.rawValue)
        }
    }

    /// The command `arguments` ask for. A subcommand's arguments are parsed by that command alone,
    /// which spares the parser work on the other commands (a diagram's parsing 21.3 → 17.4 M
    /// instructions, docs/performance.md). Anything that does not give that command (a request for
    /// help, --version, a mistake) is parsed again from the root, so that help and error messages are
    /// exactly the root's.
    static func parsed(_ arguments: [String]) throws -> ParsableCommand {
        if let name = arguments.first,
           let subcommand = configuration.subcommands.first(where: { $0.configuration.commandName == name }),
           let command = try? subcommand.parseAsRoot(Array(arguments.dropFirst())), type(of: command) == subcommand {
            return command
        }
        return try parseAsRoot(arguments)
    }

    /// `message` as one line of at most 1,000 characters, with control characters escaped.
    static func errorLine(_ message: String) -> String {
        let line = Sanitized.text(message)
        guard line.count > 1_000 else { return line }
        return String(line.prefix(1_000)) + "… (message cut at 1000 characters)"
    }
}
