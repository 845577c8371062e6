/// What a model's output means, which decides how labels are encoded and whether accuracy is measured.
public enum ModelTask: Equatable, Sendable {
    /// One sigmoid output: the probability of the second class.
    case binary
    /// One output per class (softmax).
    case categorical(classes: Int)
    /// Numbers to be predicted.
    case regression

    public var isClassification: Bool { self != .regression }

    /// The class one row of a classifier's outputs chooses: the largest output (the first of equal
    /// ones), or, for one sigmoid output, class 1 when the output is above 0.5.
    public static func chosenClass(_ outputs: UnsafeBufferPointer<Float>) -> Int {
        if outputs.count == 1 { return outputs[0] > 0.5 ? 1 : 0 }
        var best = 0
        for k in outputs.indices.dropFirst() where outputs[k] > outputs[best] { best = k }
        return best
    }
}

extension Model {
    /// The loss training uses: the model's own, or the one its output activation suggests.
    public var effectiveLoss: Loss {
        if let loss { return loss }
        guard let activation = outputActivation else { return .meanSquaredError }
        if activation == .softmax { return .categoricalCrossEntropy }
        if activation == .sigmoid, outputWidth == 1 { return .binaryCrossEntropy }
        return .meanSquaredError
    }

    /// A classifier's class names in output order: the model's own, or, without them (a Keras
    /// model), the indices 0…K−1 as Keras's argmax gives them (0 and 1 for one sigmoid output).
    /// Empty for regression.
    public var classLabels: [String] {
        switch task {
        case .regression: return []
        case .binary: return classNames?.count == 2 ? classNames ?? [] : ["0", "1"]
        case let .categorical(classes): return classNames?.count == classes ? classNames ?? [] : (0..<classes).map(String.init)
        }
    }

    public var task: ModelTask {
        let width = outputWidth
        switch effectiveLoss {
        case .categoricalCrossEntropy: return .categorical(classes: width)
        case .binaryCrossEntropy: return width == 1 ? .binary : .regression
        case .meanSquaredError:
            if let classNames, !classNames.isEmpty { return width == 1 ? .binary : .categorical(classes: width) }
            return .regression
        }
    }

    /// Turns the labels of `data` into target rows (one value per output neuron, one-hot for classes),
    /// learning the class names from the data when the model has none yet.
    public mutating func encodeTargets(_ data: Dataset) throws(DataError) -> [Float] {
        let width = outputWidth
        switch task {
        case .regression:
            guard width == 1 else {
                throw DataError(file: data.file, reason: "the output layer has \(width) units but a regression target is one column")
            }
            var targets: [Float] = []
            for (row, label) in data.labels.enumerated() {
                guard let value = Float(label), value.isFinite else {
                    throw DataError(file: data.file, line: data.lines[row], column: data.targetName,
                                    reason: "'\(label)' is not a finite number")
                }
                targets.append(value)
            }
            return targets
        case .binary:
            if classNames == nil {
                let distinct = Set(data.labels)
                if distinct.isSubset(of: ["0", "1", "0.0", "1.0"]) {
                    classNames = ["0", "1"]
                } else {
                    guard distinct.count <= 2 else {
                        throw DataError(file: data.file, column: data.targetName,
                                        reason: "has \(distinct.count) classes but a single sigmoid output can only tell 2 apart")
                    }
                    classNames = Self.sortedClassNames(distinct)
                }
            }
            let names = classNames ?? []
            return try data.labels.enumerated().map { (row, label) throws(DataError) -> Float in
                if let index = Self.classIndex(of: label, in: names), index < 2 { return Float(index) }
                throw DataError(file: data.file, line: data.lines[row], column: data.targetName,
                                reason: "'\(label)' is not one of the classes \(names.joined(separator: ", "))")
            }
        case let .categorical(classes):
            if classNames == nil {
                let names = Self.sortedClassNames(Set(data.labels))
                guard names.count <= classes else {
                    throw DataError(file: data.file, column: data.targetName,
                                    reason: "has \(names.count) classes but the output layer has \(classes) units")
                }
                if names.count == classes {
                    classNames = names
                } else if names.allSatisfy({ Int($0).map { (0..<classes).contains($0) } ?? false }) {
                    classNames = (0..<classes).map(String.init)
                } else {
                    throw DataError(file: data.file, column: data.targetName,
                                    reason: "has \(names.count) classes but the output layer has \(classes) units")
                }
            }
            let names = classNames ?? []
            var targets = [Float](repeating: 0, count: data.rowCount * classes)
            for (row, label) in data.labels.enumerated() {
                guard let index = Self.classIndex(of: label, in: names), index < classes else {
                    throw DataError(file: data.file, line: data.lines[row], column: data.targetName,
                                    reason: "'\(label)' is not one of the classes \(names.joined(separator: ", "))")
                }
                targets[row * classes + index] = 1
            }
            return targets
        }
    }

    /// The target row for one label given on the command line (`explain --target`): a class of the
    /// model (by name, or by index when it has no names) or, for regression, a number.
    public func target(forLabel label: String) throws(DataError) -> [Float] {
        let width = outputWidth
        switch task {
        case .regression:
            let values = label.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == width, values.allSatisfy({ $0?.isFinite ?? false }) else {
                throw DataError(file: "--target", reason: "'\(label)' must be \(width) finite number\(width == 1 ? "" : "s, comma-separated") for this regression model")
            }
            return values.compactMap { $0 }
        case .binary:
            let names = classLabels
            guard let index = Self.classIndex(of: label, in: names), index < 2 else {
                throw DataError(file: "--target", reason: "'\(label)' is not a class of this model (\(names.joined(separator: ", ")))")
            }
            return [Float(index)]
        case let .categorical(classes):
            let names = classLabels
            guard let index = Self.classIndex(of: label, in: names), index < classes else {
                throw DataError(file: "--target", reason: "'\(label)' is not a class of this model (\(names.joined(separator: ", ")))")
            }
            var target = [Float](repeating: 0, count: classes)
            target[index] = 1
            return target
        }
    }

    static func classIndex(of label: String, in names: [String]) -> Int? {
        if let index = names.firstIndex(of: label) { return index }
        if let value = Double(label), let index = names.firstIndex(where: { Double($0) == value }) { return index }
        return nil
    }

    /// Class names in a stable order: numerically when they are all numbers, otherwise by text.
    static func sortedClassNames(_ names: Set<String>) -> [String] {
        if names.allSatisfy({ Double($0) != nil }) {
            return names.sorted { Double($0)! < Double($1)! }
        }
        return names.sorted()
    }
}
