import Foundation
import Testing

/// The rules of docs/architecture.md, checked against the sources: C modules only through
/// `internal import` in the wrapper files the page names, and arrows that go one way
/// (NNCore ← NNRender ← nnviz).
@Suite struct ArchitectureTests {
    /// Every `.swift` file under Sources/, by its path below Sources/, with its import lines.
    static func imports() throws -> [String: [String]] {
        let sources = packageRoot.appendingPathComponent("Sources")
        var result: [String: [String]] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            result[path] = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.range(of: #"^(@\w+ )?((public|package|internal|fileprivate|private) )?import "#, options: .regularExpression) != nil }
        }
        return result
    }

    /// The C modules and their wrapper files, as the table in docs/architecture.md lists them.
    static func documentedWrappers() throws -> [String: Set<String>] {
        let page = try String(contentsOf: packageRoot.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        var wrappers: [String: Set<String>] = [:]
        for line in page.split(separator: "\n") where line.hasPrefix("| `C") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, cells[2].hasSuffix(".swift`") else { continue }
            let module = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            wrappers[module] = Set(cells[2].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "` ")) })
        }
        return wrappers
    }

    @Test func cModulesAreImportedInternallyAndOnlyInTheirWrappers() throws {
        let wrappers = try Self.documentedWrappers()
        #expect(!wrappers.isEmpty, "docs/architecture.md lists no C modules")
        var found: [String: Set<String>] = [:]
        for (file, lines) in try Self.imports() {
            for line in lines {
                guard let module = line.split(separator: " ").last.map(String.init), module.hasPrefix("C"),
                      module.dropFirst().first?.isUppercase == true else { continue }
                #expect(line == "internal import \(module)", "\(file): '\(line)' should be 'internal import \(module)'")
                found[module, default: []].insert(file)
            }
        }
        #expect(found == wrappers, "the C imports in Sources/ differ from the table in docs/architecture.md")
    }

    @Test(arguments: [
        ("NNCore/", ["NNRender", "ArgumentParser"]),
        ("NNRender/", ["ArgumentParser"]),
        ("nnviz-bench/", ["NNRender", "ArgumentParser"]),
    ])
    func arrowsGoOneWay(folder: String, forbidden: [String]) throws {
        for (file, lines) in try Self.imports() where file.hasPrefix(folder) {
            for line in lines {
                let module = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(!forbidden.contains(module), "\(file) imports \(module), which depends on it")
            }
        }
    }
}
