import Foundation
import Testing
@testable import NNCore

@Suite struct DatasetTests {
    @Test func readsIrisWithStringLabels() throws {
        let data = try Dataset.labelled(CSVTable.read(path: fixture("iris.csv")), target: nil, features: nil)
        #expect(data.rowCount == 150)
        #expect(data.featureNames == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        #expect(data.targetName == "species")
        #expect(data.row(0) == [5.1, 3.5, 1.4, 0.2])
    }

    @Test func targetAndFeaturesByName() throws {
        let table = try CSVTable.parse("a,b,label,c\n1,2,x,3\n4,5,y,6\n", file: "t.csv")
        let data = try Dataset.labelled(table, target: "label", features: ["c", "a"])
        #expect(data.features == [3, 1, 6, 4])
        #expect(data.labels == ["x", "y"])
    }

    @Test func quotedFieldsAndBlankLines() throws {
        let table = try CSVTable.parse("name,value\n\"a, b\",1\n\n\"say \"\"hi\"\"\",2\n", file: "q.csv")
        #expect(table.rows == [["a, b", "1"], ["say \"hi\"", "2"]])
        #expect(table.lines == [2, 4])
    }

    @Test(arguments: [
        ("a,b,y\n1,2,0\n3,0\n", "q.csv:3: has 2 fields but the header has 3"),
        ("a,b,y\n1,x,0\n", "q.csv:2 (column 'b'): 'x' is not a number"),
        ("a,b,y\n1,,0\n", "q.csv:2 (column 'b'): missing value"),
        ("a,b,y\n1,nan,0\n", "q.csv:2 (column 'b'): 'nan' is not a finite number"),
        ("a,b,y\n1,inf,0\n", "q.csv:2 (column 'b'): 'inf' is not a finite number"),
        ("", "q.csv: is empty"),
        ("a,b,y\n", "q.csv: has a header but no data rows"),
        ("a,a,y\n1,2,3\n", "the header names column 'a' twice"),
        ("a,b,y\n\"1,2,0\n", "q.csv:2: a quoted field is never closed"),
    ])
    func badDataNamesFileLineAndColumn(text: String, expected: String) {
        #expect {
            _ = try Dataset.labelled(CSVTable.parse(text, file: "q.csv"), target: nil, features: nil)
        } throws: { error in
            String(describing: error).contains(expected)
        }
    }

    @Test func unknownColumnsListTheOnesThatExist() {
        #expect {
            _ = try Dataset.labelled(CSVTable.parse("a,b\n1,2\n", file: "q.csv"), target: "label", features: nil)
        } throws: { String(describing: $0).contains("no column named 'label' (columns: a, b)") }
    }

    @Test func inlineInputsCheckTheirWidth() throws {
        let data = try Dataset.inline("5.1, 3.5,1.4,0.2", width: 4, featureNames: ["a", "b", "c", "d"])
        #expect(data.features == [5.1, 3.5, 1.4, 0.2])
        #expect(throws: DataError.self) { try Dataset.inline("1,2,3", width: 4, featureNames: []) }
        #expect(throws: DataError.self) { try Dataset.inline("1,2,x,4", width: 4, featureNames: []) }
    }

    @Test func normalisationIsFittedPerColumn() {
        let standard = Normalization(fitting: .standard, features: [1, 10, 3, 10], width: 2)
        #expect(standard.offset == [2, 10])
        #expect(standard.scale == [1, 1])
        #expect(standard.applied(to: [3, 10]) == [1, 0])
        let minmax = Normalization(fitting: .minmax, features: [1, 5, 3, 9], width: 2)
        #expect(minmax.applied(to: [2, 9]) == [0.5, 1])
    }

    @Test func classesAreLearntAndCheckedAgainstTheOutputWidth() throws {
        var model = Model(inputSize: 2, layers: [(2, .softmax)])
        let data = Dataset(file: "c.csv", featureNames: ["a", "b"], features: [0, 0, 0, 0, 0, 0], targetName: "y",
                           labels: ["cat", "dog", "bird"], lines: [2, 3, 4])
        #expect {
            _ = try model.encodeTargets(data)
        } throws: { String(describing: $0).contains("has 3 classes but the output layer has 2 units") }
    }
}

@Suite struct TargetLabelTests {
    @Test func labelsMustBeClassesOfTheModel() throws {
        let binary = Model(inputSize: 2, layers: [(1, .sigmoid)])
        #expect(try binary.target(forLabel: "1") == [1])
        #expect(throws: DataError.self) { try binary.target(forLabel: "7") }
        var iris = Model(inputSize: 4, layers: [(3, .softmax)])
        #expect(try iris.target(forLabel: "2") == [0, 0, 1])
        iris.classNames = ["setosa", "versicolor", "virginica"]
        #expect(try iris.target(forLabel: "versicolor") == [0, 1, 0])
        #expect {
            try iris.target(forLabel: "rose")
        } throws: { String(describing: $0).contains("'rose' is not a class of this model (setosa, versicolor, virginica)") }
    }
}
