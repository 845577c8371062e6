import NNCore
import Testing

@Suite struct InputPlaneTests {
    let plane = InputPlane(xFeature: 2, yFeature: 0, x: -1...3, y: 0...10, columns: 4, rows: 5, fixed: [7, 8, 9])

    @Test func gridPointsAreCellCentresWithRowZeroAtTheTop() {
        #expect(plane.point(column: 0, row: 0) == (-0.5, 9))
        #expect(plane.point(column: 3, row: 4) == (2.5, 1))
        let inputs = plane.inputs()
        #expect(inputs.count == 20 * 3)
        // Point (column 1, row 2): x (feature 2) = 0.5, y (feature 0) = 5, feature 1 held at 8.
        let start = (2 * 4 + 1) * 3
        #expect(Array(inputs[start..<start + 3]) == [5, 8, 0.5])
    }

    @Test func activationsOfTheLastLayerArePredictsOutputs() throws {
        let model = Model(inputSize: 3, layers: [(5, .tanh), (4, .relu), (2, .softmax)])
        let network = try model.network(seed: 4)
        let normalization = Normalization(method: .standard, offset: [1, 2, 3], scale: [2, 2, 4])
        let layers = plane.activations(of: network, normalization: normalization)
        #expect(layers.map(\.count) == [20 * 5, 20 * 4, 20 * 2])
        let expected = plane.outputs(of: network, normalization: normalization)
        #expect(layers[2] == expected)
        // The same as tracing one normalised point.
        let point = normalization.applied(to: Array(plane.inputs()[6..<9]))
        let trace = network.trace(point)
        for (a, b) in zip(trace.layers[0].a, layers[0][10..<15]) { #expect(abs(a - b) < 1e-5) }
    }

    @Test func predictedClassFollowsPredict() {
        #expect(ModelTask.binary.predictedClass([0.5]) == 0 && ModelTask.binary.predictedClass([0.51]) == 1)
        #expect(ModelTask.categorical(classes: 3).predictedClass([0.2, 0.4, 0.4][...]) == 1)
        #expect(ModelTask.categorical(classes: 3).predictedClass([0.1, 0.2, 0.7, 0.9][1...3]) == 2)
        #expect(ModelTask.regression.predictedClass([3]) == nil)
    }
}
