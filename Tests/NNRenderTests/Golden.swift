import Foundation
import Testing

/// The repository's Fixtures folder, found from this file's path.
let fixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Compares `text` with the golden file Fixtures/`path`. With NNVIZ_RECORD=1 in the environment it
/// writes the file instead and fails, so that a recording run can never pass by accident; run the
/// tests again without it to compare.
func expectGolden(_ text: String, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = fixturesFolder.appendingPathComponent(path)
    if ProcessInfo.processInfo.environment["NNVIZ_RECORD"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded \(url.path); run the tests again without NNVIZ_RECORD=1", sourceLocation: sourceLocation)
        return
    }
    guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden file \(url.path); record it with NNVIZ_RECORD=1", sourceLocation: sourceLocation)
        return
    }
    #expect(text == golden, "\(path) differs from its golden file; if the change is intended, re-record with NNVIZ_RECORD=1",
            sourceLocation: sourceLocation)
}
