import NNCore
import Testing

@Suite struct SnapshotFileTests {
    @Test func epochsFromAListOrAStep() throws {
        #expect(try Snapshots.epochs(list: "0,1,2,5,10,20,50,100", every: nil, of: 100) == [0, 1, 2, 5, 10, 20, 50, 100])
        #expect(try Snapshots.epochs(list: " 5, 1,5 ", every: nil, of: 10) == [1, 5])
        #expect(try Snapshots.epochs(list: nil, every: 4, of: 10) == [0, 4, 8, 10])
        #expect(try Snapshots.epochs(list: "3", every: 5, of: 10) == [0, 3, 5, 10])
    }

    /// Batch normalisation's γ, β and moving statistics change while training, so each snapshot keeps them.
    @Test func batchNormalizationsStatisticsAreKeptInEachSnapshot() throws {
        var model = try ModelFile.load(path: fixture("layers/iris_bn_dropout.json"))
        let data = try Dataset.labelled(CSVTable.read(path: fixture("iris.csv")), target: nil, features: nil)
        let examples = Examples(inputs: data.features, targets: try model.encodeTargets(data))
        var network = try model.network(seed: 1)
        var networks = [network]
        _ = try Trainer.train(&network, on: examples, loss: .categoricalCrossEntropy, task: model.task,
                              options: TrainingOptions(epochs: 2, batchSize: 30, seed: 1))
        networks.append(network)
        let snapshots = Snapshots(model: model.updating(from: network), epochs: [0, 2], networks: networks)
        let read = try Snapshots.parse(try snapshots.encode(), file: "s.json")
        #expect(read == snapshots)
        #expect(read.networks[1].layers[1].parameters != read.networks[0].layers[1].parameters)
    }

    @Test(arguments: [
        ("", nil, "--snapshots: the list of epochs is empty"),
        ("1,x", nil, "--snapshots: 'x' is not an epoch"),
        ("1,-2", nil, "--snapshots: '-2' is not an epoch"),
        ("1,101", nil, "--snapshots: epoch 101 is past the last epoch of this run (100)"),
        (nil, 0, "--snapshot-every: must be at least 1 (got 0)"),
    ] as [(String?, Int?, String)])
    func badEpochListsSayWhy(list: String?, every: Int?, message: String) {
        #expect(throws: DataError.self) { try Snapshots.epochs(list: list, every: every, of: 100) }
        do {
            _ = try Snapshots.epochs(list: list, every: every, of: 100)
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func moreThan500SnapshotsAreRefused() {
        #expect(throws: DataError.self) { try Snapshots.epochs(list: nil, every: 1, of: 500) }
        #expect((try? Snapshots.epochs(list: nil, every: 1, of: 498))?.count == 499)
    }

    @Test func aFileReadsBackToTheSameNetworks() throws {
        let model = Model(inputSize: 2, layers: [(3, .tanh), (1, .sigmoid)])
        let networks = try [1, 2, 3].map { try model.network(seed: $0) }
        let trained = model.updating(from: networks[2])
        let snapshots = Snapshots(model: trained, epochs: [0, 5, 10], networks: networks)
        let text = try snapshots.encode()
        let read = try Snapshots.parse(text, file: "s.json")
        #expect(read == snapshots)
        #expect(try read.encode() == text)
        #expect(read.model(at: 1).updating(from: networks[1]) == read.model(at: 1))
    }

    @Test(arguments: [
        ("{}", "is not a snapshot file"),
        (#"{"format": "nnviz-snapshots", "version": 1, "model": {"input_dim": 2, "layers": [{"units": 1}]}, "snapshots": []}"#,
         "s.json: snapshots: is empty"),
        (#"{"format": "nnviz-snapshots", "version": 1, "model": {"input_dim": 2, "layers": [{"units": 1}]}, "snapshots": [{"epoch": 0, "layers": [{"weights": [[1]], "bias": [0]}]}]}"#,
         "s.json: snapshots[0].layers[0].weights[0]: expected 2 numbers"),
        (#"{"format": "nnviz-snapshots", "version": 1, "model": {"input_dim": 2, "layers": [{"units": 1}]}, "snapshots": [{"epoch": 3, "layers": [{"weights": [[1, 2]], "bias": [0]}]}, {"epoch": 3, "layers": []}]}"#,
         "s.json: snapshots[1].epoch: 3 does not come after 3"),
    ])
    func badFilesSayWhereTheyAreWrong(text: String, message: String) {
        do {
            _ = try Snapshots.parse(text, file: "s.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }
}
