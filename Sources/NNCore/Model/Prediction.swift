extension Model {
    /// The outputs of `rows` inputs as CSV: for classifiers the chosen class and each class's
    /// probability (`prediction,p(setosa),…`), for regression the outputs under their names.
    public func predictionCSV(_ outputs: [Float], rows: Int) -> String {
        let n = rows == 0 ? 0 : outputs.count / rows
        var csv: String
        switch task {
        case .binary:
            let names = classLabels
            csv = "prediction," + csvField("p(\(names[1]))") + "\n"
            for p in outputs { csv += csvField(p > 0.5 ? names[1] : names[0]) + ",\(p)\n" }
        case .categorical:
            let names = classLabels
            csv = "prediction," + names.map { csvField("p(\($0))") }.joined(separator: ",") + "\n"
            for r in 0..<rows {
                let row = outputs[r * n..<(r + 1) * n]
                let best = row.withUnsafeBufferPointer(ModelTask.chosenClass)
                csv += csvField(names[best]) + "," + row.map(\.description).joined(separator: ",") + "\n"
            }
        case .regression:
            csv = outputNames.map(csvField).joined(separator: ",") + "\n"
            for r in 0..<rows {
                csv += outputs[r * n..<(r + 1) * n].map(\.description).joined(separator: ",") + "\n"
            }
        }
        return csv
    }
}
