import Foundation
import Testing

/// A model whose names carry Markdown, LaTeX and CSV syntax, control characters and line breaks gives
/// documents with the same structure as its plain-named twin: names are escaped, never obeyed.
@Suite struct HostileNameTests {
    static let hostile = "a|b\\n# c\\u001b[31m$x$ \\\\end{document} %{}_&,\\\"q"

    func workspace() throws -> URL {
        let folder = try temporaryFolder()
        let text = try String(contentsOfFile: fixture("blog_model.trained.json"), encoding: .utf8)
        try text.write(to: folder.appendingPathComponent("plain.json"), atomically: true, encoding: .utf8)
        var hostile = text
        for name in ["dense_1", "dense_2", "dense"] {
            hostile = hostile.replacingOccurrences(of: "\"name\": \"\(name)\"", with: "\"name\": \"\(name)\(Self.hostile)\"")
        }
        hostile = hostile.replacingOccurrences(of: "\"classes\": [\"0\", \"1\"]", with: "\"classes\": [\"0\(Self.hostile)\", \"1\(Self.hostile)\"]")
        #expect(hostile != text)
        try hostile.write(to: folder.appendingPathComponent("hostile.json"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The shape of a document: per line, its first character and how many unescaped `|`, `#`, `{`,
    /// `}`, `$` and `,` it has.
    func structure(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var counts: [Character: Int] = [:]
            var escaped = false
            for character in line {
                if !escaped, "|#{}$,".contains(character) { counts[character, default: 0] += 1 }
                escaped = !escaped && character == "\\"
            }
            return String(line.prefix(1)) + counts.sorted { $0.key < $1.key }.map { "\($0.key)\($0.value)" }.joined()
        }
    }

    @Test(arguments: ["markdown", "latex", "text"])
    func explanationsKeepTheirStructure(_ format: String) throws {
        let folder = try workspace()
        var outputs: [String] = []
        for model in ["plain.json", "hostile.json"] {
            let result = try nnviz(["explain", model, "--input", "1,2,3,4", "--format", format], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(result.stdout)
        }
        #expect(!outputs[1].unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control characters in the \(format) output")
        // Plain text wraps by length, so only its characters are compared, not its lines.
        guard format != "text" else { return }
        let plain = structure(outputs[0])
        let hostile = structure(outputs[1])
        #expect(plain.count == hostile.count, "\(format): \(plain.count) lines plain, \(hostile.count) hostile")
        #expect(plain.filter { $0.hasPrefix("#") || $0.hasPrefix("\\") }.count == hostile.filter { $0.hasPrefix("#") || $0.hasPrefix("\\") }.count)
    }

    @Test func predictionsKeepTheirColumns() throws {
        let folder = try workspace()
        var shapes: [[Int]] = []
        for model in ["plain.json", "hostile.json"] {
            let result = try nnviz(["predict", model, "--input", "1,2,3,4"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            // Records and fields as RFC 4180 reads them: a quoted field may hold commas and line breaks.
            var records: [Int] = []
            var fields = 1
            var quoted = false
            for character in result.stdout {
                if character == "\"" {
                    quoted.toggle()
                } else if !quoted, character == "," {
                    fields += 1
                } else if !quoted, character == "\n" {
                    records.append(fields)
                    fields = 1
                }
            }
            shapes.append(records)
        }
        #expect(shapes[0] == shapes[1])
    }
}
