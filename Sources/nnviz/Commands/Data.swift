import ArgumentParser
import NNCore

extension ToyData.Kind: ExpressibleByArgument {}

struct ToyDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Write one of the toy data sets people teach with as CSV: circle, xor, gauss, spiral or moons.",
        discussion: """
            Two features (x1, x2, within about ±6) and a class (0 or 1) per row, with a header \
            row. The same kind, rows, noise and seed always give the same file. Example:
              nnviz data spiral --rows 400 --noise 0.05 --seed 1 -o spiral.csv
            """
    )

    @Argument(help: "The data set: circle, xor, gauss, spiral or moons.")
    var kind: ToyData.Kind

    @Option(help: "The number of rows (points), half of each class.")
    var rows: Int = 400

    @Option(help: "The standard deviation of the Gaussian noise added to each coordinate, as a fraction of the data's radius (5).")
    var noise: Double = 0.05

    @Option(help: "The seed for the random points; the same seed gives the same file.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "The CSV file to write, or - for standard output.")
    var output: String = "data.csv"

    func validate() throws {
        guard (1...1_000_000).contains(rows) else { throw ValidationError("--rows must be between 1 and 1000000 (got \(rows)).") }
        guard noise >= 0, noise <= 10 else { throw ValidationError("--noise must be between 0 and 10 (got \(noise)).") }
    }

    func run() throws {
        try checkOutputs([output], inputs: [])
        let data = ToyData(kind, rows: rows, noise: noise, seed: seed)
        try writeOutput(data.csv, to: output)
        if output != "-" { print("wrote \(output): \(rows) rows of \(kind.rawValue), noise \(noise), seed \(seed)") }
    }
}
