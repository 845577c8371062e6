extension Network {
    /// Fails, naming the first layer whose output is not a finite number, when `trace` overflowed
    /// (weights near Float's largest value make inf and NaN that must not be shown as results);
    /// `source` names the input, e.g. "row 3 of data.csv".
    public func checkFinite(_ trace: ForwardTrace, source: String) throws(ModelError) {
        guard let index = trace.layers.firstIndex(where: { !($0.z + $0.a).allSatisfy(\.isFinite) }) else { return }
        throw ModelError("layer '\(Sanitized.quoted(layers[index].name))' overflowed on \(Sanitized.quoted(source)): its outputs are not finite numbers (are its weights too large?)")
    }
}
