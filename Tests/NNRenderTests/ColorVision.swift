import Foundation
import Testing
@testable import NNRender

/// How colours look to a dichromat, and how far apart two colours look: for checking themes.
enum ColorVision {
    /// A colour vision deficiency at full severity.
    enum Deficiency: String, CaseIterable {
        case deuteranopia, protanopia

        /// Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of
        /// color vision deficiency", table of severity 1.0: applied to linear RGB.
        var matrix: [[Double]] {
            switch self {
            case .deuteranopia:
                return [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
            case .protanopia:
                return [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
            }
        }
    }

    struct Lab: Equatable {
        var l: Double
        var a: Double
        var b: Double
    }

    static func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
    static func encoded(_ c: Double) -> Double {
        let c = min(max(c, 0), 1)
        return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055
    }

    /// `color` as someone with `deficiency` sees it, in sRGB.
    static func simulate(_ color: RGB, _ deficiency: Deficiency) -> RGB {
        let rgb = [linear(color.red), linear(color.green), linear(color.blue)]
        let m = deficiency.matrix
        let out = m.map { row in zip(row, rgb).reduce(0) { $0 + $1.0 * $1.1 } }
        return RGB(encoded(out[0]), encoded(out[1]), encoded(out[2]))
    }

    /// CIE L*a*b* of an sRGB colour, with the D65 white.
    static func lab(_ color: RGB) -> Lab {
        let (r, g, b) = (linear(color.red), linear(color.green), linear(color.blue))
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > pow(6.0 / 29, 3) ? cbrt(t) : t / (3 * pow(6.0 / 29, 2)) + 4.0 / 29 }
        return Lab(l: 116 * f(y) - 16, a: 500 * (f(x) - f(y)), b: 200 * (f(y) - f(z)))
    }

    /// CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), with kL = kC = kH = 1.
    static func deltaE2000(_ one: Lab, _ two: Lab) -> Double {
        func radians(_ d: Double) -> Double { d * .pi / 180 }
        func degrees(_ r: Double) -> Double { r * 180 / .pi }
        let c1 = hypot(one.a, one.b)
        let c2 = hypot(two.a, two.b)
        let cMean = (c1 + c2) / 2
        let g = 0.5 * (1 - sqrt(pow(cMean, 7) / (pow(cMean, 7) + pow(25, 7))))
        let a1 = (1 + g) * one.a
        let a2 = (1 + g) * two.a
        let c1p = hypot(a1, one.b)
        let c2p = hypot(a2, two.b)
        func hue(_ b: Double, _ a: Double) -> Double {
            guard a != 0 || b != 0 else { return 0 }
            let h = degrees(atan2(b, a))
            return h < 0 ? h + 360 : h
        }
        let h1 = hue(one.b, a1)
        let h2 = hue(two.b, a2)
        let dL = two.l - one.l
        let dC = c2p - c1p
        var dh = 0.0
        if c1p * c2p != 0 {
            dh = h2 - h1
            if dh > 180 { dh -= 360 } else if dh < -180 { dh += 360 }
        }
        let dH = 2 * sqrt(c1p * c2p) * sin(radians(dh / 2))
        let lMean = (one.l + two.l) / 2
        let cpMean = (c1p + c2p) / 2
        var hMean = h1 + h2
        if c1p * c2p != 0 {
            if abs(h1 - h2) <= 180 { hMean = (h1 + h2) / 2 } else if h1 + h2 < 360 { hMean = (h1 + h2 + 360) / 2 } else { hMean = (h1 + h2 - 360) / 2 }
        }
        let t = 1 - 0.17 * cos(radians(hMean - 30)) + 0.24 * cos(radians(2 * hMean)) + 0.32 * cos(radians(3 * hMean + 6))
            - 0.20 * cos(radians(4 * hMean - 63))
        let dTheta = 30 * exp(-pow((hMean - 275) / 25, 2))
        let rC = 2 * sqrt(pow(cpMean, 7) / (pow(cpMean, 7) + pow(25, 7)))
        let sL = 1 + 0.015 * pow(lMean - 50, 2) / sqrt(20 + pow(lMean - 50, 2))
        let sC = 1 + 0.045 * cpMean
        let sH = 1 + 0.015 * cpMean * t
        let rT = -sin(radians(2 * dTheta)) * rC
        return sqrt(pow(dL / sL, 2) + pow(dC / sC, 2) + pow(dH / sH, 2) + rT * (dC / sC) * (dH / sH))
    }

