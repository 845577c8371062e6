// nnviz-bench: the training jobs of the Keras and PyTorch reference scripts, timed in-process.
//
//   nnviz-bench tiny|iris|wide [--data-dir DIR] [--seed N] [--memory] [--digest] [--cpu]
//
// Prints `NAME fit_wall_s=X.XXX final_loss=X.XXXX accuracy=X.XXXX`, where fit_wall_s is the wall time
// of the training loop alone (no start-up, no data loading), as the reference scripts measure fit().
// --seed draws other initial weights and another shuffling (default 0); --memory adds the process's
// peak resident memory on stderr; --digest adds `weights_digest=…`, a hash of the bits of every
// trained value, so that two builds can be shown to train to the same bits; --cpu adds
// `thread_cpu_s=…`, the processor time of the thread that ran the training loop (for tiny and iris
// all of the work; for wide without the other halves of its split products), which moves less
// than the wall time when the machine is busy.
import Foundation
import NNCore

let usage = "usage: nnviz-bench tiny|iris|wide [--data-dir DIR] [--seed N] [--memory] [--digest] [--cpu]"

/// The folder holding tiny_binary.csv and iris.csv: `--data-dir`, else Fixtures/ in or above the
/// current folder, else Fixtures/ of the package this executable was built in.
func defaultDataDirectory() -> String {
    var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    while folder.path != "/" {
        let candidate = folder.appendingPathComponent("Fixtures")
        if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("iris.csv").path) { return candidate.path }
        folder.deleteLastPathComponent()
    }
    // <package>/.build/<triple>/release/nnviz-bench
    var package = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    for _ in 0..<4 { package.deleteLastPathComponent() }
    return package.appendingPathComponent("Fixtures").path
}

/// The peak resident set size of this process in megabytes (VmHWM in /proc/self/status).
func peakResidentMegabytes() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
    return kilobytes / 1024
}

/// The processor time this thread has used, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// FNV-1a over the bit patterns of every learned value, layer by layer.
func weightsDigest(_ network: Network) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for layer in network.layers {
        guard let parameters = layer.parameters else { continue }
        let values: [Float] = switch parameters {
        case let .dense(dense): dense.weights + dense.bias
        case let .batchNormalization(norm): norm.gamma + norm.beta + norm.movingMean + norm.movingVariance
        }
        for value in values {
            hash = (hash ^ UInt64(value.bitPattern)) &* 0x100_0000_01b3
        }
    }
    return hash
}

func run(_ arguments: [String]) throws {
    var jobName: String?
    var dataDirectory: String?
    var seed: UInt64 = 0
    var reportMemory = false
    var reportDigest = false
    var reportCPU = false
    var rest = arguments[...]
    while let argument = rest.popFirst() {
        switch argument {
        case "--data-dir":
            guard let value = rest.popFirst() else { throw BenchError("--data-dir needs a folder\n\(usage)") }
            dataDirectory = value
        case "--seed":
            guard let value = rest.popFirst().flatMap({ UInt64($0) }) else { throw BenchError("--seed needs a whole number\n\(usage)") }
            seed = value
        case "--memory":
            reportMemory = true
        case "--digest":
            reportDigest = true
        case "--cpu":
            reportCPU = true
        case "-h", "--help":
            print(usage)
            return
        default:
            guard jobName == nil, !argument.hasPrefix("-") else { throw BenchError("unexpected argument '\(argument)'\n\(usage)") }
            jobName = argument
        }
    }
    guard let jobName else { throw BenchError("no job given\n\(usage)") }
    guard BenchJob.names.contains(jobName) else {
        throw BenchError("unknown job '\(jobName)': use \(BenchJob.names.joined(separator: ", "))\n\(usage)")
    }
    let job = try BenchJob.make(jobName, dataDirectory: dataDirectory ?? defaultDataDirectory(), seed: seed)

    var network = job.network
    let clock = ContinuousClock()
    let start = clock.now
    let startCPU = threadCPUSeconds()
    let history = try Trainer.train(&network, on: job.examples, loss: job.loss, task: job.task, options: job.options)
    let elapsed = clock.now - start
    let cpu = threadCPUSeconds() - startCPU

    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let loss = history.loss.last ?? .nan
    let accuracy = history.accuracy?.last ?? .nan
    let digest = reportDigest ? " weights_digest=\(String(weightsDigest(network), radix: 16))" : ""
    let cpuTime = reportCPU ? " thread_cpu_s=\(String(format: "%.4f", cpu))" : ""
    print("\(job.name) fit_wall_s=\(String(format: "%.3f", seconds)) final_loss=\(String(format: "%.4f", loss)) accuracy=\(String(format: "%.4f", accuracy))\(digest)\(cpuTime)")
    if reportMemory, let megabytes = peakResidentMegabytes() {
        FileHandle.standardError.write(Data("peak_rss_mb=\(String(format: "%.1f", megabytes))\n".utf8))
    }
}

BLASThreads.configure()
do {
    try run(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("nnviz-bench: \(error)\n".utf8))
    exit(1)
}
