import Foundation
import Testing
@testable import NNCore

/// A labelled table becomes training and validation examples: rows held out from the end, the
/// normalisation fitted on the training rows only, classes learned and one-hot encoded.
@Suite struct TrainingDataTests {
    static let table = """
        x1,x2,kind
        0,10,cat
        2,10,dog
        4,30,bird
        6,30,cat
        100,50,dog

        """

    @Test func validationSplitHoldsOutTheLastRowsAndFitsOnTheRest() throws {
        var model = Model(inputSize: 2, layers: [(3, .softmax)])
        let options = DataOptions(validationSplit: 0.2, normalize: .minmax)
        let data = try TrainingData(CSVTable.parse(Self.table, file: "t.csv"), for: &model, options: options)
        #expect(model.featureNames == ["x1", "x2"])
        #expect(model.classNames == ["bird", "cat", "dog"])
        // Fitted on the first four rows: x1 from 0 to 6, x2 from 10 to 30.
        #expect(model.normalization == Normalization(method: .minmax, offset: [0, 10], scale: [6, 20]))
        #expect(data.training.inputs == [0, 0, 2.0 / 6, 0, 4.0 / 6, 1, 1, 1])
        #expect(data.training.targets == [0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0])
        let validation = try #require(data.validation)
        #expect(validation.inputs == [100.0 / 6, 2])
        #expect(validation.targets == [0, 0, 1])
    }

    @Test func aSeparateValidationTableUsesTheSameColumnsAndClasses() throws {
        var model = Model(inputSize: 1, layers: [(3, .softmax)])
        let validation = try CSVTable.parse("kind,x2,x1\ndog,0,1\n", file: "v.csv")
        let data = try TrainingData(CSVTable.parse(Self.table, file: "t.csv"), validation: validation, for: &model,
                                    options: DataOptions(features: ["x2"]))
        #expect(model.normalization == nil)
        #expect(data.training.inputs == [10, 10, 30, 30, 50])
        #expect(data.validation?.inputs == [0])
        #expect(data.validation?.targets == [0, 0, 1])
    }

    @Test(arguments: [
        (DataOptions(validationSplit: 0.1), "t.csv: --validation-split 0.1 of 5 rows leaves no rows to hold out or to train on"),
        (DataOptions(features: ["x1"]), "t.csv: has 1 feature columns (x1) but the model expects 2"),
        (DataOptions(target: "x1"), "t.csv:2 (column 'kind'): 'cat' is not a number"),
    ])
    func mistakesNameTheFile(options: DataOptions, message: String) {
        var model = Model(inputSize: 2, layers: [(3, .softmax)])
        #expect {
            _ = try TrainingData(CSVTable.parse(Self.table, file: "t.csv"), for: &model, options: options)
        } throws: { error in
            String(describing: error) == message
        }
    }

    @Test func aTrainedModelReadsItsOwnColumnsAndKeepsItsNormalisation() throws {
        var model = Model(inputSize: 2, layers: [(3, .softmax)])
        model.featureNames = ["x2", "x1"]
        model.classNames = ["bird", "cat", "dog"]
        model.normalization = Normalization(method: .standard, offset: [10, 0], scale: [10, 2])
        let rows = try Dataset.labelled(CSVTable.parse(Self.table, file: "t.csv"), for: model, target: nil)
        #expect(rows.featureNames == ["x2", "x1"])
        let examples = try model.examples(rows)
        #expect(examples.inputs.prefix(4) == [0, 0, 0, 1])
        #expect(examples.targets.prefix(6) == [0, 1, 0, 0, 0, 1])
        #expect(model.normalized([20, 4]) == [1, 2])
    }
}

@Suite struct PredictionTests {
    @Test func chosenClassIsTheFirstLargestOutputOrTheSideOfOneHalf() {
        func chosen(_ outputs: [Float]) -> Int { outputs.withUnsafeBufferPointer(ModelTask.chosenClass) }
        #expect(chosen([0.1, 0.7, 0.2]) == 1)
        #expect(chosen([0.4, 0.4, 0.2]) == 0)
        #expect(chosen([0.5]) == 0)
        #expect(chosen([0.51]) == 1)
    }

    @Test func csvHasTheClassAndEachProbability() {
        var model = Model(inputSize: 2, layers: [(3, .softmax)])
        model.classNames = ["a", "b, c", "d"]
        let csv = model.predictionCSV([0.2, 0.5, 0.3, 0.6, 0.3, 0.1], rows: 2)
        #expect(csv == "prediction,p(a),\"p(b, c)\",p(d)\n\"b, c\",0.2,0.5,0.3\na,0.6,0.3,0.1\n")
    }

    @Test func regressionCSVHasTheOutputs() {
        let model = Model(inputSize: 2, layers: [(2, .linear)])
        #expect(model.predictionCSV([1.5, -2, 0.25, 4], rows: 2).hasSuffix("\n1.5,-2.0\n0.25,4.0\n"))
    }
}
