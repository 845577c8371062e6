import Foundation

/// `value` with `digits` digits after the decimal point, for people: `0.9733`.
public func formatted(_ value: Float, digits: Int = 4) -> String {
    String(format: "%.\(digits)f", value)
}

/// `text` quoted for a POSIX shell when it needs quoting, so commands shown can be pasted.
public func shellQuoted(_ text: String) -> String {
    let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./,=:+".contains($0) }
    return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
