import Foundation
import Testing

/// `nnviz data` and `nnviz boundary` end to end: the built binary, real files, and the bad inputs.
@Suite struct PlaygroundCommandTests {
    static let linearModel = """
        {"input_dim": 2, "layers": [{"units": 1, "activation": "sigmoid", "weights": [[1, -1]], "bias": [0]}]}
        """

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test func dataIsTheSameForASeedAndDiffersForAnother() throws {
        let folder = try temporaryFolder()
        var files: [[UInt8]] = []
        for (name, seed) in [("a.csv", "3"), ("b.csv", "3"), ("c.csv", "4")] {
            let result = try nnviz(["data", "moons", "--rows", "50", "--noise", "0.1", "--seed", seed, "-o", folder.appendingPathComponent(name).path])
            #expect(result.status == 0, "\(result.stderr)")
            files.append(try bytes(folder.appendingPathComponent(name).path))
        }
        #expect(files[0] == files[1] && files[0] != files[2])
        let text = String(decoding: files[0], as: UTF8.self)
        #expect(text.hasPrefix("x1,x2,label\n") && text.split(separator: "\n").count == 51)
    }

    @Test(arguments: ["png", "svg", "pdf"])
    func boundaryAndNeuronsAreByteIdentical(format: String) throws {
        let folder = try temporaryFolder()
        let data = folder.appendingPathComponent("xor.csv").path
        #expect(try nnviz(["data", "xor", "--rows", "60", "--seed", "1", "-o", data]).status == 0)
        let model = folder.appendingPathComponent("model.json").path
        try #"{"input_dim": 2, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]}"#
            .write(toFile: model, atomically: true, encoding: .utf8)
        for arguments in [[String](), ["--neurons"]] {
            var outputs: [[UInt8]] = []
            for name in ["first", "second"] {
                let output = folder.appendingPathComponent("\(name).\(format)").path
                let result = try nnviz(["boundary", model, "--data", data, "--resolution", "60", "-o", output] + arguments)
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stderr.contains("no trained weights"))
                outputs.append(try bytes(output))
            }
            #expect(outputs[0] == outputs[1] && outputs[0].count > 1000)
        }
        if format == "svg" {
            // The plane is one embedded image, the rest stays vector.
            let svg = String(decoding: try bytes(folder.appendingPathComponent("first.svg").path), as: UTF8.self)
            #expect(svg.contains("<image") && svg.contains("<path"))
        }
    }

    @Test func aFourInputModelTakesTwoFeaturesAndHoldsTheOthers() throws {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("iris.png").path
        let result = try nnviz(["boundary", fixture("iris_model.json"), "--data", fixture("iris.csv"),
                                "--features", "petal_length,petal_width", "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try bytes(output).count > 1000)
    }

    @Test(arguments: [
        (["--data", "iris.csv"], "has 4 inputs (sepal_length, sepal_width, petal_length, petal_width); pick the two to draw with --features"),
        (["--data", "iris.csv", "--features", "petal_length"], "--features must name two different inputs"),
        (["--data", "iris.csv", "--features", "petal_length,petals"], "the model has no input 'petals'"),
        (["--data", "iris.csv", "--features", "petal_length,petal_width", "--resolution", "0"], "--resolution must be between 2 and 2000 (got 0)"),
        (["--data", "iris.csv", "--features", "petal_length,petal_width", "--resolution", "5000"], "--resolution must be between 2 and 2000"),
    ])
    func badPlanesFailInOneLineWithoutAFile(arguments: [String], mention: String) throws {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("out.png").path
        let result = try nnviz(["boundary", fixture("iris_model.json")] + arguments.map { $0 == "iris.csv" ? fixture("iris.csv") : $0 } + ["-o", output])
        expectCleanFailure(result, mentioning: mention)
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aRegressionModelOnClassLabelsSaysWhatTheModelIs() throws {
        let folder = try temporaryFolder()
        let model = folder.appendingPathComponent("regression.json").path
        try #"{"input_dim": 4, "layers": [{"units": 1, "activation": "linear"}]}"#.write(toFile: model, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out.png").path
        let result = try nnviz(["boundary", model, "--data", fixture("iris.csv"), "--features", "petal_length,petal_width", "-o", output])
        expectCleanFailure(result, mentioning: "'setosa' is not a finite number, but the model is a regression model")
        #expect(result.status == 1 && !FileManager.default.fileExists(atPath: output))
        // And a two-class classifier on three classes.
        let binary = folder.appendingPathComponent("binary.json").path
        try #"{"input_dim": 4, "layers": [{"units": 1, "activation": "sigmoid"}]}"#.write(toFile: binary, atomically: true, encoding: .utf8)
        let second = try nnviz(["boundary", binary, "--data", fixture("iris.csv"), "--features", "petal_length,petal_width", "-o", output])
        expectCleanFailure(second, mentioning: "has 3 classes but a single sigmoid output can only tell 2 apart, but the model is a two-class classifier")
    }

    @Test func theOutputNeverOverwritesAnInput() throws {
        let folder = try temporaryFolder()
        let model = folder.appendingPathComponent("linear.json").path
        try Self.linearModel.write(toFile: model, atomically: true, encoding: .utf8)
        let data = folder.appendingPathComponent("data.png").path
        #expect(try nnviz(["data", "gauss", "--rows", "20", "-o", data]).status == 0)
        let before = try bytes(data)
        let result = try nnviz(["boundary", model, "--data", data, "-o", data])
        expectCleanFailure(result, mentioning: "cannot write: it is an input of this command")
        #expect(try bytes(data) == before)
    }
}

/// `nnviz train --snapshots` and `nnviz evolution` end to end.
@Suite struct EvolutionCommandTests {
    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// A trained xor model with snapshots in `folder`: the data, and the snapshot file's path.
    func trainWithSnapshots(in folder: URL, arguments: [String] = ["--snapshots", "0,1,2,5,10"]) throws -> (data: String, snapshots: String, result: RunResult) {
        let data = folder.appendingPathComponent("xor.csv").path
        #expect(try nnviz(["data", "xor", "--rows", "80", "--seed", "2", "-o", data]).status == 0)
        let model = folder.appendingPathComponent("model.json").path
        try #"{"input_dim": 2, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]}"#
            .write(toFile: model, atomically: true, encoding: .utf8)
        let result = try nnviz(["train", model, "--data", data, "--epochs", "10", "--learning-rate", "0.05", "--quiet",
                                "-o", folder.appendingPathComponent("model.trained.json").path] + arguments)
        return (data, folder.appendingPathComponent("model.trained.snapshots.json").path, result)
    }

    @Test func snapshotsMakeAGIFAndASheetTheSameEveryTime() throws {
        let folder = try temporaryFolder()
        let run = try trainWithSnapshots(in: folder)
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(run.result.stdout.contains("the model at epochs 0, 1, 2, 5, 10"))
        for name in ["evolution.gif", "evolution.png", "evolution.pdf"] {
            var outputs: [[UInt8]] = []
            for copy in ["a-", "b-"] {
                let output = folder.appendingPathComponent(copy + name).path
                let result = try nnviz(["evolution", run.snapshots, "--data", run.data, "--resolution", "40", "-o", output])
                #expect(result.status == 0, "\(result.stderr)")
                outputs.append(try bytes(output))
            }
            #expect(outputs[0] == outputs[1] && outputs[0].count > 1000)
        }
        // The last snapshot is the trained model itself.
        let trained = try nnviz(["boundary", folder.appendingPathComponent("model.trained.json").path, "--data", run.data, "--resolution", "40",
                                 "-o", folder.appendingPathComponent("b.png").path])
        #expect(trained.status == 0 && trained.stderr.isEmpty)
    }

    @Test func aReportOfATwoInputModelHasItsBoundaryAndEvolution() throws {
        let folder = try temporaryFolder()
        let run = try trainWithSnapshots(in: folder)
        #expect(run.result.status == 0, "\(run.result.stderr)")
        let report = folder.appendingPathComponent("report").path
        let result = try nnviz(["report", folder.appendingPathComponent("model.trained.json").path, "--data", run.data, "-o", report])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: report)
        #expect(files.contains("boundary.svg") && files.contains("evolution.svg"))
        let page = try String(contentsOfFile: report + "/index.html", encoding: .utf8)
        #expect(page.contains("boundary.svg") && page.contains("Decision boundary") && page.contains("How it learned"))

        // In the print theme at 13, the boundary and its evolution are what the commands under them make.
        let printed = folder.appendingPathComponent("printed")
        let themed = try nnviz(["report", folder.appendingPathComponent("model.trained.json").path, "--data", run.data,
                                "--theme", "print", "--font-size", "13", "-o", printed.path])
        #expect(themed.status == 0, "\(themed.stderr)")
        let commands = try reportCommands(in: printed).filter { $0.hasPrefix("nnviz boundary") || $0.hasPrefix("nnviz evolution") }
        #expect(commands.count == 2 && commands.allSatisfy { $0.contains(" --theme print --font-size 13 -o ") }, "\(commands)")
        let remade = try remakePictures(commands, in: folder)
        for file in ["boundary.svg", "evolution.svg"] {
            let picture = try Data(contentsOf: printed.appendingPathComponent(file))
            #expect(picture == (try? Data(contentsOf: remade.appendingPathComponent(file))), "\(file) is not what its command makes")
            #expect(picture != (try Data(contentsOf: URL(fileURLWithPath: report).appendingPathComponent(file))), "\(file) ignores the theme")
        }
    }

    @Test(arguments: [
        (["--snapshots", ""], "--snapshots: the list of epochs is empty"),
        (["--snapshot-every", "0"], "--snapshot-every: must be at least 1"),
        (["--snapshots", "0,11"], "epoch 11 is past the last epoch of this run (10)"),
    ])
    func badSnapshotListsFailBeforeTrainingWithoutAFile(arguments: [String], mention: String) throws {
        let folder = try temporaryFolder()
        let run = try trainWithSnapshots(in: folder, arguments: arguments)
        expectCleanFailure(run.result, mentioning: mention)
        #expect(run.result.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["model.json", "xor.csv"])
    }

    @Test func moreThan500FramesAreRefused() throws {
        let folder = try temporaryFolder()
        let data = folder.appendingPathComponent("gauss.csv").path
        #expect(try nnviz(["data", "gauss", "--rows", "10", "-o", data]).status == 0)
        let model = folder.appendingPathComponent("model.json").path
        try #"{"input_dim": 2, "layers": [{"units": 1, "activation": "sigmoid"}]}"#.write(toFile: model, atomically: true, encoding: .utf8)
        let result = try nnviz(["train", model, "--data", data, "--epochs", "600", "--snapshot-every", "1", "--quiet"])
        expectCleanFailure(result, mentioning: "asks for 601 snapshots; at most 500 are kept")
        // A file claiming 501 snapshots is refused by evolution too.
        let entries = (0...500).map { #"{"epoch": \#($0), "layers": [{"weights": [[0, 0]], "bias": [0]}]}"# }.joined(separator: ",")
        let snapshots = folder.appendingPathComponent("many.json").path
        try #"{"format": "nnviz-snapshots", "version": 1, "model": {"input_dim": 2, "layers": [{"units": 1, "activation": "sigmoid", "weights": [[0, 0]], "bias": [0]}]}, "snapshots": [\#(entries)]}"#
            .write(toFile: snapshots, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("e.gif").path
        let evolution = try nnviz(["evolution", snapshots, "--data", data, "-o", output])
        expectCleanFailure(evolution, mentioning: "has 501 snapshots; at most 500 can be drawn")
        #expect(evolution.status == 1 && !FileManager.default.fileExists(atPath: output))
    }
}
