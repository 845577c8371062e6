import NNCore
import Testing
@testable import NNRender

@Suite struct ReportPageTests {
    @Test(arguments: [
        // Graphviz writes points (4/3 of a pixel), Cairo pixels.
        ("<svg width=\"188pt\" height=\"497pt\"\n viewBox=\"0.00 0.00 187.80 496.80\">", 251, 663),
        ("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1020px\" height=\"400px\" viewBox=\"0 0 1020 400\">", 1020, 400),
        ("<svg width=\"720\" height=\"360\">", 720, 360),
    ])
    func naturalSizeOfAnSVG(text: String, width: Int, height: Int) throws {
        let size = try #require(ReportFigure.naturalSize(ofSVG: text))
        #expect(size.width == width && size.height == height)
    }

    @Test(arguments: ["<svg width=\"50%\" height=\"10pt\">", "<svg height=\"10pt\">", "<svg width=\"0pt\" height=\"1pt\">", "no picture"])
    func unknownSizes(text: String) {
        #expect(ReportFigure.naturalSize(ofSVG: text) == nil)
    }

    /// A picture is shown at its own size, shrunk to the column, but never below 80 % of it.
    @Test func picturesKeepAReadableLeastWidth() {
        let page = ReportPage(title: "t", summary: ModelSummary(Model(inputSize: 2, layers: [(1, .sigmoid)])), facts: [], figures: [],
                              explanation: nil)
        let wide = ReportFigure(file: "a.svg", title: "A", alt: "a", command: "c", width: 1020, height: 400)
        #expect(page.sizeAttributes(wide) == " width=\"1020\" height=\"400\" style=\"width: 1020px; min-width: 816px\"")
        #expect(page.sizeAttributes(ReportFigure(file: "b.svg", title: "B", alt: "b", command: "c")) == "")
        #expect(page.html().contains("<div class=\"scroll\"><table class=\"summary\">"))
    }

    /// The page follows its pictures' theme, with its background: text at least 7:1 on the background
    /// and on the code and table fills, captions and the maths' subheadings at least 4.5:1 (WCAG AAA
    /// and AA); the colour-blind theme keeps the light page.
    @Test(arguments: [(Theme.Name.light, PageColors.light), (.colorblind, .light), (.dark, .dark), (.print, .print)])
    func pageColorsFollowTheTheme(theme: Theme.Name, colors: PageColors) {
        #expect(PageColors.of(theme) == colors)
        #expect(colors.background == Theme.named(theme).background)
        #expect(colors.text.contrast(with: colors.background) >= 7 && colors.text.contrast(with: colors.fill) >= 7)
        #expect(colors.muted.contrast(with: colors.background) >= 4.5 && colors.muted.contrast(with: colors.fill) >= 4.5)
        #expect(colors.subheading.contrast(with: colors.background) >= 4.5)
    }

    /// The print page names greys alone, the maths' stylesheet included; the dark page is dark.
    @Test func thePrintPageIsGreyAndTheDarkPageDark() {
        func page(_ colors: PageColors) -> String {
            ReportPage(title: "t", summary: ModelSummary(Model(inputSize: 2, layers: [(1, .sigmoid)])), facts: [], figures: [],
                       explanation: nil, colors: colors).html()
        }
        let grey = page(.print)
        let colors = grey.matches(of: /#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})\b/).map { [$0.output.1, $0.output.2, $0.output.3] }
        #expect(colors.count >= 10)
        #expect(colors.allSatisfy { $0[0] == $0[1] && $0[1] == $0[2] }, "\(colors)")
        let dark = page(.dark)
        #expect(dark.contains("body { font-family: \"DejaVu Sans\", system-ui, sans-serif; color: #e6edf3; background: #0d1117;"))
        #expect(dark.contains(":root { color-scheme: dark; }"))
        #expect(dark.contains(".nnviz-explanation { font-family: \"DejaVu Sans\", system-ui, sans-serif; line-height: 1.5; color: #e6edf3;"))
        #expect(!dark.contains("#1f2328") && !dark.contains("#ffffff"))
    }

    /// Left to right while that fits the 976-pixel column at 80 % or more, so up to 1,220 pixels.
    @Test(arguments: [(987, true), (1220, true), (1221, false), (4000, false)])
    func layerDiagramRunsAcrossWhenItFits(width: Int, across: Bool) {
        #expect(ModelReport.layersRunAcross(width: width) == across)
    }

    /// One rule for every number nnviz computed on the page: three significant digits.
    @Test(arguments: [(Float(0.084015), "0.084"), (0.12349, "0.123"), (0.94, "0.94"), (-2.1634, "\u{2212}2.16"), (1234.4, "1234"), (0, "0")])
    func numbers(value: Float, expected: String) {
        #expect(ReportPage.number(value) == expected)
    }
}
