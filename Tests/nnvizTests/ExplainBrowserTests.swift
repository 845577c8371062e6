import Foundation
import Testing

/// Renders an explanation page in headless Chromium: it must load without console errors and show
/// its maths (scripts/check-page.py).
@Suite struct ExplainBrowserTests {
    @Test(.enabled(if: chromiumAvailable, "Chromium is not installed here (make test installs it); the browser check was skipped"))
    func explanationPageRendersInChromium() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("explanation.html")
        let result = try nnviz(["explain", fixture("blog_model.trained.json"), "--input", fixture("tiny_binary.csv"), "--row", "13",
                                "--target", "1", "-o", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        let check = try checkPageInChromium(page)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("0 problem(s)"))
    }

    /// On a 390-pixel phone the page is as wide as the phone: wide equations and value tables scroll
    /// in their own frames (as on the report's page) instead of widening the page, which a phone would
    /// then shrink to fit.
    @Test(.enabled(if: chromiumAvailable, "Chromium is not installed here (make test installs it); the browser check was skipped"))
    func wideMathsScrollInItsOwnFrameOnAPhone() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("explanation.html")
        let result = try nnviz(["explain", fixture("blog_model.trained.json"), "--input", fixture("tiny_binary.csv"), "--row", "13",
                                "--all-updates", "-o", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("<table class=\"equation\">") && html.contains("<table class=\"values\">"))
        let phone = try pageLayout(of: page, ["--width", "390", "--height", "844", "--mobile"])
        #expect(phone.viewport == 390 && phone.pageWidth == 390, "the page is as wide as the phone, not zoomed out")
        #expect(phone.outside.isEmpty, "\(phone.outside) stick out of the page")
        let desk = try pageLayout(of: page, ["--width", "1200"])
        #expect(desk.pageWidth == 1200 && desk.outside.isEmpty, "\(desk.outside)")
    }
}
