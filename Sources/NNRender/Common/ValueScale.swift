/// Whether values are drawn on each layer's own scale or on one scale for the whole network: the
/// neuron view's fills and edge widths, and the activation chart's y axes.
public enum ValueScale: String, CaseIterable, Sendable {
    case layer, network
}
