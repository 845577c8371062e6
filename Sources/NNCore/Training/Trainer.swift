/// How to train.
public struct TrainingOptions: Sendable {
    public var epochs: Int
    public var batchSize: Int
    public var optimizer: OptimizerKind
    public var learningRate: Float
    /// Used by the `momentum` optimizer.
    public var momentum: Float
    public var seed: UInt64
    public var shuffle: Bool

    public init(epochs: Int = 100, batchSize: Int = 32, optimizer: OptimizerKind = .adam, learningRate: Float? = nil,
                momentum: Float = 0.9, seed: UInt64 = 0, shuffle: Bool = true) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate ?? optimizer.defaultLearningRate
        self.momentum = momentum
        self.seed = seed
        self.shuffle = shuffle
    }

    func makeOptimizer() -> any Optimizer {
        switch optimizer {
        case .sgd: return SGD(learningRate: learningRate)
        case .momentum: return SGD(learningRate: learningRate, momentum: momentum)
        case .adam: return Adam(learningRate: learningRate)
        }
    }
}

/// Rows of inputs with their target rows.
public struct Examples: Sendable {
    /// Row-major inputs, already normalised.
    public var inputs: [Float]
    /// Row-major targets, one value per output neuron.
    public var targets: [Float]

    public init(inputs: [Float], targets: [Float]) {
        self.inputs = inputs
        self.targets = targets
    }
}

/// What one finished epoch measured.
public struct EpochReport: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var loss: Float
    public var accuracy: Float?
    public var validationLoss: Float?
    public var validationAccuracy: Float?
}