    /// How far apart `one` and `two` look, as CIEDE2000, to someone with `deficiency` (or with normal vision).
    static func difference(_ one: RGB, _ two: RGB, _ deficiency: Deficiency? = nil) -> Double {
        guard let deficiency else { return deltaE2000(lab(one), lab(two)) }
        return deltaE2000(lab(simulate(one, deficiency)), lab(simulate(two, deficiency)))
    }

    /// The smallest of the differences for normal vision, deuteranopia and protanopia.
    static func worstDifference(_ one: RGB, _ two: RGB) -> Double {
        ([nil] + Deficiency.allCases.map(Optional.some)).map { difference(one, two, $0) }.min() ?? 0
    }
}

@Suite struct ColorVisionTests {
    /// Known answers from Sharma, Wu and Dalal's CIEDE2000 test data (pairs 1, 7, 17 and 25).
    @Test(arguments: [
        (ColorVision.Lab(l: 50, a: 2.6772, b: -79.7751), ColorVision.Lab(l: 50, a: 0, b: -82.7485), 2.0425),
        (ColorVision.Lab(l: 50, a: 0, b: 0), ColorVision.Lab(l: 50, a: -1, b: 2), 2.3669),
        (ColorVision.Lab(l: 50, a: 2.5, b: 0), ColorVision.Lab(l: 73, a: 25, b: -18), 27.1492),
        (ColorVision.Lab(l: 60.2574, a: -34.0099, b: 36.2677), ColorVision.Lab(l: 60.4626, a: -34.1751, b: 39.4387), 1.2644),
    ])
    func ciede2000KnownAnswers(one: ColorVision.Lab, two: ColorVision.Lab, expected: Double) {
        #expect(abs(ColorVision.deltaE2000(one, two) - expected) < 0.00005)
        #expect(abs(ColorVision.deltaE2000(two, one) - expected) < 0.00005)
    }

    @Test func labOfPureRedAndWhite() {
        let red = ColorVision.lab(RGB(1, 0, 0))
        #expect(abs(red.l - 53.2408) < 0.001 && abs(red.a - 80.0925) < 0.001 && abs(red.b - 67.2032) < 0.001)
        let white = ColorVision.lab(RGB(1, 1, 1))
        #expect(abs(white.l - 100) < 1e-4 && abs(white.a) < 1e-4 && abs(white.b) < 1e-4)
    }

    /// Each matrix row sums to 1, so greys look the same to a dichromat; a red and a green that
    /// are 65 apart for normal vision come within 20 (5.2 under deuteranopia, 16.0 under protanopia).
    @Test(arguments: ColorVision.Deficiency.allCases)
    func simulationKeepsGreysAndMergesRedWithGreen(deficiency: ColorVision.Deficiency) {
        for level in [0.0, 0.2, 0.5, 0.8, 1.0] {
            let grey = ColorVision.simulate(RGB(level, level, level), deficiency)
            #expect(abs(grey.red - level) < 1e-5 && abs(grey.green - level) < 1e-5 && abs(grey.blue - level) < 1e-5)
        }
        let red = RGB(hex: 0xB2182B)
        let green = RGB(hex: 0x1B7837)
        #expect(ColorVision.difference(red, green) > 50)
        #expect(ColorVision.difference(red, green, deficiency) < 20)
    }
}
