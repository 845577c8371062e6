import NNCore
import Testing

@Suite struct ToyDataTests {
    @Test(arguments: ToyData.Kind.allCases)
    func sameSeedSameRowsOtherSeedOtherRows(kind: ToyData.Kind) {
        let first = ToyData(kind, rows: 101, noise: 0.1, seed: 7)
        #expect(first == ToyData(kind, rows: 101, noise: 0.1, seed: 7))
        #expect(first.csv == ToyData(kind, rows: 101, noise: 0.1, seed: 7).csv)
        #expect(first.features != ToyData(kind, rows: 101, noise: 0.1, seed: 8).features)
        #expect(first.rowCount == 101 && first.features.count == 202)
        #expect(Set(first.labels) == [0, 1])
        #expect(first.features.allSatisfy { $0.isFinite && abs($0) < 12 })
    }

    @Test func csvHasAHeaderAndFourDecimals() {
        let lines = ToyData(.gauss, rows: 3, noise: 0, seed: 1).csv.split(separator: "\n")
        #expect(lines.count == 4 && lines[0] == "x1,x2,label")
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            #expect(fields.count == 3 && fields[0].split(separator: ".")[1].count == 4)
        }
        #expect(lines[1].hasSuffix(",0") && lines[2].hasSuffix(",1"))
    }

    @Test func withoutNoiseEachSetKeepsItsRule() {
        let circle = ToyData(.circle, rows: 200, noise: 0, seed: 2)
        let xor = ToyData(.xor, rows: 200, noise: 0, seed: 2)
        let spiral = ToyData(.spiral, rows: 200, noise: 0, seed: 2)
        for row in 0..<200 {
            let (x, y) = (circle.features[2 * row], circle.features[2 * row + 1])
            let radius = (x * x + y * y).squareRoot()
            #expect(circle.labels[row] == 1 ? radius <= 2.5 : (radius >= 3.5 && radius <= 5))
            #expect(xor.labels[row] == (xor.features[2 * row] * xor.features[2 * row + 1] >= 0 ? 1 : 0))
            #expect(abs(xor.features[2 * row]) >= 0.3)
        }
        // The two arms of the spiral are the same curve turned half a turn: point k of one is −(point k of the other).
        #expect(abs(spiral.features[0] + spiral.features[2]) < 1e-12 && abs(spiral.features[1] + spiral.features[3]) < 1e-12)
        #expect(abs(spiral.features[40] + spiral.features[42]) < 1e-12)
    }

    @Test func noiseHasTheStandardDeviationAsked() {
        // The gauss blobs have unit variance; noise 0.2 adds a variance of (0.2 · 5)² = 1.
        let data = ToyData(.gauss, rows: 20_000, noise: 0.2, seed: 3)
        var sum = 0.0
        var squares = 0.0
        for row in stride(from: 1, to: data.rowCount, by: 2) {
            sum += data.features[2 * row]
            squares += data.features[2 * row] * data.features[2 * row]
        }
        let count = Double(data.rowCount / 2)
        let mean = sum / count
        #expect(abs(mean - 2) < 0.05)
        #expect(abs(squares / count - mean * mean - 2) < 0.1)
    }
}
