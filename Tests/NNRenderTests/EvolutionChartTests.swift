import Foundation
import NNCore
import Testing
@testable import NNRender

@Suite struct EvolutionChartTests {
    static func evolution(snapshots: Int) throws -> Evolution {
        let model = Model(inputSize: 2, layers: [(4, .tanh), (1, .sigmoid)])
        let data = BoundaryChartTests.data { x, y in x * y > 0 ? "1" : "0" }
        let networks = try (0..<snapshots).map { try model.network(seed: UInt64($0)) }
        var trained = model
        let targets = try trained.encodeTargets(data)
        let setup = BoundarySetup(model: trained, network: networks[0], data: data, targets: targets, xFeature: 0, yFeature: 1,
                                  resolution: 30, title: "How it learned")
        let history = History(loss: (1...20).map { 1 / Float($0) })
        return Evolution(setup: setup, epochs: Array(0..<snapshots), networks: networks, history: history)
    }

    @Test func aFrameHasTheBoundaryTheWeightsAndTheLossWithTheEpochMarked() throws {
        let evolution = try Self.evolution(snapshots: 3)
        let drawing = EvolutionChart.frame(evolution, index: 2, theme: .light, measurer: FixedMeasurer())
        let texts = drawing.texts.map(\.string)
        #expect(texts.contains("epoch 2 of 20") && texts.contains("weights") && texts.contains("loss") && texts.contains("epoch 2"))
        // One raster for the plane and one per layer's weights, on one scale for every frame.
        let rasters = drawing.marks.compactMap { if case let .raster(_, columns, rows, _) = $0 { return (columns, rows) } else { return nil } }
        #expect(rasters.count == 3 && rasters[1] == (2, 4) && rasters[2] == (4, 1))
        #expect(texts.contains("±\(chartNumber(evolution.weightLimit, significant: 2)), blue > 0 > red"))
        let first = EvolutionChart.frame(evolution, index: 0, theme: .light, measurer: FixedMeasurer())
        #expect(first.texts.contains { $0.string == "epoch 0 (before training)" } && first.texts.contains { $0.string == "before training" })
        #expect(first.width == drawing.width && first.height == drawing.height)
    }

    @Test func theSheetShowsAtMostTwelveEvenlySpacedEpochs() throws {
        #expect(EvolutionChart.sheetIndices(5) == [0, 1, 2, 3, 4])
        let indices = EvolutionChart.sheetIndices(100)
        #expect(indices.count == 12 && indices.first == 0 && indices.last == 99)
        let drawing = EvolutionChart.sheet(try Self.evolution(snapshots: 14), theme: .dark, measurer: FixedMeasurer())
        #expect(drawing.texts.contains { $0.string == "12 of 14 kept epochs" })
        #expect(drawing.texts.filter { $0.string.hasPrefix("epoch ") }.count == 12)
    }

    @Test func theGIFIsByteIdenticalLoopsAndHasEveryFrame() throws {
        let evolution = try Self.evolution(snapshots: 4)
        func make() throws -> Data {
            try ChartRenderer.gif(count: 4, dpi: 48, theme: .light, colors: [Theme.light.negative, Theme.light.positive],
                                  delay: { $0 == 3 ? 90 : 30 },
                                  frame: { EvolutionChart.frame(evolution, index: $0, theme: .light, measurer: FixedMeasurer()) })
        }
        let gif = try make()
        #expect(gif == (try make()))
        let bytes = [UInt8](gif)
        #expect(bytes.starts(with: Array("GIF89a".utf8)))
        #expect(Int(bytes[6]) | Int(bytes[7]) << 8 == 450 && Int(bytes[8]) | Int(bytes[9]) << 8 == 210)
        #expect(gif.range(of: Data("NETSCAPE2.0".utf8)) != nil)
        // One image descriptor (0x2C) after each graphic control extension (0x21 0xF9), four of each.
        var controls = 0
        for index in 0..<(bytes.count - 8) where bytes[index] == 0x21 && bytes[index + 1] == 0xF9 && bytes[index + 2] == 4 {
            controls += 1
            #expect(bytes[index + 8] == 0x2C)
        }
        #expect(controls == 4)
        #expect(bytes.last == 0x3B)
    }

    @Test func thePaletteHoldsTheThemesRampsAndFindsTheNearest() {
        var palette = GIFPalette(theme: .light, colors: [Theme.light.positive, Theme.light.negative])
        #expect(palette.colors.count <= 256 && palette.colors[0] == 0xFFFFFF)
        #expect(palette.colors.contains(0x2166AC) && palette.colors.contains(0xB2182B) && palette.colors.contains(0x1F2328))
        #expect(palette.colors[Int(palette.index(of: 0x2166AC))] == 0x2166AC)
        #expect(palette.colors[Int(palette.index(of: 0xFFFFFF))] == 0xFFFFFF)
        let near = palette.colors[Int(palette.index(of: 0x2266AD))]
        #expect(abs(Int(near >> 16) - 0x22) <= 4 && abs(Int(near & 0xFF) - 0xAD) <= 4)
    }
}
