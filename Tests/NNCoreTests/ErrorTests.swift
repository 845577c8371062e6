import Foundation
import Testing
@testable import NNCore

/// Each error's message is `file: place: reason`, and the readers throw the case that says what went wrong.
@Suite struct ModelFileErrorTests {
    @Test(arguments: [
        (ModelFileError.unreadable(file: "m.json", reason: "no such file"), "m.json: no such file"),
        (ModelFileError.syntax(file: "m.json", line: 3, column: 7, reason: "expected ':'"), "m.json: line 3, column 7: expected ':'"),
        (ModelFileError(file: "m.json", place: "layers[2].units", reason: "expected a positive whole number"),
         "m.json: layers[2].units: expected a positive whole number"),
        (ModelFileError(file: "m.json", reason: "expected a JSON object at the top level"), "m.json: expected a JSON object at the top level"),
        (ModelFileError.unwritable(file: "out/m.json", reason: "cannot write: it is a folder"), "out/m.json: cannot write: it is a folder"),
    ])
    func messages(error: ModelFileError, message: String) {
        #expect(error.description == message)
    }

    @Test func readersThrowTheCaseThatFits() {
        #expect(throws: ModelFileError.syntax(file: "m.json", line: 2, column: 1, reason: "unexpected character ']', expected a value")) {
            try ModelFile.parse("{\"layers\":\n]", file: "m.json")
        }
        #expect(throws: ModelFileError.invalid(file: "m.json", place: nil, reason: "expected a JSON object at the top level")) {
            try ModelFile.parse("[]", file: "m.json")
        }
    }
}

@Suite struct DataErrorTests {
    @Test(arguments: [
        (DataError.unreadable(file: "d.csv", reason: "is a folder, not a file"), "d.csv: is a folder, not a file"),
        (DataError(file: "d.csv", line: 7, column: "x", reason: "missing value"), "d.csv:7 (column 'x'): missing value"),
        (DataError(file: "d.csv", line: 7, reason: "has 2 fields but the header has 3"), "d.csv:7: has 2 fields but the header has 3"),
        (DataError(file: "--input", reason: "has 3 values but the model expects 4"), "--input: has 3 values but the model expects 4"),
        (DataError.syntax(file: "h.json", line: 1, column: 15, reason: "expected ','"), "h.json: line 1, column 15: expected ','"),
        (DataError.invalidEntry(file: "h.json", place: "history.loss[1]", reason: "expected a finite number"),
         "h.json: history.loss[1]: expected a finite number"),
    ])
    func messages(error: DataError, message: String) {
        #expect(error.description == message)
    }

    @Test func historyFilesThrowDataErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-errors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("h.json").path
        try #"{"loss": [1, 2"#.write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(throws: DataError.syntax(file: broken, line: 1, column: 15, reason: "unexpected end of file inside an array")) {
            try History.load(path: broken)
        }
        let notFinite = folder.appendingPathComponent("n.json").path
        try #"{"loss": [1, "x"]}"#.write(toFile: notFinite, atomically: true, encoding: .utf8)
        #expect(throws: DataError.invalidEntry(file: notFinite, place: "history.loss[1]", reason: "expected a finite number")) {
            try History.load(path: notFinite)
        }
        #expect(throws: DataError.unreadable(file: folder.path, reason: "is a folder, not a file")) {
            try History.load(path: folder.path)
        }
    }
}

@Suite struct ModelErrorTests {
    @Test func messages() {
        #expect(ModelError.notTrained(file: "m.json").description == "m.json has no trained weights; train it first with nnviz train")
        #expect(ModelError.noSuchLayer(name: "d9", layers: ["d1", "d2"]).description
            == "no layer 'd9' in this model; its layers are d1, d2 (or give a position from 0 to 1, or all)")
        #expect(ModelError.inFile("m.json", .notRunnable("the model has no layers")).description == "m.json: the model has no layers")
        #expect(TrainingError("the loss became NaN in epoch 3").description == "the loss became NaN in epoch 3")
    }

    @Test func aLossThatDoesNotFitIsALossMismatch() throws {
        let model = Model(inputSize: 2, layers: [(units: 3, activation: .softmax)])
        #expect {
            try model.checkTrainable(loss: .binaryCrossEntropy)
        } throws: { error in
            guard case .lossMismatch = error as? ModelError else { return false }
            return true
        }
    }
}
