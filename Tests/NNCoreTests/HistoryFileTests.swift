import Foundation
import Testing
@testable import NNCore

@Suite struct HistoryFileTests {
    @Test func csvRoundTripsThroughTrainsOwnFormat() throws {
        let history = History(loss: [0.5, 0.25], accuracy: [0.75, 0.875], validationLoss: [0.625, 0.375], validationAccuracy: [0.5, 1])
        #expect(try History(csv: history.csv, file: "h.csv") == history)
    }

    @Test func kerasCSVLoggerColumnsInAnyOrder() throws {
        let text = "epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5,0.9,0.4,1.0\n1,0.75,0.5,0.6,0.7\n"
        let history = try History(csv: text, file: "log.csv")
        #expect(history.loss == [0.9, 0.5])
        #expect(history.validationAccuracy == [0.4, 0.6])
    }

    @Test func nanIsRefusedWithItsPlace() {
        #expect(throws: DataError(file: "h.csv", line: 3, column: "val_loss", reason: "'nan' is not a finite number")) {
            try History(csv: "epoch,loss,val_loss\n1,0.5,0.6\n2,0.4,nan\n", file: "h.csv")
        }
    }

    @Test func shortRowIsRefused() {
        #expect(throws: DataError(file: "h.csv", line: 2, reason: "has 2 fields but the header has 3")) {
            try History(csv: "epoch,loss,val_loss\n1,0.5\n", file: "h.csv")
        }
    }

    @Test func headerWithoutLossIsRefused() {
        #expect(throws: DataError(file: "h.csv", line: 1, reason: "the header has no 'loss' column (found: a, b)")) {
            try History(csv: "a,b\n1,2\n", file: "h.csv")
        }
    }

    @Test func headerOnlyHasNoEpochs() {
        #expect(throws: DataError(file: "h.csv", reason: "has a header but no data rows")) {
            try History(csv: "epoch,loss\n", file: "h.csv")
        }
    }

    @Test func loadReadsJSONAndRefusesEmptyFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("h.json").path
        try #"{"loss": [1, 0.5], "val_loss": [1.5, 0.75]}"#.write(toFile: json, atomically: true, encoding: .utf8)
        #expect(try History.load(path: json) == History(loss: [1, 0.5], validationLoss: [1.5, 0.75]))
        let empty = folder.appendingPathComponent("empty.csv").path
        try "\n".write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(throws: DataError(file: empty, reason: "is empty (expected a training history, CSV or JSON)")) {
            try History.load(path: empty)
        }
    }
}
