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
}
