import ArgumentParser
import Foundation
import NNRender

extension Theme.Name: ExpressibleByArgument {}

/// The look every picture shares: the colour theme and the size of its text.
struct ThemeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The colours: light, dark, colorblind (blue and orange, safe for red–green colour blindness) or print (greys, with dashed and outlined negatives).",
                               valueName: "theme"),
            transform: { text throws in
                guard let name = Theme.Name(rawValue: text) else {
                    throw ValidationError("unknown theme '\(text)' (expected light, dark, colorblind or print)")
                }
                return name
            })
    var theme: Theme.Name = .light

    @Option(help: "The size of ordinary text (labels, ticks, legends), 6 to 32, in points for diagrams and CSS pixels for charts; titles keep their proportion (default: 11).")
    var fontSize: Double?

    func validate() throws {
        if let fontSize, !Theme.fontSizes.contains(fontSize) {
            throw ValidationError("--font-size must be between 6 and 32 (got \(String(format: "%g", fontSize))).")
        }
    }

    /// The theme the user chose, at the chosen font size.
    var resolved: Theme { Theme.named(theme, fontSize: fontSize ?? Theme.defaultFontSize) }
}
