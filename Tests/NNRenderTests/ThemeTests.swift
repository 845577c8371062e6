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
        #expect(theme.diverging(0, limit: 2) == theme.background)
        #expect(theme.diverging(2, limit: 2) == theme.positive)
        #expect(theme.diverging(-5, limit: 2) == theme.negative)
        #expect(theme.diverging(1, limit: 0) == theme.background)
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
}
