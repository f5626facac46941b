namespace AslCompiler.Cli.Tests;

public class ParseCommandTests
{
    [Fact]
    public void Parses_the_sample_and_prints_json()
    {
        var (exitCode, output, error) = CliRunner.Run("parse", CliRunner.RepositoryFile("samples/order-processing.asl.json"));

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("ValidateOrder", document.RootElement.GetProperty("StartAt").GetString());
    }

    [Fact]
    public void Invalid_json_prints_positioned_errors_and_exits_1()
    {
        var path = CliRunner.TempFile("{\n  \"StartAt\": \"A\",\n  \"States\": {},\n}");
        try
        {
            var (exitCode, output, _) = CliRunner.Run("parse", path);

            Assert.Equal(1, exitCode);
            Assert.Contains($"{path}(3,15): error", output, StringComparison.Ordinal);
            Assert.Contains("Trailing comma", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_exits_1_with_a_message()
    {
        var (exitCode, _, error) = CliRunner.Run("parse", "/nonexistent/definition.asl.json");

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot read '/nonexistent/definition.asl.json'", error, StringComparison.Ordinal);
    }
}
