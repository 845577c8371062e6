import Testing
@testable import NNRender

@Suite struct ThemeTests {
    @Test func hexStrings() {
        #expect(RGB(hex: 0x2166AC).hexString == "#2166ac")
        #expect(RGB(0, 0.5, 1).hexString == "#0080ff")
    }

    @Test(arguments: Theme.Name.allCases)
    func divergingScaleIsCentredOnZero(name: Theme.Name) {
        let theme = Theme.named(name)
        #expect(theme.diverging(0, limit: 2) == theme.scaleZero)
        #expect(theme.diverging(2, limit: 2) == theme.scalePositive)
        #expect(theme.diverging(-5, limit: 2) == theme.scaleNegative)
        #expect(theme.diverging(1, limit: 0) == theme.scaleZero)
        #expect(theme.diverging(1, limit: 2) == theme.scaleZero.mixed(with: theme.scalePositive, 0.5))
    }

    /// The colour themes fade to the background at zero with the sign colours at the ends; print
    /// runs from white through mid-grey to black.
    @Test func scaleEnds() {
        for theme in [Theme.light, .dark, .colorblind] {
            #expect(theme.scaleZero == theme.background && theme.scalePositive == theme.positive && theme.scaleNegative == theme.negative)
        }
        #expect(Theme.print.scaleNegative == RGB(hex: 0xFFFFFF) && Theme.print.scaleZero == RGB(hex: 0x8C8C8C)
            && Theme.print.scalePositive == RGB(hex: 0x000000))
    }

    @Test func textColourReadsOnItsFill() {
        #expect(Theme.light.textColor(on: RGB(1, 1, 1)) != Theme.light.textColor(on: RGB(0, 0, 0)))
    }

    @Test func contrastRatiosAreWCAGs() {
        // Known answers: black on white is 21:1, white on white 1:1, #767676 on white 4.54:1.
        #expect(abs(RGB(0, 0, 0).contrast(with: RGB(1, 1, 1)) - 21) < 1e-9)
        #expect(RGB(1, 1, 1).contrast(with: RGB(1, 1, 1)) == 1)
        #expect(abs(RGB(hex: 0x767676).contrast(with: RGB(1, 1, 1)) - 4.54) < 0.005)
    }

    @Test(arguments: Theme.Name.allCases)
    func neuronTextHasAContrastOfAtLeast4Point5OnEveryFill(name: Theme.Name) {
        let theme = Theme.named(name)
        // Every fill the diverging scale gives, in steps of 1/200, both signs.
        for step in -200...200 {
            let fill = theme.diverging(Double(step), limit: 200)
            let contrast = theme.textColor(on: fill).contrast(with: fill)
            #expect(contrast >= 4.5, "\(fill.hexString): \(contrast)")
        }
    }

    @Test func fontSizeScalesSizesGivenForTheDefault() {
        let theme = Theme.named(.light, fontSize: 16.5)
        #expect(theme.fontSize == 16.5)
        #expect(theme.scaled(11) == 16.5 && theme.scaled(15) == 22.5)
        #expect(Theme.named(.print).fontSize == Theme.defaultFontSize)
    }

    @Test func classColoursRepeatBeyondThePalette() {
        #expect(Theme.light.classColor(0) == Theme.light.negative && Theme.light.classColor(1) == Theme.light.positive)
        #expect(Theme.light.classColor(2) == Theme.light.accent)
        #expect(Theme.colorblind.classColor(7) == Theme.colorblind.classColor(0))
        #expect(Theme.print.classColor(3) == Theme.print.classColor(0))
    }

    // MARK: Colour blindness

    /// The pairs a reader must tell apart, and the least CIEDE2000 difference each keeps for normal
    /// vision, deuteranopia and protanopia (simulated with Machado et al.'s matrices).
    ///
    /// A just-noticeable difference is about 1 to 2.3; two-way pairs (signs, train against
    /// validation, the first three classes, the scale at half strength) must be 20 apart, about ten
    /// times that, so that thin lines and small points stay apart at a glance. Beyond three classes,
    /// no palette of distinct hues keeps 20 under dichromacy (Okabe and Ito's reaches 18.2 at four,
    /// 12.2 at six), so six classes must keep 12.
    struct Separation: Equatable, CustomStringConvertible {
        var signs: Double
        var curves: Double
        var halfScale: Double
        var threeClasses: Double
        var sixClasses: Double

        init(_ theme: Theme) {
            func worst(_ pairs: [(RGB, RGB)]) -> Double { pairs.map { ColorVision.worstDifference($0.0, $0.1) }.min() ?? 0 }
            func classPairs(_ count: Int) -> [(RGB, RGB)] {
                (0..<count).flatMap { i in (i + 1..<count).map { (theme.classColor(i), theme.classColor($0)) } }
            }
            signs = worst([(theme.positive, theme.negative), (theme.scalePositive, theme.scaleNegative)])
            curves = worst([(theme.positive, theme.accent)])
            halfScale = worst([(theme.diverging(0.5, limit: 1), theme.diverging(-0.5, limit: 1))])
            threeClasses = worst(classPairs(3))
            sixClasses = worst(classPairs(6))
        }

        var passes: Bool { signs >= 20 && curves >= 20 && halfScale >= 20 && threeClasses >= 20 && sixClasses >= 12 }

        var description: String {
            [signs, curves, halfScale, threeClasses, sixClasses].map { String(format: "%.1f", $0) }.joined(separator: " / ")
        }
    }

    @Test func colorblindThemeKeepsEveryPairApartUnderDichromacy() {
        let separation = Separation(.colorblind)
        #expect(separation.passes, "\(separation)")
        // The figures docs/charts.md quotes.
        #expect(abs(separation.signs - 49.6) < 0.05 && abs(separation.curves - 55.3) < 0.05, "\(separation)")
        #expect(abs(separation.halfScale - 34.2) < 0.05, "\(separation)")
        #expect(abs(separation.threeClasses - 20.7) < 0.05 && abs(separation.sixClasses - 12.2) < 0.05, "\(separation)")
    }

    /// The same check on the other themes, with their figures: light's red and blue fade too close
    /// together at half strength under protanopia, and dark's salmon class colour meets the
    /// bluish green under protanopia.
    @Test func lightAndDarkThemesFallShortUnderDichromacy() {
        let light = Separation(.light)
        #expect(!light.passes, "\(light)")
        #expect(abs(light.signs - 39.4) < 0.05 && abs(light.halfScale - 17.8) < 0.05 && abs(light.sixClasses - 14.0) < 0.05, "\(light)")
        let dark = Separation(.dark)
        #expect(!dark.passes, "\(dark)")
        #expect(abs(dark.threeClasses - 12.6) < 0.05 && dark.sixClasses < 0.5, "\(dark)")
        #expect(ColorVision.difference(Theme.dark.classColor(0), Theme.dark.classColor(3), .protanopia) < 0.5)
    }

    // MARK: Print

    /// Print is greys only: what must be told apart differs in lightness by WCAG's 3:1 for graphics
    /// (success criterion 1.4.11), and the fill scale darkens steadily from −limit to +limit so that
    /// lightness alone gives the sign and size of a value.
    @Test func printThemeIsGreyscaleWithLightnessApart() {
        let theme = Theme.print
        let all = [theme.background, theme.foreground, theme.muted, theme.grid, theme.fill, theme.positive, theme.negative, theme.accent,
                   theme.scaleZero, theme.scaleNegative, theme.scalePositive] + theme.categorical
        #expect(all.allSatisfy { $0.red == $0.green && $0.green == $0.blue })
        let pairs: [(String, RGB, RGB)] = [
            ("positive against negative", theme.positive, theme.negative),
            ("train against validation", theme.positive, theme.accent),
            ("negative mark against the paper", theme.negative, theme.background),
            ("validation curve against the paper", theme.accent, theme.background),
            ("scale's −limit against zero", theme.scaleNegative, theme.scaleZero),
            ("scale's zero against +limit", theme.scaleZero, theme.scalePositive),
            ("class 1 against class 2", theme.classColor(0), theme.classColor(1)),
            ("class 1 against class 3", theme.classColor(0), theme.classColor(2)),
            ("class 2 against class 3", theme.classColor(1), theme.classColor(2)),
        ]
        for (what, one, two) in pairs {
            #expect(one.contrast(with: two) >= 3, "\(what): \(one.contrast(with: two))")
        }
        let ramp = stride(from: -1.0, through: 1.0, by: 0.05).map { theme.diverging($0, limit: 1).relativeLuminance }
        #expect(zip(ramp, ramp.dropFirst()).allSatisfy { $0 > $1 })
        #expect(theme.patterns && theme.secondSeriesDash == [7, 4])
        #expect(!Theme.light.patterns && Theme.light.secondSeriesDash.isEmpty)
    }
}
