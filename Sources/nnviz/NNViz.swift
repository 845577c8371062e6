import ArgumentParser

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
            ToyDataCommand.self,
            Boundary.self,
            EvolutionCommand.self,
        ]
    )
}
