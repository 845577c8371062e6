import Foundation
import NNCore

/// One of the training jobs of the Keras and PyTorch reference scripts, set up and ready to train.
struct BenchJob {
    var name: String
    var network: Network
    var examples: Examples
    var loss: Loss
    var task: ModelTask
    var options: TrainingOptions

    static let names = ["tiny", "iris", "wide"]

    /// Builds job `name`, reading its CSV file (if it has one) from `dataDirectory`; `seed` draws the
    /// initial weights and the shuffling.
    static func make(_ name: String, dataDirectory: String, seed: UInt64) throws -> BenchJob {
        switch name {
        case "tiny":
            // Dense 8 relu → 4 relu → 1 sigmoid, binary cross-entropy, SGD 0.1, batch 32, 200 epochs.
            return try fromCSV(name, file: "tiny_binary.csv", dataDirectory: dataDirectory,
                               layers: [(8, .relu), (4, .relu), (1, .sigmoid)], loss: .binaryCrossEntropy,
                               options: TrainingOptions(epochs: 200, batchSize: 32, optimizer: .sgd, learningRate: 0.1, seed: seed))
        case "iris":
            // Dense 16 relu → 3 softmax, categorical cross-entropy, Adam 0.01, batch 16, 300 epochs.
            return try fromCSV(name, file: "iris.csv", dataDirectory: dataDirectory,
                               layers: [(16, .relu), (3, .softmax)], loss: .categoricalCrossEntropy,
                               options: TrainingOptions(epochs: 300, batchSize: 16, optimizer: .adam, learningRate: 0.01, seed: seed))
        case "wide":
            return try wide(seed: seed)
        default:
            throw BenchError("unknown job '\(name)': use \(names.joined(separator: ", "))")
        }
    }

    /// A job on a labelled CSV file, loaded the way `nnviz train` loads it (no normalisation).
    private static func fromCSV(_ name: String, file: String, dataDirectory: String,
                                layers: [(units: Int, activation: Activation)], loss: Loss,
                                options: TrainingOptions) throws -> BenchJob {
        let path = (dataDirectory as NSString).appendingPathComponent(file)
        let data = try Dataset.labelled(CSVTable.read(path: path), target: nil, features: nil)
        var model = Model(inputSize: data.width, layers: layers)
        model.loss = loss
        let targets = try model.encodeTargets(data)
        return BenchJob(name: name, network: try model.network(seed: options.seed),
                        examples: Examples(inputs: data.features, targets: targets),
                        loss: loss, task: model.task, options: options)
    }

    /// 60000 × 784 uniform random inputs in [0, 1) and 10 random classes, always drawn from seed 0;
    /// Dense 256 relu → 128 relu → 10 softmax, categorical cross-entropy, SGD 0.01, batch 128, 1 epoch.
    private static func wide(seed: UInt64) throws -> BenchJob {
        let rows = 60_000, width = 784, classes = 10
        var generator = SeededGenerator(seed: 0)
        var inputs = [Float](repeating: 0, count: rows * width)
        for i in inputs.indices { inputs[i] = generator.uniform(0, 1) }
        var targets = [Float](repeating: 0, count: rows * classes)
        for row in 0..<rows { targets[row * classes + Int(generator.next() % UInt64(classes))] = 1 }
        var model = Model(inputSize: width, layers: [(256, .relu), (128, .relu), (classes, .softmax)])
        model.loss = .categoricalCrossEntropy
        let options = TrainingOptions(epochs: 1, batchSize: 128, optimizer: .sgd, learningRate: 0.01, seed: seed)
        return BenchJob(name: "wide", network: try model.network(seed: options.seed), examples: Examples(inputs: inputs, targets: targets),
                        loss: .categoricalCrossEntropy, task: model.task, options: options)
    }
}

/// A mistake in how the benchmark was called or where its data is.
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
