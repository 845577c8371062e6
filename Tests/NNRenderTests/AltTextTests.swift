import Testing
import NNCore
@testable import NNRender

@Suite struct AltTextTests {
    @Test func layerDiagramListsEveryLayer() {
        let model = Model(inputSize: 4, layers: [(8, .relu), (4, .relu), (1, .sigmoid)], name: "blog")
        #expect(AltText.layerDiagram(model) == "Layer diagram of the model blog: input_layer (input, (None, 4)) → dense (Dense, 8 units, relu) → dense_1 (Dense, 4 units, relu) → dense_2 (Dense, 1 unit, sigmoid); 81 parameters in all.")
    }

    @Test func activationsSayWhichNeuronsFired() {
        let text = AltText.activations(layer: "dense", activation: "relu", values: [0, 1.5, 0, 0.25])
        #expect(text == "Bar chart of the 4 activations of layer dense (relu): neurons 2, 4 fired (above zero), 2 are exactly zero; the largest is neuron 2 at 1.5.")
    }

    @Test func lossCurveNamesTheBestValidationEpoch() {
        let history = History(loss: [0.9, 0.5, 0.4], validationLoss: [1, 0.6, 0.7])
        #expect(AltText.lossCurve(history) == "Loss curve over 3 epochs: the training loss goes from 0.9 to 0.4; the validation loss is lowest, 0.6, at epoch 2.")
    }

    @Test func neuronDiagramOfAnUntrainedModelSaysSo() {
        let model = Model(inputSize: 2, layers: [(3, .tanh), (1, .sigmoid)])
        #expect(AltText.neuronDiagram(model, network: nil, trace: nil).contains("2-3-1 neurons"))
        #expect(AltText.neuronDiagram(model, network: nil, trace: nil).contains("untrained"))
    }
}
