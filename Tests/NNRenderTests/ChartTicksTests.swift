import Testing
@testable import NNRender

@Suite struct ChartTicksTests {
    @Test func unitRangeStepsByTwoTenths() {
        let scale = NiceScale.linear(0, 1, target: 5)
        #expect(scale.ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(scale.lower == 0 && scale.upper == 1)
    }

    @Test func allZeroBecomesZeroToOne() {
        let scale = NiceScale.linear(0, 0, target: 5, includeZero: true)
        #expect(scale.ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func constantIsWidenedAroundItself() {
        let scale = NiceScale.linear(5, 5, target: 5)
        #expect(scale.ticks.map(\.label) == ["4.4", "4.6", "4.8", "5.0", "5.2", "5.4", "5.6"])
    }

    @Test func negativeRangeKeepsZero() {
        let scale = NiceScale.linear(-0.68, 1.18, target: 3, includeZero: true)
        #expect(scale.ticks.map(\.label) == ["−1.0", "−0.5", "0.0", "0.5", "1.0", "1.5"])
        #expect(scale.ticks.map(\.value) == [-1, -0.5, 0, 0.5, 1, 1.5])
    }

    @Test func tinyValuesAreScientific() {
        let scale = NiceScale.linear(1e-7, 5e-7, target: 5)
        #expect(scale.ticks.map(\.label) == ["1e−7", "2e−7", "3e−7", "4e−7", "5e−7"])
    }

    @Test func hugeValuesAreScientific() {
        let scale = NiceScale.linear(0, 3e9, target: 5)
        #expect(scale.ticks.map(\.label) == ["0", "5e8", "1e9", "1.5e9", "2e9", "2.5e9", "3e9"])
    }

    @Test func wholeStepsForEpochs() {
        let scale = NiceScale.linear(1, 3, target: 10, integers: true)
        #expect(scale.ticks.map(\.label) == ["1", "2", "3"])
    }

    /// 0.1 + 0.2 is 0.30000000000000004 in Double; labels are made from integers and never show it.
    @Test(arguments: [(0.1, 0.3), (0.7, 0.9), (-0.3, -0.1), (0.0001, 0.0003), (1.1, 1.4)])
    func labelsHaveNoFloatNoise(range: (Double, Double)) {
        let scale = NiceScale.linear(range.0, range.1, target: 4)
        for tick in scale.ticks {
            #expect(!tick.label.contains("0000"), "\(tick.label)")
            #expect(!tick.label.contains("9999"), "\(tick.label)")
            #expect(tick.label.count <= 7, "\(tick.label)")
        }
        #expect(scale.lower <= range.0 && scale.upper >= range.1)
    }

    @Test func logarithmicWithinTwoDecadesUsesOneTwoFive() {
        let scale = NiceScale.logarithmic(0.05, 0.8)
        #expect(scale.ticks.map(\.label) == ["0.05", "0.1", "0.2", "0.5", "1"])
    }

    @Test func logarithmicOverManyDecadesUsesPowersOfTen() {
        let scale = NiceScale.logarithmic(0.002, 30)
        #expect(scale.ticks.map(\.label) == ["0.001", "0.01", "0.1", "1", "10", "100"])
    }

    @Test func decimalValueWritesExactly() {
        #expect(DecimalValue(3, exponent: -1).plain(decimals: 1) == "0.3")
        #expect(DecimalValue(-25, exponent: -3).plain(decimals: 3) == "−0.025")
        #expect(DecimalValue(12, exponent: 2).plain(decimals: 0) == "1200")
        #expect(DecimalValue(0, exponent: -1).plain(decimals: 1) == "0.0")
        #expect(DecimalValue(25, exponent: -8).scientific == "2.5e−7")
        #expect(DecimalValue(-10, exponent: 8).scientific == "−1e9")
    }

    @Test func chartNumbersAreShortAndClean() {
        #expect(chartNumber(0.74801) == "0.748")
        #expect(chartNumber(0.053412) == "0.0534")
        #expect(chartNumber(-0.0) == "0")
        #expect(chartNumber(-0.00001234, significant: 2) == "−1.2e−5")
        #expect(chartNumber(1234.6) == "1235")
        #expect(chartNumber(3e9) == "3e9")
        #expect(chartNumber(0.1 + 0.2) == "0.3")
        #expect(chartNumber(Double(Float(0.3))) == "0.3")
    }
}
