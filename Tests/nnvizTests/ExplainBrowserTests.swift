import Foundation
import Testing

/// Renders an explanation page in headless Chromium, when it is installed: the page must load without
/// console messages and draw something (a blank page compresses to a few kilobytes of PNG).
@Suite struct ExplainBrowserTests {
    static let chromium = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap { name in
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }.first

    @Test func explanationPageRendersInChromium() throws {
        guard let chromium = Self.chromium else {
            print("skipped: Chromium is not installed (apt-get install chromium), so the page was not rendered")
            return
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("explanation.html")
        let result = try nnviz(["explain", fixture("blog_model.trained.json"), "--input", fixture("tiny_binary.csv"), "--row", "13",
                                "--target", "1", "-o", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        let screenshot = folder.appendingPathComponent("explanation.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                             "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                             "--screenshot=\(screenshot.path)", "--window-size=1100,3000", page.absoluteString]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium failed: \(log)")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 60_000, "the screenshot is nearly empty (\(png.count) bytes)")
        let console = log.split(separator: "\n").filter { $0.contains("CONSOLE") }
        #expect(console.isEmpty, "console messages: \(console)")
    }
}
