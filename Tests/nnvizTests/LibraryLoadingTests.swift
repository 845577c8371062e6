import Foundation
import Testing

/// libhdf5, OpenBLAS and Graphviz are opened only when a command needs them: an HDF5 file read, a
/// product large enough for the BLAS, a diagram laid out. Without libhdf5, such a file is one line
/// naming it, and every other file reads as before; without libgvc, so is a diagram.
@Suite struct LibraryLoadingTests {
    private let missing = ["NNVIZ_LIBHDF5": "/nonexistent/libhdf5_hl.so"]

    @Test(arguments: ["blog.h5", "blog.keras"])
    func anHDF5FileWithoutLibHDF5NamesTheFileAndTheLibrary(file: String) throws {
        let path = fixture("import/" + file)
        let result = try nnviz(["summary", path], environment: missing)
        expectCleanFailure(result, mentioning: path)
        #expect(result.stderr.contains("reading HDF5 files needs libhdf5, which could not be opened (/nonexistent/libhdf5_hl.so"))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: ["blog_model.json", "import/blog.onnx"])
    func otherFilesDoNotNeedLibHDF5(file: String) throws {
        let result = try nnviz(["summary", fixture(file)], environment: missing)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The files the dynamic linker opened (glibc's LD_DEBUG=files lists each as `file=NAME`).
    private func librariesOpened(_ arguments: [String]) throws -> [String] {
        let result = try nnviz(arguments, environment: ["LD_DEBUG": "files"])
        #expect(result.status == 0)
        return result.stderr.split(separator: "\n").compactMap { line in
            line.range(of: "file=").map { String(line[$0.upperBound...].prefix { $0 != " " }) }
        }
    }

    @Test func aSummaryOfAJSONModelOpensNeitherLibHDF5NorOpenBLASNorGraphviz() throws {
        let opened = try librariesOpened(["summary", fixture("blog_model.json")])
        #expect(opened.contains { $0.hasPrefix("libc.so") }, "LD_DEBUG listed no libraries: \(opened)")
        #expect(!opened.contains { $0.contains("libhdf5") || $0.contains("openblas") }, "\(opened)")
        #expect(!opened.contains { $0.contains("libgvc") || $0.contains("libcgraph") }, "\(opened)")
    }

    @Test func aDiagramOpensGraphviz() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let opened = try librariesOpened(["diagram", fixture("blog_model.json"), "-o", folder.appendingPathComponent("d.svg").path])
        #expect(opened.contains { $0.contains("libgvc.so") }, "\(opened)")
        #expect(opened.contains { $0.contains("libcgraph.so") }, "\(opened)")
    }

    @Test(arguments: ["d.png", "d.svg", "d.pdf"])
    func aDiagramWithoutLibGVCNamesThePictureAndTheLibrary(name: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent(name).path
        let result = try nnviz(["diagram", fixture("blog_model.json"), "-o", output],
                               environment: ["NNVIZ_LIBGVC": "/nonexistent/libgvc.so.6"])
        expectCleanFailure(result, mentioning: output)
        #expect(result.stderr.contains("drawing diagrams needs libgvc.so.6, which could not be opened (/nonexistent/libgvc.so.6"))
        #expect(result.stderr.contains("on Debian it is in libgvc6)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aSummaryDoesNotNeedLibGVC() throws {
        let result = try nnviz(["summary", fixture("blog_model.json")], environment: ["NNVIZ_LIBGVC": "/nonexistent/libgvc.so.6"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func anHDF5ModelOpensLibHDF5() throws {
        let opened = try librariesOpened(["summary", fixture("import/blog.h5")])
        #expect(opened.contains { $0.contains("libhdf5") && $0.contains("_hl") }, "\(opened)")
    }
}
