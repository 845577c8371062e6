import ArgumentParser
import NNCore

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a model, with its trained weights, as nnviz JSON.",
        discussion: """
            Reads any model nnviz loads (a Keras .keras or .h5, an ONNX model, Keras or nnviz
            JSON with --weights) and writes it in nnviz's own readable format; every weight is
            written with the digits that read back as the same float. Examples:
              nnviz convert model.keras -o model.json
              nnviz convert architecture.json --weights model.safetensors -o model.json
            """
    )

    @OptionGroup var model: ModelArgument

    @Option(name: .shortAndLong, help: "The nnviz JSON file to write, or - for standard output.")
    var output: String

    func run() throws {
        let loaded = try model.load()
        try writeOutput(ModelFile.encode(loaded), to: output)
    }
}
