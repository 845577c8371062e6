import Foundation
import Testing

@Suite struct TrainCommandTests {
    /// A folder holding a copy of the blog's model as model.json.
    func workspace() throws -> URL {
        let folder = try temporaryFolder()
        try FileManager.default.copyItem(atPath: fixture("blog_model.json"), toPath: folder.appendingPathComponent("model.json").path)
        return folder
    }

    func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func trainsTheDefaultModelWithoutOverwritingIt() throws {
        let folder = try workspace()
        let before = try Data(contentsOf: folder.appendingPathComponent("model.json"))
        let result = try nnviz(["train", "--data", fixture("tiny_binary.csv"), "--epochs", "5", "--history", "history.csv"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("epoch 5/5 - loss: "))
        #expect(result.stdout.contains("wrote model.trained.json"))
        #expect(try Data(contentsOf: folder.appendingPathComponent("model.json")) == before)
        #expect(try files(in: folder) == ["history.csv", "model.json", "model.trained.json"])
        let history = try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8)
        #expect(history.hasPrefix("epoch,loss,accuracy\n1,"))
        #expect(history.split(separator: "\n").count == 6)
    }

    @Test func theSameSeedGivesByteIdenticalFiles() throws {
        let folder = try workspace()
        var outputs: [Data] = []
        for (index, seed) in ["4", "4", "5"].enumerated() {
            let result = try nnviz(["train", "model.json", "--data", fixture("tiny_binary.csv"), "--epochs", "3", "--seed", seed,
                                    "--validation-split", "0.25", "--normalize", "standard", "--quiet", "-o", "out\(index).json"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try Data(contentsOf: folder.appendingPathComponent("out\(index).json")))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] != outputs[2])
    }

    @Test func trainEvaluatePredictOnIris() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["train", fixture("iris_model.json"), "--data", fixture("iris.csv"), "--epochs", "150",
                                "--batch-size", "16", "--learning-rate", "0.01", "--normalize", "standard", "--quiet",
                                "-o", folder.appendingPathComponent("iris.json").path])
        #expect(result.status == 0, "\(result.stderr)")
        let trained = folder.appendingPathComponent("iris.json").path
        let evaluation = try nnviz(["evaluate", trained, "--data", fixture("iris.csv"), "--json"])
        #expect(evaluation.status == 0)
        #expect(evaluation.stdout.contains("\"accuracy\": 0.9"))
        let prediction = try nnviz(["predict", trained, "--input", "5.1,3.5,1.4,0.2"])
        #expect(prediction.stdout.hasPrefix("prediction,p(setosa),p(versicolor),p(virginica)\nsetosa,"))
        let file = try nnviz(["predict", trained, "--input", fixture("iris.csv"), "-o", folder.appendingPathComponent("p.csv").path])
        #expect(file.status == 0)
        let lines = try String(contentsOf: folder.appendingPathComponent("p.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 151)
    }

    @Test func aKerasExportTrainsLikeANativeModel() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("k.json").path
        let result = try nnviz(["train", fixture("keras/blog_model_keras3.json"), "--data", fixture("tiny_binary.csv"),
                                "--epochs", "2", "--quiet", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try nnviz(["summary", out]).stdout.contains("Total params: 81"))
    }

    @Test(arguments: [
        ("a,b,c,d,y\n1,2,3,4,1\n1,2,3\n", "bad.csv:3: has 3 fields but the header has 5"),
        ("a,b,y\n1,2,1\n", "bad.csv: has 2 feature columns (a, b) but the model expects 4"),
        ("a,b,c,d,y\n1,2,x,4,1\n", "bad.csv:2 (column 'c'): 'x' is not a number"),
        ("a,b,c,d,y\n1,2,NaN,4,1\n", "bad.csv:2 (column 'c'): 'NaN' is not a finite number"),
        ("", "bad.csv: is empty"),
    ])
    func badDataLeavesNoFile(csv: String, message: String) throws {
        let folder = try workspace()
        try csv.write(to: folder.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        expectCleanFailure(try nnviz(["train", "--data", "bad.csv"], in: folder), mentioning: message)
        #expect(try files(in: folder) == ["bad.csv", "model.json"])
    }

    @Test func badModelsAndPathsFailCleanly() throws {
        let folder = try workspace()
        expectCleanFailure(try nnviz(["train", "missing.json", "--data", fixture("tiny_binary.csv")], in: folder),
                           mentioning: "missing.json: no such file")
        expectCleanFailure(try nnviz(["train", "--data", "nope.csv"], in: folder), mentioning: "nope.csv: no such file")
        expectCleanFailure(try nnviz(["train", "--data", fixture("tiny_binary.csv"), "-o", "/no/such/dir/m.json"], in: folder),
                           mentioning: "/no/such/dir/m.json: cannot write")
        expectCleanFailure(try nnviz(["train", fixture("keras/cnn_keras3.json"), "--data", fixture("tiny_binary.csv")], in: folder),
                           mentioning: "layer 'conv2d' is a Conv2D")
        expectCleanFailure(try nnviz(["train", "--data", fixture("iris.csv")], in: folder),
                           mentioning: "has 3 classes but a single sigmoid output can only tell 2 apart")
        #expect(try files(in: folder) == ["model.json"])
    }

    @Test func aDivergingRunNamesTheEpochAndWritesNothing() throws {
        let folder = try workspace()
        let result = try nnviz(["train", "--data", fixture("tiny_binary.csv"), "--optimizer", "sgd", "--learning-rate", "1e30",
                                "--quiet", "--history", "h.csv"], in: folder)
        expectCleanFailure(result, mentioning: "in epoch 1; try a smaller learning rate")
        #expect(try files(in: folder) == ["model.json"])
    }

    @Test func predictAndEvaluateNeedATrainedModelAndTheRightWidth() throws {
        expectCleanFailure(try nnviz(["predict", fixture("blog_model.json"), "--input", "1,2,3,4"]), mentioning: "has no trained weights")
        let folder = try workspace()
        _ = try nnviz(["train", "--data", fixture("tiny_binary.csv"), "--epochs", "1", "--quiet"], in: folder)
        expectCleanFailure(try nnviz(["predict", "model.trained.json", "--input", "1,2,3"], in: folder),
                           mentioning: "--input: has 3 values but the model expects 4")
        expectCleanFailure(try nnviz(["evaluate", "model.trained.json", "--data", fixture("iris.csv")], in: folder),
                           mentioning: "'setosa' is not one of the classes 0, 1")
    }

    /// `train` on a model with batch normalisation and dropout, then `predict` with the trained file.
    @Test func trainsAndPredictsWithBatchNormalizationAndDropout() throws {
        let folder = try temporaryFolder()
        let trained = try nnviz(["train", fixture("layers/iris_bn_dropout.json"), "--data", fixture("iris.csv"), "--epochs", "30",
                                 "--batch-size", "16", "--learning-rate", "0.01", "--quiet", "-o", "trained.json"], in: folder)
        #expect(trained.status == 0, "\(trained.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("trained.json"), encoding: .utf8)
        #expect(text.contains("\"moving_variance\""))
        let predicted = try nnviz(["predict", "trained.json", "--input", "5.1,3.5,1.4,0.2"], in: folder)
        #expect(predicted.status == 0, "\(predicted.stderr)")
        #expect(predicted.stdout.contains("setosa"), "\(predicted.stdout)")
        let summary = try nnviz(["summary", "trained.json"], in: folder)
        #expect(summary.stdout.contains("Non-trainable params: 32"), "\(summary.stdout)")
    }
}
