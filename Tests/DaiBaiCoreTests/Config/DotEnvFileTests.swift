import DaiBaiCore
import Testing

@Suite(".env files")
struct DotEnvFileTests {
    @Test("parses KEY=value lines, export, comments, quotes and escapes")
    func parses() throws {
        let text = """
            # a comment
            OPENAI_API_KEY=sk-abc
            export REGION = westeurope
            QUOTED="line one\\nline \\"two\\""
            SINGLE='kept $as is'
            INLINE=value # comment

            """
        let values = try DotEnvFile.parse(text, source: ".env")
        #expect(values == [
            "OPENAI_API_KEY": "sk-abc",
            "REGION": "westeurope",
            "QUOTED": "line one\nline \"two\"",
            "SINGLE": "kept $as is",
            "INLINE": "value",
        ])
    }

    @Test("a line without = is an error with its line number")
    func rejectsGarbage() {
        #expect(throws: ConfigurationError.unreadableFile(path: ".env", reason: "line 2 is not KEY=value")) {
            try DotEnvFile.parse("A=1\nnot a pair\n", source: ".env")
        }
    }

    @Test("a missing file is empty")
    func missingFile() throws {
        #expect(try DotEnvFile.load(path: "/nonexistent/daibai/.env").isEmpty)
    }
}
