import ArgumentParser
import NNCore

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a table of the model's layers, output shapes and parameter counts.",
        discussion: """
            Like Keras's model.summary(). Example:
              nnviz summary Fixtures/blog_model.json
            """
    )

    @OptionGroup var model: ModelArgument

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let summary = ModelSummary(try model.load())
        print(json ? JSONWriter.write(summary.json) : summary.text, terminator: "")
    }
}
