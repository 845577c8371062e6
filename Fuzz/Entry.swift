import Foundation

/// libFuzzer's entry point for nnviz's readers: NNVIZ_FUZZ_TARGET chooses which reader gets the
/// bytes (json, model, csv, history, zip, hdf5, onnx, safetensors, trained). Every reader must
/// either return or throw its error type; a trap, a crash, a hang or an allocation past libFuzzer's
/// limits is a finding. scripts/fuzz.sh builds this file with NNCore's sources and runs each target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.current.run(bytes)
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    // A model the harness may build is kept small, so that each run takes microseconds.
    setenv("NNVIZ_MAX_PARAMETERS", "100000", 1)
    _ = FuzzTarget.current
    return 0
}

enum FuzzTarget: String, CaseIterable {
    case json, model, csv, history, zip, hdf5, onnx, safetensors, trained

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["NNVIZ_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set NNVIZ_FUZZ_TARGET to one of \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .json: fuzzJSON(bytes)
        case .model: fuzzModel(bytes)
        case .csv: fuzzCSV(bytes)
        case .history: fuzzHistory(bytes)
        case .zip: fuzzZip(bytes)
        case .hdf5: fuzzHDF5(bytes)
        case .onnx: fuzzONNX(bytes)
        case .safetensors: fuzzSafeTensors(bytes)
        case .trained: fuzzTrainedFile(bytes)
        }
    }
}
