import Foundation
import Testing

/// libhdf5, OpenBLAS, Graphviz, Cairo and fontconfig are opened only when a command needs them: an
/// HDF5 file read, a product large enough for the BLAS, a diagram laid out, a chart drawn. Without
/// libhdf5, such a file is one line naming it, and every other file reads as before; without libgvc
/// or libcairo, so is a diagram or a chart.
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

    @Test(arguments: [["summary", fixture("blog_model.json")], ["--help"]])
    func aSummaryOpensNoDrawingLibrary(arguments: [String]) throws {
        let opened = try librariesOpened(arguments)
        #expect(opened.contains { $0.hasPrefix("libc.so") }, "LD_DEBUG listed no libraries: \(opened)")
        #expect(!opened.contains { $0.contains("libhdf5") || $0.contains("openblas") }, "\(opened)")
        for library in ["libgvc", "libcgraph", "libcairo", "libfontconfig", "libfreetype", "libX11", "libpixman"] {
            #expect(!opened.contains { $0.contains(library) }, "\(library) in \(opened)")
        }
    }

    @Test func aDiagramOpensGraphvizAndFontconfig() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let opened = try librariesOpened(["diagram", fixture("blog_model.json"), "-o", folder.appendingPathComponent("d.svg").path])
        for library in ["libgvc.so", "libcgraph.so", "libfontconfig.so"] {
            #expect(opened.contains { $0.contains(library) }, "no \(library) in \(opened)")
        }
    }

    @Test func aChartOpensCairo() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let opened = try librariesOpened(["activations", fixture("blog_model.json"), "--input", "0.5,0.1,0.9,0.3",
                                          "-o", folder.appendingPathComponent("a.png").path])
        #expect(opened.contains { $0.contains("libcairo.so") }, "\(opened)")
        #expect(!opened.contains { $0.contains("libgvc") }, "\(opened)")
    }

    @Test(arguments: ["a.png", "a.svg", "a.pdf"])
    func aChartWithoutLibCairoNamesTheLibrary(name: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try nnviz(["activations", fixture("blog_model.json"), "--input", "0.5,0.1,0.9,0.3",
                                "-o", folder.appendingPathComponent(name).path],
                               environment: ["NNVIZ_LIBCAIRO": "/nonexistent/libcairo.so.2"])
        expectCleanFailure(result, mentioning: "drawing needs libcairo.so.2, which could not be opened (/nonexistent/libcairo.so.2")
        #expect(result.stderr.contains("on Debian it is in libcairo2)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
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
