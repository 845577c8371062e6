// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nnviz",
    products: [
        .executable(name: "nnviz", targets: ["nnviz"]),
        .library(name: "NNCore", targets: ["NNCore"]),
        .library(name: "NNRender", targets: ["NNRender"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // CBLAS's header only: OpenBLAS is opened on the first large product (Matrix.swift), so no
        // pkg-config, whose flags would link it into every process.
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Graphviz's, Cairo's and fontconfig's headers only: each library is opened when it is first
        // needed (LazyLibrary.swift), so no pkg-config, whose flags would link it into every process.
        .systemLibrary(
            name: "CGraphviz",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .systemLibrary(
            name: "CCairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        // HDF5's headers only: libhdf5 is opened when an HDF5 file is read (HDF5Library.swift), so
        // no pkg-config, whose flags would link it into every process.
        .systemLibrary(
            name: "CHDF5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .systemLibrary(name: "CThreads"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CFontconfig",
            providers: [.apt(["libfontconfig-dev"])]
        ),
        .systemLibrary(
            name: "CGIF",
            pkgConfig: "libgif",
            providers: [.apt(["libgif-dev"])]
        ),
        .target(name: "NNCore", dependencies: ["COpenBLAS", "CHDF5"]),
        .target(name: "NNRender", dependencies: ["NNCore", "CGraphviz", "CCairo", "CZlib", "CThreads", "CFontconfig", "CGIF"]),
        .executableTarget(
            name: "nnviz",
            dependencies: [
                "NNCore", "NNRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and Foundation linked into the release binary: a process then starts
            // without loading and binding their shared libraries. Linked by the toolchain's lld, which
            // packs the binary's 86,000 relative relocations into a compact table (RELR) that the
            // dynamic linker applies faster (docs/performance.md).
            swiftSettings: [.unsafeFlags(["-static-stdlib", "-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                                          .when(configuration: .release))]
        ),
        .executableTarget(name: "nnviz-bench", dependencies: ["NNCore"]),
        .testTarget(name: "NNCoreTests", dependencies: ["NNCore"], resources: []),
        .testTarget(name: "NNRenderTests", dependencies: ["NNRender", "NNCore", "CZlib"]),
        .testTarget(name: "nnvizTests", dependencies: ["NNCore"]),
    ]
)