/// Mini-batch gradient descent over a `Network`.
public enum Trainer {
    /// Trains `network` in place and returns the per-epoch history; `onSnapshot` sees the network
    /// after every epoch.
    ///
    /// Each epoch visits the rows in a new order drawn from `options.seed`, in batches of
    /// `options.batchSize` (the last batch may be smaller). Training stops with an error, leaving
    /// the network as it was before that epoch, if the loss stops being a finite number.
    public static func train(_ network: inout Network, on data: Examples, validation: Examples? = nil, loss: Loss,
                             task: ModelTask, options: TrainingOptions,
                             onBatch: ((_ epoch: Int, _ batch: Int, _ batches: Int) -> Void)? = nil,
                             onEpoch: ((EpochReport) -> Void)? = nil,
                             onSnapshot: ((_ epoch: Int, _ network: Network) -> Void)? = nil) throws(TrainingError) -> History {
        precondition(options.batchSize > 0 && options.epochs >= 0)
        let width = network.inputSize
        let outputs = network.outputSize
        let rows = data.inputs.count / width
        precondition(rows > 0 && data.targets.count == rows * outputs)
        var generator = SeededGenerator(seed: options.seed ^ 0x5EED_0F_BA7C)
        var optimizer = options.makeOptimizer()
        let batchSize = min(options.batchSize, rows)
        let workspace = Workspace(network: network, rows: batchSize)
        // Large batches of a dense stack are shared out over the processors (the same bits with any number).
        let team = BatchTeam(network: network, rows: batchSize, workspace: workspace)
        var batchInputs = [Float](repeating: 0, count: batchSize * width)
        var batchTargets = [Float](repeating: 0, count: batchSize * outputs)
        var order = Array(0..<rows)
        var history = History(accuracy: task.isClassification ? [] : nil,
                              validationLoss: validation == nil ? nil : [],
                              validationAccuracy: validation != nil && task.isClassification ? [] : nil)
        let batches = (rows + batchSize - 1) / batchSize

        for epoch in 1...max(options.epochs, 1) where options.epochs > 0 {
            let before = network
            if options.shuffle { generator.shuffle(&order) }
            var lossSum: Double = 0
            var correct = 0
            for batch in 0..<batches {
                let start = batch * batchSize
                let count = min(batchSize, rows - start)
                // The batch's rows are gathered by the first layer's product, each part its own rows.
                let batchLoss = order.withUnsafeBufferPointer { order in
                    data.inputs.withUnsafeBufferPointer { x in
                        data.targets.withUnsafeBufferPointer { t in
                            batchInputs.withUnsafeMutableBufferPointer { bx in
                                batchTargets.withUnsafeMutableBufferPointer { bt in
                                    let (bx, bt) = (bx.baseAddress!, bt.baseAddress!)
                                    func gather(_ part: Range<Int>) {
                                        let rows = UnsafeBufferPointer(rebasing: order[start + part.lowerBound..<start + part.upperBound])
                                        gatherRows(x.baseAddress!, order: rows, width: width, into: bx + part.lowerBound * width)
                                        gatherRows(t.baseAddress!, order: rows, width: outputs, into: bt + part.lowerBound * outputs)
                                    }
                                    if let team {
                                        return team.step(input: bx, target: bt, rows: count, loss: loss, optimizer: &optimizer,
                                                         countingCorrect: task.isClassification, fillingInput: gather)
                                    }
                                    return network.step(input: bx, target: bt, rows: count, loss: loss, mode: .training,
                                                        optimizer: &optimizer, workspace: workspace, generator: &generator,
                                                        fillingInput: gather)
                                }
                            }
                        }
                    }
                }
                guard batchLoss.isFinite else {
                    network = before
                    throw TrainingError("the loss became \(batchLoss.isNaN ? "NaN" : "infinite") in epoch \(epoch); try a smaller learning rate (it was \(options.learningRate))")
                }
                lossSum += Double(batchLoss) * Double(count)
                if task.isClassification, let team {
                    correct += team.correct
                } else if task.isClassification {
                    correct += batchTargets.withUnsafeBufferPointer { t in
                        countCorrect(UnsafeBufferPointer(rebasing: workspace.buffers.last!.output[0..<count * outputs]),
                                     UnsafeBufferPointer(rebasing: t[0..<count * outputs]), outputs: outputs)
                    }
                }
                onBatch?(epoch, batch + 1, batches)
            }
            team?.store(into: &network)
            guard network.isFinite else {
                network = before
                throw TrainingError("the weights stopped being finite numbers in epoch \(epoch); try a smaller learning rate (it was \(options.learningRate))")
            }
            var report = EpochReport(epoch: epoch, epochs: options.epochs, loss: Float(lossSum / Double(rows)))
            history.loss.append(report.loss)
            if task.isClassification {
                report.accuracy = Float(correct) / Float(rows)
                history.accuracy?.append(report.accuracy!)
            }
            if let validation {
                let measured = evaluate(network, on: validation, loss: loss, task: task)
                report.validationLoss = measured.loss
                report.validationAccuracy = measured.accuracy
                history.validationLoss?.append(measured.loss)
                if let accuracy = measured.accuracy { history.validationAccuracy?.append(accuracy) }
            }
            onEpoch?(report)
            onSnapshot?(epoch, network)
        }
        return history
    }

    /// The mean loss and, for classifiers, the accuracy of `network` on `data`.
    public static func evaluate(_ network: Network, on data: Examples, loss: Loss, task: ModelTask) -> (loss: Float, accuracy: Float?) {
        let value = network.loss(inputs: data.inputs, targets: data.targets, loss: loss)
        guard task.isClassification else { return (value, nil) }
        let predictions = network.predict(data.inputs)
        let rows = data.inputs.count / network.inputSize
        let correct = predictions.withUnsafeBufferPointer { p in
            data.targets.withUnsafeBufferPointer { t in countCorrect(p, t, outputs: network.outputSize) }
        }
        return (value, rows == 0 ? 0 : Float(correct) / Float(rows))
    }

    /// How many rows are classified right: the class the outputs choose is the one the target row encodes.
    static func countCorrect(_ predictions: UnsafeBufferPointer<Float>, _ targets: UnsafeBufferPointer<Float>, outputs: Int) -> Int {
        let rows = predictions.count / outputs
        var correct = 0
        for r in 0..<rows {
            let span = r * outputs..<(r + 1) * outputs
            let chosen = ModelTask.chosenClass(UnsafeBufferPointer(rebasing: predictions[span]))
            if chosen == ModelTask.chosenClass(UnsafeBufferPointer(rebasing: targets[span])) { correct += 1 }
        }
        return correct
    }
}
