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

    /// The blog's training loss (0.1025…0.655): padded by 3 % of 0.806 decades, the data reach
    /// 0.0969…0.692; the bottom stops at the minor tick 0.09 (going down to 0.01 would add 0.95 of 1.85
    /// decades), the top goes out to 1 (0.155 decades, under a sixth of 1.046).
    @Test func logarithmicFitsTheDataAndEndsAtADecadeWhenThatIsCheap() {
        let scale = NiceScale.logarithmic(0.1025, 0.655)
        #expect(scale.lower == 0.09 && scale.upper == 1)
        #expect(scale.ticks.map(\.label) == ["0.1", "0.2", "0.5", "1"])
        let minor: [Double] = [0.09, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]
        #expect(scale.minorTicks.count == minor.count && zip(scale.minorTicks, minor).allSatisfy { abs($0 - $1) < 1e-15 })
        // The lowest value sits above the axis line: 0.0458 of 1.046 decades.
        #expect(scale.lower < 0.1025 * 0.95)
    }

    @Test func logarithmicWithinTwoDecadesLabelsOneTwoFive() {
        let scale = NiceScale.logarithmic(0.05, 0.8)
        #expect(scale.lower == 0.04 && scale.upper == 1)
        #expect(scale.ticks.map(\.label) == ["0.05", "0.1", "0.2", "0.5", "1"])
        #expect(scale.minorTicks.count == 11)
    }

    @Test func logarithmicOverManyDecadesLabelsPowersOfTenWithMinorTicksBetween() {
        let scale = NiceScale.logarithmic(0.002, 30)
        #expect(scale.lower == 0.001 && scale.upper == 100)
        #expect(scale.ticks.map(\.label) == ["0.001", "0.01", "0.1", "1", "10", "100"])
        // 2…9 × 10^k in each of the five decades.
        #expect(scale.minorTicks.count == 40)
        #expect(zip(scale.minorTicks, [0.002, 0.003, 0.004]).allSatisfy { abs($0 - $1) < 1e-15 })
        // Past six decades the 2…9 × 10^k would be a smear; over 1e−6…100 every second power is
        // labelled and the others are the minor ticks.
        let wide = NiceScale.logarithmic(1e-5, 50)
        #expect(wide.ticks.map(\.label) == ["1e−6", "1e−4", "1e−2", "1", "1e2"])
        #expect(wide.minorTicks == [1e-5, 0.001, 0.1, 10])
    }

    /// 1e−30…1e30 (a diverging run): the axis 1e−32…1e32 labels every ninth power of ten, eight at
    /// most, and the 58 others are minor ticks.
    @Test func logarithmicOverSixtyDecadesLabelsAtMostEight() {
        let scale = NiceScale.logarithmic(1e-30, 1e30)
        #expect(scale.lower == 1e-32 && scale.upper == 1e32)
        #expect(scale.ticks.map(\.label) == ["1e−27", "1e−18", "1e−9", "1", "1e9", "1e18", "1e27"])
        #expect(scale.minorTicks.count == 58)
    }

    /// A constant, or a range inside one decade, still spans at least two labelled ticks and never
    /// lies on an end of the axis.
    @Test(arguments: [(2.0, 2.0, 1.0, 3.0, ["1", "2"]), (0.31, 0.38, 0.3, 0.4, ["0.3", "0.4"]), (0.0042, 0.0042, 0.004, 0.005, ["0.004", "0.005"])])
    func logarithmicNarrowRanges(low: Double, high: Double, lower: Double, upper: Double, labels: [String]) {
        let scale = NiceScale.logarithmic(low, high)
        #expect(abs(scale.lower - lower) < 1e-15 && abs(scale.upper - upper) < 1e-15)
        #expect(scale.ticks.map(\.label) == labels)
        #expect(scale.lower < low && scale.upper > high)
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
