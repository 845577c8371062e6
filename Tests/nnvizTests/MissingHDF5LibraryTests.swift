import Foundation
import Testing

/// libhdf5 is opened only when an HDF5 file is read: without it, such a file is one line naming it,
/// and every other file reads as before.
@Suite struct MissingHDF5LibraryTests {
    private let missing = ["NNVIZ_LIBHDF5": "/nonexistent/libhdf5_hl.so"]

    @Test(arguments: ["blog.h5", "blog.keras"])
    func anHDF5FileNamesTheFileAndTheLibrary(file: String) throws {
        let path = fixture("import/" + file)
        let result = try nnviz(["summary", path], environment: missing)
        expectCleanFailure(result, mentioning: path)
        #expect(result.stderr.contains("reading HDF5 files needs libhdf5, which could not be opened (/nonexistent/libhdf5_hl.so"))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: ["blog_model.json", "import/blog.onnx"])
    func otherFilesDoNotNeedIt(file: String) throws {
        let result = try nnviz(["summary", fixture(file)], environment: missing)
        #expect(result.status == 0, "\(result.stderr)")
    }
}
