import Foundation
import Testing
@testable import NNCore

@Suite struct SummaryTests {
    /// Keras's summary of the same model: 173 parameters, 28 of them batch normalisation's moving statistics.
    @Test func batchNormalizationsStatisticsAreNonTrainable() throws {
        let summary = ModelSummary(try ModelFile.load(path: fixture("layers/bn_dropout_keras3.json")))
        #expect(summary.totalParameters == 173)
        #expect(summary.nonTrainableParameters == 28)
        #expect(summary.text.contains("Trainable params: 145 (580 B)\nNon-trainable params: 28 (112 B)\n"))
        #expect(summary.json["non_trainable_parameters"]?.int == 28)
    }

    @Test func aModelWithoutStatisticsKeepsItsThreeLineFooter() throws {
        let summary = ModelSummary(try ModelFile.load(path: fixture("keras/blog_model_keras3.json")))
        #expect(summary.nonTrainableParameters == 0)
        #expect(!summary.text.contains("Trainable params"))
    }
}
