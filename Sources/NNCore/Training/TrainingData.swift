/// How `TrainingData` reads a labelled table: which columns, how many rows to hold out for
/// validation, and how to rescale the inputs.
public struct DataOptions: Sendable {
    /// The target column (default: the last column).
    public var target: String?
    /// The feature columns (default: every column but the target).
    public var features: [String]?
    /// The fraction of rows, taken from the end of the file, held out for validation.
    public var validationSplit: Double?
    /// How to rescale the inputs; nil keeps the model's normalisation (none if it has none).
    public var normalize: Normalization.Method?

    public init(target: String? = nil, features: [String]? = nil, validationSplit: Double? = nil, normalize: Normalization.Method? = nil) {
        self.target = target
        self.features = features
        self.validationSplit = validationSplit
        self.normalize = normalize
    }
}

/// The examples a model is trained on, read from a labelled CSV file: the validation rows held out,
/// the inputs normalised and the labels encoded the model's way.
public struct TrainingData: Sendable {
    public var training: Examples
    public var validation: Examples?

    /// The examples of `table` (and of a separate `validation` table) for training `model`, recording
    /// in `model` what it learns from the data: the feature names, the class names, and the
    /// normalisation fitted on the training rows.
    public init(_ table: CSVTable, validation: CSVTable? = nil, for model: inout Model, options: DataOptions) throws(DataError) {
        var rows = try Dataset.labelled(table, target: options.target, features: options.features)
        try rows.checkWidth(for: model)
        var validationRows: Dataset?
        if let split = options.validationSplit {
            let held = Int((Double(rows.rowCount) * split).rounded(.down))
            guard held > 0, held < rows.rowCount else {
                throw DataError(file: table.file, reason: "--validation-split \(split) of \(rows.rowCount) rows leaves no rows to hold out or to train on")
            }
            let cut = rows.rowCount - held
            validationRows = rows.subset(Array(cut..<rows.rowCount))
            rows = rows.subset(Array(0..<cut))
        } else if let validation {
            validationRows = try Dataset.labelled(validation, target: rows.targetName, features: rows.featureNames)
        }
        if model.featureNames == nil { model.featureNames = rows.featureNames }
        let method = options.normalize ?? model.normalization?.method ?? .none
        if method == .none {
            model.normalization = nil
        } else if options.normalize != nil || model.normalization == nil {
            model.normalization = Normalization(fitting: method, features: rows.features, width: rows.width)
        }
        let targets = try model.encodeTargets(rows)
        let validationTargets = try validationRows.map { set throws(DataError) in try model.encodeTargets(set) }
        training = Examples(inputs: model.normalized(rows.features), targets: targets)
        self.validation = validationRows.map { set in Examples(inputs: model.normalized(set.features), targets: validationTargets ?? []) }
    }
}

extension Dataset {
    /// The labelled rows of `table` for `model`: its own feature columns where the table has them all
    /// (otherwise every column but the target), and the target column `target` (default: the last).
    public static func labelled(_ table: CSVTable, for model: Model, target: String?) throws(DataError) -> Dataset {
        let features = model.featureNames.flatMap { names in names.allSatisfy(table.header.contains) ? names : nil }
        let rows = try labelled(table, target: target, features: features)
        try rows.checkWidth(for: model)
        return rows
    }

    /// Fails unless the rows have as many features as `model` takes.
    func checkWidth(for model: Model) throws(DataError) {
        let width = model.inputSize ?? 0
        guard self.width == width else {
            throw DataError(file: file, reason: "has \(self.width) feature columns (\(featureNames.joined(separator: ", "))) but the model expects \(width)")
        }
    }
}

extension Model {
    /// `rows` as the network takes them: the inputs normalised and the labels encoded the model's way.
    public func examples(_ rows: Dataset) throws(DataError) -> Examples {
        var encoding = self
        return Examples(inputs: normalized(rows.features), targets: try encoding.encodeTargets(rows))
    }

    /// `raw` (one row, or many rows of `inputSize` values) as the network takes it: rescaled with the
    /// model's normalisation, when it has one.
    public func normalized(_ raw: [Float]) -> [Float] {
        normalization?.applied(to: raw) ?? raw
    }
}
