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
}
