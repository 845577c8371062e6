import Foundation

/// A piece of mathematics, independent of how it is written: the explanation renderers turn it into
/// Unicode text, LaTeX (also used inside Markdown) or MathML.
public indirect enum Math: Equatable, Sendable {
    /// A variable, written in italics: x, z, w, η, δ.
    case identifier(String)
    /// A number the core computed, rounded when it is written.
    case number(Double)
    /// A number written exactly as given, such as the learning rate the user chose.
    case literal(String)
    /// An exact whole number: an index or a size.
    case integer(Int)
    /// Upright words, such as a feature or class name.
    case text(String)
    /// An operator or punctuation: = + − · × ← ≈ ∈ ⊙ , ∂ ⋯.
    case op(String)
    /// A function name written upright: max, ln, relu.
    case function(String)
    /// A minus sign in front of an expression.
    case negative(Math)
    case row([Math])
    case sub(Math, Math)
    case sup(Math, Math)
    case subSup(Math, Math, Math)
    case fraction(Math, Math)
    /// An expression in brackets: ( ), [ ] or { }.
    case fenced(Math, open: String, close: String)
    /// Σ (or another big operator) with optional limits.
    case bigOperator(String, under: Math?, over: Math?)
    /// A definition by cases: each value with its condition; a `nil` condition reads "otherwise".
    case cases([MathCase])

    /// Brackets around an expression.
    public static func parens(_ math: Math) -> Math { .fenced(math, open: "(", close: ")") }

    /// A number ready to be a factor: in brackets when it is negative.
    public static func factor(_ value: Double) -> Math { value < 0 ? .parens(.number(value)) : .number(value) }

    /// A value that is exact by definition (a target, a one-hot entry): a whole number when it is one.
    public static func exact(_ value: Double) -> Math {
        if value == value.rounded(), abs(value) < 1e9 { return .integer(Int(value)) }
        return .literal(String(Float(value)))
    }
}

/// One line of a definition by cases.
public struct MathCase: Equatable, Sendable {
    public var value: Math
    public var condition: Math?

    public init(_ value: Math, if condition: Math?) {
        self.value = value
        self.condition = condition
    }
}

/// Text with mathematics in it.
public enum Inline: Equatable, Sendable {
    case text(String)
    case math(Math)
    case strong(String)
}

/// One line of a displayed equation: `left` is aligned to the right, `right` (which starts with the
/// relation, e.g. "= …") to the left, so that several lines line up on their relations.
public struct DisplayRow: Equatable, Sendable {
    public var left: Math
    public var right: Math

    public init(_ left: Math, _ right: Math) {
        self.left = left
        self.right = right
    }
}

/// A table of the explanation: numeric columns are aligned on the right.
public struct ExplanationTable: Equatable, Sendable {
    public struct Column: Equatable, Sendable {
        public var title: [Inline]
        public var numeric: Bool

        public init(_ title: [Inline], numeric: Bool) {
            self.title = title
            self.numeric = numeric
        }
    }

    public var caption: String
    public var columns: [Column]
    public var rows: [[[Inline]]]

    public init(caption: String, columns: [Column], rows: [[[Inline]]]) {
        precondition(rows.allSatisfy { $0.count == columns.count })
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}

/// A block of an explanation's section.
public enum ExplanationBlock: Equatable, Sendable {
    case heading(String)
    case paragraph([Inline])
    case display([DisplayRow])
    case table(ExplanationTable)
}

/// One step of the explanation (input layer, one layer's forward pass, output, loss, …).
public struct ExplanationSection: Equatable, Sendable {
    /// A short identifier for links: `input`, `layer-1`, `loss`, …; the HTML writes it as the id `explain-input`, ….
    public var anchor: String
    public var title: String
    public var blocks: [ExplanationBlock]

    public init(anchor: String, title: String, blocks: [ExplanationBlock]) {
        self.anchor = anchor
        self.title = title
        self.blocks = blocks
    }
}

/// The step-by-step mathematics of one forward (and backward) pass, as plain values: every renderer
/// writes the same content.
public struct Explanation: Equatable, Sendable {
    public var title: String
    public var introduction: [[Inline]]
    public var sections: [ExplanationSection]
    /// The number of significant digits every number is rounded to when written.
    public var precision: Int

    public init(title: String, introduction: [[Inline]], sections: [ExplanationSection], precision: Int) {
        self.title = title
        self.introduction = introduction
        self.sections = sections
        self.precision = precision
    }
}

/// A number rounded to a number of significant digits, in plain or scientific notation.
public struct RoundedNumber: Equatable, Sendable {
    public var negative: Bool
    /// The digits, e.g. "0.6370" or "3.200".
    public var mantissa: String
    /// The power of ten for scientific notation, or `nil` for plain notation.
    public var exponent: Int?

    /// Rounds `value` to `digits` significant digits; plain notation from 0.0001 up to 999999.
    public init(_ value: Double, digits: Int) {
        let digits = max(digits, 1)
        negative = value < 0
        exponent = nil
        guard value.isFinite else {
            mantissa = value.isNaN ? "NaN" : "∞"
            return
        }
        guard value != 0 else {
            negative = false
            mantissa = "0"
            return
        }
        let magnitude = abs(value)
        let scientific = String(format: "%.\(digits - 1)e", magnitude)
        let parts = scientific.split(separator: "e")
        let power = Int(parts[1]) ?? 0
        if power >= -4 && power < 6 {
            mantissa = String(format: "%.\(max(digits - 1 - power, 0))f", magnitude)
        } else {
            mantissa = String(parts[0])
            exponent = power
        }
    }
}
