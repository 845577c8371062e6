import Foundation

/// Trained-model files of other frameworks, recognised by their content rather than their extension:
/// a zip archive (Keras's `.keras`), an HDF5 file (a legacy Keras `.h5`, or weights only), an ONNX
/// protobuf, or a safetensors file (weights only).
public enum TrainedModelFile {
    public enum Format: String, Sendable {
        case kerasArchive = "a Keras .keras archive"
        case hdf5 = "an HDF5 file"
        case onnx = "an ONNX model"
        case safetensors = "a safetensors file"
    }

    /// The format of a file starting with `bytes`, or nil for text (nnviz or Keras JSON).
    public static func format(of bytes: [UInt8]) -> Format? {
        if ZipArchive.hasSignature(bytes) { return .kerasArchive }
        if HDF5File.hasSignature(bytes[...]) { return .hdf5 }
        if SafeTensors.hasSignature(bytes) { return .safetensors }
        if ONNXDecoder.hasSignature(bytes) { return .onnx }
        return nil
    }

    /// The model in the file at `path`, or nil when the file is text, for the JSON readers.
    static func load(path: String) throws(ModelFileError) -> Model? {
        guard let head = FileHandle(forReadingAtPath: path).flatMap({ try? $0.read(upToCount: 16) }), let format = format(of: [UInt8](head)) else {
            return nil
        }
        let bytes = try read(path)
        switch format {
        case .kerasArchive:
            return try kerasArchive(bytes, file: path)
        case .hdf5:
            return try HDF5File.read(bytes[...], name: path) { file throws(ModelFileError) in try legacyKeras(file) }
        case .onnx:
            return try ONNXImport.model(bytes, file: path)
        case .safetensors:
            throw ModelFileError(file: path, reason: "holds weights only (safetensors has no architecture): give the architecture as MODEL (nnviz or Keras JSON) and this file with --weights")
        }
    }

    /// `model` with its weights from the file at `path`: a Keras 3 `.weights.h5`, a tf_keras `.h5` or
    /// `.weights.h5`, or a safetensors `state_dict`.
    public static func applyWeights(from path: String, to model: Model) throws(ModelFileError) -> Model {
        let bytes = try read(path)
        switch format(of: bytes) {
        case .hdf5:
            return try HDF5File.read(bytes[...], name: path) { file throws(ModelFileError) in try KerasWeights.apply(file, to: model) }
        case .safetensors:
            return try StateDictWeights.apply(SafeTensors.tensors(bytes, file: path), file: path, to: model)
        case .kerasArchive:
            return try kerasArchiveWeights(ZipArchive(bytes, file: path), model: model)
        case .onnx, nil:
            throw ModelFileError(file: path, reason: "is not a weights file nnviz reads (a Keras .weights.h5 or .h5, a .keras archive, or a safetensors file)")
        }
    }

    static func read(_ path: String) throws(ModelFileError) -> [UInt8] {
        do {
            return try TextFile.readBytes(path)
        } catch {
            throw ModelFileError.unreadable(file: path, reason: error.reason)
        }
    }

    /// A `.keras` archive: `config.json` read as Keras JSON, `model.weights.h5` put into its layers.
    private static func kerasArchive(_ bytes: [UInt8], file: String) throws(ModelFileError) -> Model {
        let archive = try ZipArchive(bytes, file: file)
        guard let config = try archive.member("config.json") else {
            throw ModelFileError(file: file, reason: "is a zip archive without config.json, so not a Keras model")
        }
        let model = try ModelFile.parse(String(decoding: config, as: UTF8.self), file: file + " (config.json)")
        return try kerasArchiveWeights(archive, model: model)
    }

    private static func kerasArchiveWeights(_ archive: ZipArchive, model: Model) throws(ModelFileError) -> Model {
        let file = archive.file
        guard let weights = try archive.member("model.weights.h5") else {
            throw ModelFileError(file: file, reason: "has no model.weights.h5 (a sharded or older archive?); nnviz reads the weights Keras 3 saves with model.save()")
        }
        return try HDF5File.read(weights, name: file + " (model.weights.h5)") { h5 throws(ModelFileError) in try KerasWeights.apply(h5, to: model) }
    }

    /// A legacy Keras `.h5`: the architecture in the root attribute `model_config`, the weights under
    /// `model_weights`.
    private static func legacyKeras(_ file: HDF5File) throws(ModelFileError) -> Model {
        guard let config = file.stringAttribute("model_config") else {
            if file.isGroup("/layers") || file.stringsAttribute("layer_names") != nil {
                throw ModelFileError(file: file.name, reason: "holds weights only (no model_config): give the architecture as MODEL (nnviz or Keras JSON) and this file with --weights")
            }
            throw ModelFileError(file: file.name, reason: "is an HDF5 file without a Keras model (no model_config attribute and no weights)")
        }
        let model = try ModelFile.parse(config, file: file.name + " (model_config)")
        return try KerasWeights.apply(file, to: model)
    }
}

extension ModelFile {
    /// Loads the model at `path` and, when `weights` names a file, puts that file's weights into it.
    public static func load(path: String, weights: String?) throws(ModelFileError) -> Model {
        let model = try load(path: path)
        guard let weights else { return model }
        return try TrainedModelFile.applyWeights(from: weights, to: model)
    }
}
