import Foundation

/// Ceilings on the sizes a model file may declare, checked before anything of that size is allocated
/// or multiplied, so that a file cannot make nnviz trap on overflow or run out of memory.
public enum SizeLimits {
    /// The most parameters a model may declare (2³¹): larger models are refused when read.
    public static let declaredParameters = 1 << 31

    /// The most elements in one tensor shape a layer may declare (2³¹).
    public static let shapeElements = 1 << 31

    /// The most parameters nnviz runs or trains: 16,777,216 (64 MB of weights; training holds about
    /// four copies), or NNVIZ_MAX_PARAMETERS.
    public static var runnableParameters: Int {
        if let text = ProcessInfo.processInfo.environment["NNVIZ_MAX_PARAMETERS"], let value = Int(text), value > 0 { return value }
        return 1 << 24
    }

    /// The product of `factors`, or nil when it overflows or passes `ceiling`.
    public static func product(_ factors: [Int], ceiling: Int = declaredParameters) -> Int? {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (product, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow, product <= ceiling else { return nil }
            result = product
        }
        return result
    }

    /// `a + b`, or nil when it overflows or passes `ceiling`.
    public static func sum(_ a: Int, _ b: Int, ceiling: Int = declaredParameters) -> Int? {
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow || total > ceiling ? nil : total
    }

    /// The parameter count of a dense layer, `inputs × units (+ units)`, or nil past the ceiling.
    public static func denseParameters(inputs: Int, units: Int, useBias: Bool) -> Int? {
        product([inputs, units]).flatMap { sum($0, useBias ? units : 0) }
    }
}
