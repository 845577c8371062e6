import Foundation
import Testing

/// The package's root folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fixture file's path.
func fixture(_ name: String) -> String { packageRoot.appendingPathComponent("Fixtures/\(name)").path }

/// What a run of the nnviz binary did.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `nnviz` binary (debug build, made by `swift build --build-tests`) with `arguments`,
/// and `environment` added to this process's.
func nnviz(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> RunResult {
    let binary = packageRoot.appendingPathComponent(".build/debug/nnviz")
    guard FileManager.default.fileExists(atPath: binary.path) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: binary.path])
    }
    // `run` starts /usr/bin/env, which sets NAME=VALUE for the program after it.
    return try run(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [binary.path] + arguments, in: folder)
}

/// Runs a program (found on the PATH unless given as a path) and collects what it printed.
func run(_ command: [String], in folder: URL? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    process.currentDirectoryURL = folder ?? packageRoot
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

/// A new empty folder for one test's output files.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Checks the shape of a user-facing failure: non-zero exit, one line on stderr that mentions `mention`.
func expectCleanFailure(_ result: RunResult, mentioning mention: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status != 0, "expected a non-zero exit", sourceLocation: sourceLocation)
    let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
    #expect(lines.count == 1, "expected one line on stderr, got: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(mention), "stderr should mention \(mention): \(result.stderr)", sourceLocation: sourceLocation)
    #expect(!result.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
}

/// Whether headless Chromium is installed (`make test` installs it; elsewhere the browser checks skip).
let chromiumAvailable = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].contains {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// Opens `page` in headless Chromium through scripts/check-page.py, which fails on console errors,
/// images not shown and a blank screen, and saves a screenshot beside the page.
func checkPageInChromium(_ page: URL, options: [String] = []) throws -> RunResult {
    try run(["python3", packageRoot.appendingPathComponent("scripts/check-page.py").path, page.path,
             "--screenshot", page.deletingPathExtension().path + ".png"] + options)
}

/// How a page lays out in Chromium, from scripts/check-page.py --layout.
struct PageLayout: Decodable {
    struct Image: Decodable {
        var src: String
        var width: Int
        var natural: Int
    }
    struct CaptionCode: Decodable {
        var lineHeight: Double
        var tallest: Double
        var wrapped: Int
        var overlaps: Int
    }
    var viewport: Int
    var pageWidth: Int
    var images: [Image]
    /// Elements that stick out of the page sideways, outside any frame that scrolls.
    var outside: [String]
    var captionCode: CaptionCode
}

/// Lays `page` out in headless Chromium with check-page.py's `options` (`--width`, `--mobile`, …).
func pageLayout(of page: URL, _ options: [String]) throws -> PageLayout {
    let check = try checkPageInChromium(page, options: ["--layout"] + options)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let line = try #require(check.stdout.split(separator: "\n").first { $0.hasPrefix("{") })
    return try JSONDecoder().decode(PageLayout.self, from: Data(line.utf8))
}

/// The commands shown under a report's pictures, from its README.md.
func reportCommands(in report: URL) throws -> [String] {
    let markdown = try String(contentsOf: report.appendingPathComponent("README.md"), encoding: .utf8)
    return markdown.matches(of: /Made with `([^`]*)`\./).map { String($0.output.1) }
}

/// Runs the runnable `commands` (all but the note on training) with nnviz on the PATH, in a new
/// folder of `folder`, and returns that folder.
func remakePictures(_ commands: [String], in folder: URL) throws -> URL {
    let bin = folder.appendingPathComponent("bin")
    let remade = folder.appendingPathComponent("remade")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: remade, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("nnviz"),
                                               withDestinationURL: packageRoot.appendingPathComponent(".build/debug/nnviz"))
    for command in commands where !command.hasPrefix("nnviz train") {
        let result = try run(["bash", "-c", "export PATH=\"\(bin.path):$PATH\"; " + command], in: remade)
        #expect(result.status == 0, "\(command): \(result.stderr)")
    }
    return remade
}
