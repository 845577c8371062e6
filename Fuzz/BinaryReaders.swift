import Foundation

/// A zip archive (Keras's .keras), and the member nnviz looks for.
func fuzzZip(_ bytes: [UInt8]) {
    guard let archive = try? ZipArchive(bytes, file: "fuzz.keras") else { return }
    _ = try? archive.member("config.json")
    _ = try? archive.member("model.weights.h5")
}

/// An HDF5 file image, opened through libhdf5 and read as Keras weights for a small model.
func fuzzHDF5(_ bytes: [UInt8]) {
    _ = try? HDF5File.read(bytes, name: "fuzz.h5") { file throws(ModelFileError) in try KerasWeights.apply(file, to: fuzzModelForWeights) }
}

/// An ONNX protobuf, decoded and imported.
func fuzzONNX(_ bytes: [UInt8]) {
    _ = try? ONNXImport.model(bytes, file: fuzzFolder + "/fuzz.onnx")
}

/// A safetensors file, read and applied to a small model as a PyTorch state_dict.
func fuzzSafeTensors(_ bytes: [UInt8]) {
    guard let tensors = try? SafeTensors.tensors(bytes, file: "fuzz.safetensors") else { return }
    _ = try? StateDictWeights.apply(tensors, file: "fuzz.safetensors", to: fuzzModelForWeights)
}

/// Any file given as MODEL, through the same path as the commands: written to disk, then loaded.
func fuzzTrainedFile(_ bytes: [UInt8]) {
    let path = fuzzFolder + "/model"
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
    _ = try? ModelFile.load(path: path)
}

/// The blog's 4-8-1 model, which weight files are applied to.
let fuzzModelForWeights = Model(inputSize: 4, layers: [(units: 8, activation: .relu), (units: 1, activation: .sigmoid)])

/// An empty folder of this process, where file-based targets write (ONNX looks for external data beside its file).
let fuzzFolder: String = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-fuzz-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}()
