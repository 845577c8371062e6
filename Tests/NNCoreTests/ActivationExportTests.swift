import Testing
@testable import NNCore

@Suite struct ActivationExportTests {
    /// x → "hidden, 1" (relu: z = [x1 − x2, x1 + x2 + 1]) → out (linear: z = h1 − h2).
    let network = Network(layers: [
        Dense(name: "hidden, 1", inputSize: 2, outputSize: 2, activation: .relu, weights: [1, -1, 1, 1], bias: [0, 1]),
        Dense(name: "out", inputSize: 2, outputSize: 1, activation: .linear, weights: [1, -1], bias: [0]),
    ])

    func export(_ inputs: [[Float]], layers: [Int] = [0, 1]) -> ActivationExport {
        ActivationExport(network: network, rows: inputs.enumerated().map { ActivationExport.Row(number: $0 + 1, input: $1, trace: network.trace($1)) },
                         layers: layers)
    }

    @Test func csvHasOneLinePerRowLayerAndNeuronWithTheLayersNamesQuoted() {
        #expect(export([[1, 2], [3, 0.5]]).csv == """
            row,layer,activation,neuron,z,a
            1,"hidden, 1",relu,1,-1.0,0.0
            1,"hidden, 1",relu,2,4.0,4.0
            1,out,linear,1,-4.0,-4.0
            2,"hidden, 1",relu,1,2.5,2.5
            2,"hidden, 1",relu,2,4.5,4.5
            2,out,linear,1,-2.0,-2.0

            """)
    }

    @Test func jsonHoldsTheInputAndEveryChosenLayer() {
        #expect(JSONWriter.write(export([[1, 2]], layers: [1]).json) == JSONWriter.write(.object([("rows", .array([.object([
            ("row", .int(1)), ("input", .array([.float(1), .float(2)])),
            ("layers", .array([.object([("name", .string("out")), ("activation", .string("linear")),
                                        ("z", .array([.float(-4)])), ("a", .array([.float(-4)]))])])),
        ])]))])))
    }

    @Test func valuesThatAreNotFiniteAreNullInJSON() {
        let huge = Network(layers: [Dense(name: "d", inputSize: 1, outputSize: 1, activation: .linear, weights: [Float.greatestFiniteMagnitude], bias: [0])])
        let export = ActivationExport(network: huge, rows: [.init(number: 1, input: [10], trace: huge.trace([10]))], layers: [0])
        #expect(JSONWriter.write(export.json).contains("\"z\": [null]"))
        #expect(export.csv.hasSuffix(",inf,inf\n"))
    }
}
