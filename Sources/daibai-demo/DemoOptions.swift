import ArgumentParser

/// Options every subcommand that builds the stack shares.
struct DemoOptions: ParsableArguments {
    @Option(name: .long, help: "A daibai.yaml file to use instead of the search paths.")
    var config: String?

    @Option(name: .long, help: "The directory of local data (overrides storage.directory).")
    var dataDirectory: String?
}
