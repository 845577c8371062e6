import Foundation
import Testing
@testable import NNCore

/// libhdf5 is opened when the first HDF5 file is read: which files are tried, and what a missing or
/// wrong library gives.
@Suite struct HDF5LibraryTests {
    @Test func theEnvironmentNamesTheOnlyFileTried() {
        #expect(HDF5Library.candidates(environment: ["NNVIZ_LIBHDF5": "/opt/hdf5/lib/libhdf5_hl.so"])
            == ["/opt/hdf5/lib/libhdf5_hl.so"])
    }

    /// The development package's names first, then the versioned files beside the C library (where
    /// Debian's libhdf5-hl package puts them), highest version first.
    @Test func theDevelopmentNamesComeBeforeTheVersionedFiles() throws {
        let candidates = HDF5Library.candidates(environment: [:])
        #expect(Array(candidates.prefix(2)) == ["libhdf5_serial_hl.so", "libhdf5_hl.so"])
        let versioned = candidates.dropFirst(2)
        #expect(!versioned.isEmpty, "no libhdf5_hl.so.N beside the C library")
        let versions = try versioned.map { path in
            try #require(path.hasPrefix("/") ? Int(path.split(separator: ".").last ?? "") : nil, "\(path)")
        }
        #expect(versions == versions.sorted(by: >))
    }

    /// Each versioned file is a libhdf5 nnviz can use on its own, without the development package.
    @Test func aVersionedFileOpens() throws {
        let file = try #require(HDF5Library.candidates(environment: [:]).dropFirst(2).first)
        let library = try HDF5Library.open(file).get()
        #expect(library.nativeFloat > 0)
    }

    @Test func aMissingFileSaysWhy() {
        guard case .failure(let missing) = HDF5Library.open("/nonexistent/libhdf5_hl.so") else {
            Issue.record("opened a file that does not exist")
            return
        }
        #expect(missing.reason.contains("/nonexistent/libhdf5_hl.so"))
        #expect(!missing.reason.contains("\n"))
    }

    @Test func aLibraryThatIsNotHDF5SaysWhichFunctionItLacks() {
        guard case .failure(let missing) = HDF5Library.open("libc.so.6") else {
            Issue.record("took the C library for libhdf5")
            return
        }
        #expect(missing.reason == "libc.so.6 has no H5open")
    }
}
